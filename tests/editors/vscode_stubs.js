// Runs editors/vscode/extension.js against stand-ins for the `vscode` and `vscode-languageclient`
// modules and prints what it asked for: the command started, the documents and files it watches.
"use strict";
const Module = require("module");
const [extensionPath, configured] = process.argv.slice(2);
const seen = { started: 0, stopped: 0 };

const vscode = {
  workspace: {
    getConfiguration(section) {
      seen.section = section;
      return { get: (key, fallback) => (configured ? JSON.parse(configured) : fallback) };
    },
    createFileSystemWatcher(pattern) {
      return { pattern };
    },
  },
};

class LanguageClient {
  constructor(id, name, serverOptions, clientOptions) {
    Object.assign(seen, { id, name, serverOptions, clientOptions });
  }
  start() { seen.started += 1; return Promise.resolve(); }
  stop() { seen.stopped += 1; return Promise.resolve(); }
}

const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === "vscode") return vscode;
  if (request === "vscode-languageclient/node") return { LanguageClient };
  return load.call(this, request, ...rest);
};

const extension = require(extensionPath);
Promise.resolve(extension.activate({ subscriptions: [] }))
  .then(() => extension.deactivate())
  .then(() => process.stdout.write(JSON.stringify(seen)));
