"""Invisible characters (zero-width spaces, joiners, a BOM mid-file, bidi marks) in keys and values.

They take no room on screen, so `cy​cle` looks like `cycle` and is an unknown key; the loader
names each one with its code point, reads the file as if it were not there, and `fmt --fix`
removes it where that cannot change what the text says.
"""

from __future__ import annotations

from jianguan_cli.loading.characters import INVISIBLE, INVISIBLE_NAMES, removable
from jianguan_cli.loading.decode import position_of_offset
from jianguan_cli.loading.problems import LoadProblem


def find_invisible(text: str) -> list[LoadProblem]:
    """One problem per line holding invisible characters (comments aside), at the first of them.

    A joiner inside an emoji (👨‍👩) is part of what the text shows, not a typing mistake.
    """
    problems: list[LoadProblem] = []
    last_line = 0
    for match in INVISIBLE.finditer(text):
        if not removable(text, match.start()):
            continue
        line, column = position_of_offset(text, match.start())
        if line == last_line or _in_comment(text, match.start()):
            continue
        last_line = line
        problems.append(_problem(text, line, column, match.group()))
    return problems


def _problem(text: str, line: int, column: int, character: str) -> LoadProblem:
    content = text.split("\n")[line - 1]
    count = len(INVISIBLE.findall(content))
    more = f"（这一行共有 {count} 个）" if count > 1 else ""
    seen = INVISIBLE.sub("", content).strip()
    return LoadProblem(
        "Y112", line, column,
        f"第 {column} 列有一个看不见的字符 {INVISIBLE_NAMES[character]}{more}：“{seen}”看起来正常，实际多了这个字符",
        "删除它（在编辑器中把光标移到该列，按退格键；jianguan fmt --fix 会自动删除）。"
        "常见于从网页、微信或 Word 复制的文字。")


def _in_comment(text: str, offset: int) -> bool:
    start = text.rfind("\n", 0, offset) + 1
    return text[start:offset].lstrip().startswith("#")


def remove_invisible(text: str) -> tuple[str, list[str]]:
    """`text` without the invisible characters that can go safely; and what was removed, per line."""
    if not INVISIBLE.search(text):
        return text, []
    kept: list[str] = []
    removed_lines: dict[int, int] = {}
    position = 0
    for match in INVISIBLE.finditer(text):
        if _in_comment(text, match.start()) or not removable(text, match.start()):
            continue
        kept.append(text[position:match.start()])
        position = match.end()
        line = text.count("\n", 0, match.start()) + 1
        removed_lines[line] = removed_lines.get(line, 0) + 1
    kept.append(text[position:])
    reasons = [f"第 {line} 行：删除 {count} 个看不见的字符" for line, count in removed_lines.items()]
    return "".join(kept), reasons
