"""The schemas in VS Code's YAML extension: the real yaml-language-server (pinned in tests/editor) reads schemas/.

A clerk without `jianguan lsp` still gets help from the schemas alone: Chinese hovers with each key's own
title and Chinese messages for every mistake the schema catches, never a raw regular expression.
"""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import pytest_asyncio
from lsprotocol import types
from pytest_lsp import ClientServerConfig, client_capabilities

from conftest import PROJECT, TESTS, copy_demo
from lsp_support import make_client, until

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="module")]
EDITOR = TESTS / "editor"
SERVER = EDITOR / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
MEASURE_SCHEMA = json.loads((PROJECT / "schemas" / "measure.schema.json").read_text(encoding="utf-8"))
ACTIONS = MEASURE_SCHEMA["properties"]["actions"]["properties"]

# (the demo line, what the clerk typed instead, words the editor's message must contain)
MISTAKES = [
    ("  code: QLH-MZ-004", "  code: QLH MZ 004", "事项编码只能由英文字母、数字"),
    ("responsible_unit: 区民政局社会事务科", 'responsible_unit: " "', "不能为空"),
    ("  - topic: 目录编制", "  - topic: 目录编写", "「监管要点」只能从以下选择"),
    ("  submitted: 2017-05-22", "  submitted: 2017年5月22日", "日期写作 年-月-日"),
    ("    - http://www.qilihe.gov.cn/", "    - ftp://www.qilihe.gov.cn/", "网址须以 http:// 或 https:// 开头"),
    ("objects:", "objcts:", "不能写别的键"),
]


def yaml_language_server() -> Path:
    """The pinned server, installed by `.ci/run` (or here) with `npm ci`; skips with the reason when it cannot be."""
    if shutil.which("node") is None:
        pytest.skip("需要 Node.js 才能运行 yaml-language-server（VS Code 的 YAML 扩展所用的语言服务器）")
    if not SERVER.exists():
        if shutil.which("npm") is None:
            pytest.skip("需要 npm 才能安装 yaml-language-server（tests/editor/package.json）")
        done = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=EDITOR, capture_output=True,
                              text=True, timeout=600)
        if done.returncode != 0:
            pytest.skip(f"npm ci 未能安装 yaml-language-server：{done.stderr.strip()[-400:]}")
    return SERVER


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def vscode_yaml(tmp_path_factory):
    """yaml-language-server over stdio, configured as VS Code's YAML extension is: measures/ → the schema."""
    server = yaml_language_server()
    repo = copy_demo(tmp_path_factory.mktemp("district"))
    shutil.copytree(PROJECT / "schemas", repo / "schemas")
    client = await ClientServerConfig(["node", str(server), "--stdio"], client_factory=make_client).start()
    client.set_configuration({"yaml": {
        "schemas": {(repo / "schemas" / "measure.schema.json").as_uri(): "measures/**/*.yaml"},
        "validate": True, "hover": True, "completion": True, "schemaStore": {"enable": False}}})
    # an English editor: the Chinese must come from the schema, not from the server's translations
    await client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"), root_uri=repo.as_uri(), locale="en",
        workspace_folders=[types.WorkspaceFolder(repo.as_uri(), repo.name)]))
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    client.repo = repo
    yield client
    await client.shutdown_session()
    await client.stop()


async def opened(client, path: Path, text: str, settled=lambda diagnostics: True) -> list[types.Diagnostic]:
    """Open `path` with `text` and return the diagnostics the server publishes for it."""
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "yaml", 1, text)))
    await until(lambda: uri in client.diagnostics and settled(client.diagnostics[uri]), timeout=30)
    return list(client.diagnostics[uri])


async def hover_text(client, path: Path, line: int, character: int) -> str:
    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(path.as_uri()), types.Position(line, character)))
    return hover.contents.value if hover else ""


def broken_measure() -> str:
    """The demo measure as a typist breaks it, without the `$schema` comment (the settings map it)."""
    text = (PROJECT / "measures" / "mz" / "QLH-MZ-004.yaml").read_text(encoding="utf-8").split("\n", 1)[1]
    for demo, typed, _ in MISTAKES:
        assert text.count(demo) >= 1, demo
        text = text.replace(demo, typed, 1)
    return text


def raw_patterns() -> set[str]:
    found = set()
    for name in ("measure", "catalog"):
        found |= set(re.findall(r'"pattern": "((?:[^"\\]|\\.)*)"',
                                (PROJECT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")))
    return {json.loads(f'"{p}"') for p in found}


async def test_hover_on_every_action_key_shows_its_own_title(vscode_yaml):
    path = vscode_yaml.repo / "measures" / "mz" / "QLH-MZ-004.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    await opened(vscode_yaml, path, "\n".join(lines))
    for key, node in ACTIONS.items():
        number = next(n for n, line in enumerate(lines) if line.startswith(f"  {key}:"))
        text = await hover_text(vscode_yaml, path, number, 4)
        assert text.startswith(f"#### {node['title']}\n"), (key, text)
        assert node["description"] in text and "文字" not in text.split("\n")[0]


async def test_every_demo_measure_is_clean_in_the_editor(vscode_yaml):
    measures = sorted((vscode_yaml.repo / "measures").rglob("*.yaml"))
    assert len(measures) >= 40
    for path in measures:
        text = path.read_text(encoding="utf-8")
        assert await opened(vscode_yaml, path, text) == [], path
    # the schema was applied to them: the hover needs it, and nothing was published late
    daily = next(n for n, line in enumerate(text.split("\n")) if line.startswith("  daily:"))
    assert (await hover_text(vscode_yaml, path, daily, 4)).startswith("#### 日常监管")
    await asyncio.sleep(0.5)
    assert not any(vscode_yaml.diagnostics[p.as_uri()] for p in measures)


async def test_a_broken_measure_gets_chinese_messages_on_the_lines_of_the_mistakes(vscode_yaml):
    path = vscode_yaml.repo / "measures" / "mz" / "QLH-MZ-099.yaml"
    text = broken_measure()
    path.write_text(text, encoding="utf-8")
    found = await opened(vscode_yaml, path, text, settled=lambda diagnostics: len(diagnostics) >= len(MISTAKES))
    lines = text.split("\n")
    for _, typed, words in MISTAKES:
        number = lines.index(typed) if typed in lines else next(n for n, l in enumerate(lines) if l.startswith(typed))
        assert any(d.range.start.line == number and words in d.message for d in found), (typed, found)
    patterns = raw_patterns()
    assert "\\S" in patterns and len(patterns) >= 4
    for diagnostic in found:
        assert re.search("[\u4e00-\u9fff]", diagnostic.message), diagnostic.message
        assert not any(pattern in diagnostic.message for pattern in patterns), diagnostic.message
        assert "pattern" not in diagnostic.message.lower() and "文字" not in diagnostic.source



async def test_the_whole_document_snippet_includes_the_choices(vscode_yaml):
    # a property without `type` is left out of the snippet that fills a new file
    path = vscode_yaml.repo / "measures" / "mz" / "QLH-MZ-098.yaml"
    await opened(vscode_yaml, path, "")
    completion = await vscode_yaml.text_document_completion_async(
        types.CompletionParams(types.TextDocumentIdentifier(path.as_uri()), types.Position(0, 0)))
    snippet = next(item for item in completion.items if item.label == MEASURE_SCHEMA["title"])
    text = snippet.insert_text or snippet.text_edit.new_text
    for key in ("topic:", "status:", "methods:", "daily:", "major_case:"):
        assert key in text, key
