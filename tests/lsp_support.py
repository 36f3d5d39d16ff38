"""Shared by the language-server tests: broken variants of demo measures, applying edits, an LSP client."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from conftest import PROJECT
from jianguan_cli.lsp.positions import UTF16, from_client, split_lines


@dataclass(frozen=True)
class Variant:
    """A demo measure with the mistakes a clerk makes, and the rules that must report them."""

    name: str
    source: str                    # the demo file, relative to the project
    replacements: tuple = ()       # (pattern, replacement) regular expressions, each applied once
    expected: frozenset = field(default_factory=frozenset)
    prefix: str = ""
    target: str | None = None      # where the file is saved, when not at `source`
    newline: str = "\n"

    @property
    def path(self) -> str:
        return self.target or self.source

    def text(self) -> str:
        text = (PROJECT / self.source).read_text(encoding="utf-8")
        for pattern, replacement in self.replacements:
            text, count = re.subn(pattern, replacement, text, count=1, flags=re.M)
            assert count == 1, f"{self.name}: {pattern!r} not found in {self.source}"
        return self.prefix + text.replace("\n", self.newline)


MZ4 = "measures/mz/QLH-MZ-004.yaml"
WJ6 = "measures/wj/QLH-WJ-006.yaml"
NO_TOPIC = (r"^  - topic: 目录编制\n    text: .*\n", "")

VARIANTS = [
    Variant("全角冒号和缺少要点", MZ4, (("^  daily: ", "  daily："), NO_TOPIC), frozenset({"Y103", "M401"})),
    Variant("要点所在键的全角冒号", MZ4, (("^content:$", "content："), NO_TOPIC), frozenset({"Y103", "M401"})),
    Variant("冒号后缺少空格", MZ4, (("^responsible_unit: ", "responsible_unit:"),), frozenset({"Y103"})),
    Variant("冒号后全角空格", MZ4, (("^responsible_unit: ", "responsible_unit:\u3000"),), frozenset({"Y104"})),
    Variant("全角空格缩进", MZ4, (("^  name: ", "\u3000name: "),), frozenset({"Y104"})),
    Variant("Tab 缩进", MZ4, (("^  code: ", "\tcode: "),), frozenset({"Y105"})),
    Variant("不换行空格缩进", MZ4, (("^  name: ", "\u00a0\u00a0name: "),), frozenset({"Y104"})),
    Variant("键名中看不见的字符", MZ4, (("^  cycle: ", "  cy\u200bcle: "),), frozenset({"Y112"})),
    Variant("中文键名和全角冒号", MZ4, (("^objects:", "监管对象："),), frozenset({"Y103"})),
    Variant("拼错的键", MZ4, (("^objects:", "objcts:"),), frozenset({"S203"})),
    Variant("中文键名", MZ4, (("^objects:", "监管对象:"),), frozenset({"S203"})),
    Variant("缺少一部分", MZ4, ((r"^requirements:\n(  - .*\n)+", ""),), frozenset({"S202"})),
    Variant("缺少下一级的项", MZ4, ((r"^  cycle: .*\n", ""),), frozenset({"S202"})),
    Variant("缺少协同监管", WJ6, ((r"^collaboration:\n(  .*\n)+", ""),), frozenset({"M405"})),
    Variant("以 @ 开头的值", MZ4, (("^responsible_unit: ", "responsible_unit: @"),), frozenset({"Y101"})),
    Variant("以 [ 开头的值", MZ4, (("^responsible_unit: ", "responsible_unit: [注]"),), frozenset({"Y101"})),
    Variant("读成列表的值", MZ4, (("^responsible_unit: .*$", "responsible_unit: [区民政局]"),), frozenset({"S201"})),
    Variant("不在范围内的监管方式", MZ4, (("^  - 书面检查$", "  - 书面检察"),), frozenset({"S204"})),
    Variant("文号括号", MZ4, (("七民发〔2017〕35号", "七民发[2017]035号"),), frozenset({"R504"})),
    Variant("占位符和扩展汉字", MZ4, (("^responsible_unit: .*$", "responsible_unit: 𠀀𠀁社会事务科待填写"),),
            frozenset({"T601"})),
    Variant("格式错误", MZ4, (("^methods:$", "methods: ["),), frozenset({"Y101"})),
    Variant("空文件", MZ4, ((r"(?s)\A.*\Z", ""),), frozenset({"Y107"})),
    Variant("放错文件夹", MZ4, (), frozenset({"C303"}), target="measures/fg/QLH-MZ-004.yaml"),
    Variant("Windows 换行", MZ4, (("^  daily: ", "  daily："),), frozenset({"Y103"}), newline="\r\n"),
    Variant("BOM 和第一行的全角冒号", MZ4, ((r"\A# yaml-language-server: .*\n", ""), ("^schema_version: ", "schema_version：")),
            frozenset({"Y103"}), prefix="\ufeff"),
]


def variant(name: str) -> Variant:
    return next(v for v in VARIANTS if v.name == name)


def apply_edits(text: str, edits, encoding: str = UTF16) -> str:
    """`text` after the protocol's TextEdits (given against `text`, applied from the last one)."""
    lines = split_lines(text)
    offsets = [0]
    for line in re.split(r"(?<=\r\n)|(?<=\n)|(?<=\r)(?!\n)", text)[:-1]:
        offsets.append(offsets[-1] + len(line))

    def offset(position) -> int:
        number = min(position.line, len(lines) - 1)
        return offsets[number] + from_client(lines[number], position.character, encoding)

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[:offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end):]
    return text


def saved(repo: Path, case: Variant) -> Path:
    """Write the variant into `repo` (a copy of the demo district) and return its path."""
    path = repo / case.path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(case.text().encode("utf-8"))
    return path


def record(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
    client.diagnostics[params.uri] = params.diagnostics
    client.published.append(params)


def accept(client: LanguageClient, params: types.RegistrationParams) -> None:
    client.registrations.append(params)


def make_client() -> LanguageClient:
    """pytest-lsp's client, also keeping every publication (with its version) and accepting registrations."""
    client = LanguageClient()
    client.published = []
    client.registrations = []
    register_lsp_features(client, {**DEFAULT_CLIENT_FEATURES, types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: record,
                                   types.CLIENT_REGISTER_CAPABILITY: accept})
    return client


async def until(condition, timeout: float = 15.0):
    """Wait until `condition()` holds (the server answers asynchronously)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("the server did not answer in time")
        await asyncio.sleep(0.02)
