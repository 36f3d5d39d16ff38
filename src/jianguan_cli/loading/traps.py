"""Typing traps of a Chinese keyboard: full-width colon or space as YAML syntax, tabs.

Keys in measure files are English, so an English key followed by `：` is certainly a
mistyped colon, while `：` inside Chinese text is ordinary punctuation and left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from jianguan_cli.loading.problems import LoadProblem

# A line that may hold a trap; `://` is excluded so URL lines (e.g. review.urls) pass untouched.
_SUSPECT = re.compile(r"[：\u3000\t]|^[ ]*(?:- )?[A-Za-z_][A-Za-z0-9_]*:(?!//)[^\s]", re.M)
_KEY = r"(?P<lead>[ \u3000\t]*(?:-[ \u3000]+)?)(?P<key>[A-Za-z_][A-Za-z0-9_]*)"
_INDENT = re.compile(r"[ \u3000\t]*")
_DASH_FULLWIDTH = re.compile(r"[ ]*-(?P<at>\u3000)")

# (pattern, rule, message, hint) for a known key typed wrongly; `at` marks the culprit.
_KEY_TRAPS = (
    (re.compile(_KEY + r"[ \u3000]*(?P<at>：)"), "Y103",
     "键 {key} 后面用了全角冒号“：”", "改为英文冒号加空格，如 “{key}: ”（切换到英文输入法再输入冒号）。"),
    (re.compile(_KEY + r"(?P<at>:)[^\s\u3000]"), "Y103",
     "键 {key} 的冒号后面缺少空格", "英文冒号后面要加一个空格，如 “{key}: 内容”。"),
    (re.compile(_KEY + r":(?P<at>\u3000)"), "Y104",
     "键 {key} 的冒号后面用了全角空格“　”", "冒号后面要用半角空格，如 “{key}: 内容”。"),
)


def find_traps(text: str, known_keys: frozenset[str]) -> list[LoadProblem]:
    """Problems for every full-width colon/space used as syntax and every tab indentation."""
    if not _SUSPECT.search(text):
        return []
    problems: list[LoadProblem] = []
    for number, line in _syntax_lines(text.split("\n")):
        if _SUSPECT.search(line):
            problems.extend(_line_traps(number, line, known_keys))
    return problems


def _syntax_lines(lines: list[str]):
    """(number, line) of lines that hold YAML syntax: not comments, not text inside a | or > block."""
    scalar_indent: int | None = None  # inside a block scalar deeper than this
    for number, line in enumerate(lines, start=1):
        indent = len(line) - len(line.lstrip(" "))
        if scalar_indent is not None and (not line.strip() or indent > scalar_indent):
            continue  # full-width spaces in the text of a block are content, e.g. a paragraph indent
        scalar_indent = None
        if line.lstrip().startswith("#"):
            continue
        yield number, line
        if _BLOCK_SCALAR_START.search(line):
            scalar_indent = indent


def _line_traps(number: int, line: str, known_keys: frozenset[str]) -> Iterable[LoadProblem]:
    indent = _INDENT.match(line).group()
    if "\t" in indent:
        yield LoadProblem(
            "Y105", number, indent.index("\t") + 1, "用了 Tab 键缩进，YAML 只能用空格缩进",
            "把行首的 Tab 换成空格（每层 2 个空格）；在编辑器中打开“用空格代替 Tab”。")
    elif "\u3000" in indent:
        yield LoadProblem(
            "Y104", number, indent.index("\u3000") + 1, "行首用了全角空格“　”缩进",
            "把行首的全角空格换成半角空格（切换到英文输入法或半角模式再输入空格）。")
    for pattern, rule, message, hint in _KEY_TRAPS:
        match = pattern.match(line)
        if match and match.group("key") in known_keys:
            key = match.group("key")
            yield LoadProblem(rule, number, match.start("at") + 1, message.format(key=key), hint.format(key=key))
    match = _DASH_FULLWIDTH.match(line)
    if match:
        yield LoadProblem(
            "Y104", number, match.start("at") + 1, "列表项的 “-” 后面用了全角空格“　”",
            "“-” 后面要用半角空格，如 “- 内容”。")


# Repairs for `jianguan fmt --fix`: only where the intended YAML is certain.
_FULLWIDTH_COLON = re.compile(_KEY + r"[ \u3000]*：[ \u3000]*")
_MISSING_SPACE = re.compile(_KEY + r":(?!//)(?=[^\s\u3000])")
_FULLWIDTH_AFTER_COLON = re.compile(_KEY + r":\u3000[ \u3000]*")
_BLOCK_SCALAR_START = re.compile(r"(?:^|[:\-]\s)[|>][0-9+-]*\s*(?:#.*)?$")


def repair_traps(text: str, known_keys: frozenset[str]) -> tuple[str, list[str]]:
    """`text` with full-width colons and spaces used as syntax replaced; and what was repaired."""
    if not _SUSPECT.search(text):
        return text, []
    lines = text.split("\n")
    repairs: list[str] = []
    for number, line in list(_syntax_lines(lines)):
        fixed, reasons = _repaired_line(line, known_keys)
        if reasons:
            repairs.append(f"第 {number} 行：{'；'.join(reasons)}")
            lines[number - 1] = fixed
    return "\n".join(lines), repairs


_KEY_REPAIRS = ((_FULLWIDTH_COLON, "键 {key} 后的全角冒号改为英文冒号"),
                (_FULLWIDTH_AFTER_COLON, "键 {key} 冒号后的全角空格改为半角空格"),
                (_MISSING_SPACE, "键 {key} 的冒号后补上空格"))


def _repaired_line(line: str, known_keys: frozenset[str]) -> tuple[str, list[str]]:
    reasons = []
    lead = _INDENT.match(line).group()
    if "\u3000" in lead:  # a full-width space shows two columns wide: keep what the editor showed
        line = lead.replace("\u3000", "  ") + line[len(lead):]
        reasons.append("行首的全角空格改为半角空格")
    dash = _DASH_FULLWIDTH.match(line)
    if dash:
        line = line[:dash.start("at")] + " " + line[dash.end("at"):].lstrip("\u3000")
        reasons.append("“-” 后的全角空格改为半角空格")
    for pattern, reason in _KEY_REPAIRS:
        match = pattern.match(line)
        if match and match.group("key") in known_keys:
            rest = line[match.end():]
            line = f"{match.group('lead')}{match.group('key')}:" + (f" {rest}" if rest.strip() else "")
            reasons.append(reason.format(key=match.group("key")))
    return line, reasons
