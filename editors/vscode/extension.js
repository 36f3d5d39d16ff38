"use strict";
// Starts `jianguan lsp` for YAML files; the server itself decides which ones are measures
// or the catalogue (the rest get nothing), and reads jianguan.toml from the repository.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate() {
  const [command, ...args] = vscode.workspace.getConfiguration("jianguan").get("command", ["jianguan", "lsp"]);
  client = new LanguageClient("jianguan", "jianguan 监管办法检查", { command, args }, {
    documentSelector: [{ scheme: "file", language: "yaml" }],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/{jianguan.toml,catalog.yaml}") },
  });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
