"""The VS Code extension: its manifest, and the few lines of JavaScript that start `jianguan lsp`."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import PROJECT, TESTS

EXTENSION = PROJECT / "editors" / "vscode"
MANIFEST = json.loads((EXTENSION / "package.json").read_text(encoding="utf-8"))
NODE = shutil.which("node")
needs_node = pytest.mark.skipif(NODE is None, reason="需要 Node.js 才能运行 VS Code 扩展的 JavaScript")


def run_extension(configured: list[str] | None = None) -> dict:
    command = [NODE, str(TESTS / "editors" / "vscode_stubs.js"), str(EXTENSION / "extension.js")]
    result = subprocess.run(command + ([json.dumps(configured)] if configured else []),
                            capture_output=True, text=True, timeout=60, check=True)
    return json.loads(result.stdout)


def test_the_manifest_starts_on_yaml_and_names_its_files():
    assert (EXTENSION / MANIFEST["main"]).is_file()
    assert "onLanguage:yaml" in MANIFEST["activationEvents"]
    assert MANIFEST["dependencies"]["vscode-languageclient"].startswith("^9")
    assert MANIFEST["engines"]["vscode"] == "^1.82.0"  # what vscode-languageclient 9 needs
    setting = MANIFEST["contributes"]["configuration"]["properties"]["jianguan.command"]
    assert setting["default"] == ["jianguan", "lsp"]
    lock = json.loads((EXTENSION / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"][""]["dependencies"] == MANIFEST["dependencies"]


@needs_node
def test_the_extension_starts_jianguan_lsp_for_yaml_files():
    seen = run_extension()
    assert seen["id"] == "jianguan" and seen["section"] == "jianguan"
    assert seen["serverOptions"] == {"command": "jianguan", "args": ["lsp"]}
    assert seen["clientOptions"]["documentSelector"] == [{"scheme": "file", "language": "yaml"}]
    assert seen["clientOptions"]["synchronize"]["fileEvents"] == {"pattern": "**/{jianguan.toml,catalog.yaml}"}
    assert (seen["started"], seen["stopped"]) == (1, 1)


@needs_node
def test_the_command_can_be_set():
    seen = run_extension(["/opt/venv/bin/jianguan", "lsp", "--stdio"])
    assert seen["serverOptions"] == {"command": "/opt/venv/bin/jianguan", "args": ["lsp", "--stdio"]}
