"""Typing traps of a Chinese keyboard: full-width colon or space as YAML syntax, tabs.

Keys in measure files are English, so an English key followed by `：` is certainly a
mistyped colon, while `：` inside Chinese text is ordinary punctuation and left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from jianguan_cli.loading.problems import LoadProblem

_SUSPECT = re.compile(r"[：\u3000\t]|^[ ]*(?:- )?[A-Za-z_][A-Za-z0-9_]*:[^\s]", re.M)
_KEY = r"(?P<lead>[ \u3000\t]*(?:-[ \u3000]+)?)(?P<key>[A-Za-z_][A-Za-z0-9_]*)"
_FULLWIDTH_COLON = re.compile(_KEY + r"[ \u3000]*(?P<colon>：)")
_SPACE_AFTER_COLON = re.compile(_KEY + r":(?P<space>\u3000)")
_NO_SPACE_AFTER_COLON = re.compile(_KEY + r":(?P<next>[^\s\u3000])")
_INDENT = re.compile(r"[ \u3000\t]*")
_DASH_FULLWIDTH = re.compile(r"[ ]*-(?P<space>\u3000)")


def find_traps(text: str, known_keys: frozenset[str]) -> list[LoadProblem]:
    """Problems for every full-width colon/space used as syntax and every tab indentation."""
    if not _SUSPECT.search(text):
        return []
    problems: list[LoadProblem] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if _SUSPECT.search(line) and not line.lstrip().startswith("#"):
            problems.extend(_line_traps(number, line, known_keys))
    return problems


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
    match = _FULLWIDTH_COLON.match(line)
    if match and match.group("key") in known_keys:
        yield LoadProblem(
            "Y103", number, match.start("colon") + 1,
            f"键 {match.group('key')} 后面用了全角冒号“：”",
            f"改为英文冒号加空格，如 “{match.group('key')}: ”（切换到英文输入法再输入冒号）。")
    match = _NO_SPACE_AFTER_COLON.match(line)
    if match and match.group("key") in known_keys:
        yield LoadProblem(
            "Y103", number, match.start("next"),
            f"键 {match.group('key')} 的冒号后面缺少空格",
            f"英文冒号后面要加一个空格，如 “{match.group('key')}: 内容”。")
    match = _SPACE_AFTER_COLON.match(line)
    if match and match.group("key") in known_keys:
        yield LoadProblem(
            "Y104", number, match.start("space") + 1,
            f"键 {match.group('key')} 的冒号后面用了全角空格“　”",
            f"冒号后面要用半角空格，如 “{match.group('key')}: 内容”。")
    match = _DASH_FULLWIDTH.match(line)
    if match:
        yield LoadProblem(
            "Y104", number, match.start("space") + 1, "列表项的 “-” 后面用了全角空格“　”",
            "“-” 后面要用半角空格，如 “- 内容”。")
