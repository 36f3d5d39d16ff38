"""Typing traps of a Chinese keyboard: full-width colon or space as YAML syntax, tabs.

Keys in measure files are English, so an English key followed by `：` is certainly a
mistyped colon, while `：` inside Chinese text is ordinary punctuation and left alone. The
same holds for a key's Chinese title (监管对象：), for spaces pasted from Word (U+00A0) where
YAML needs a space, and for a list item typed without the space after its "-".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from jianguan_cli.loading.characters import INVISIBLE_NAMES, SPACE_NAMES, SPACES, display_width
from jianguan_cli.loading.invisible import find_invisible, remove_invisible
from jianguan_cli.loading.keys import key_for_title
from jianguan_cli.loading.problems import LoadProblem

# A line that may hold a trap; `://` is excluded so URL lines (e.g. review.urls) pass untouched.
_SUSPECT = re.compile(rf"[：\t{SPACES}]|^[ ]*(?:- )?[A-Za-z_][A-Za-z0-9_]*:(?!//)[^\s]|^[ ]*-[^\s\-]", re.M)
_WIDE = f"[{SPACES}]"
_KEY = rf"(?P<lead>[ \t{SPACES}]*(?:-[ {SPACES}]+)?)(?P<key>[A-Za-z_][A-Za-z0-9_]*)"
_INDENT = re.compile(rf"[ \t{SPACES}]*")
_DASH_WIDE = re.compile(rf"[ ]*-(?P<at>{_WIDE})")
# A Chinese title where a key belongs (no "- " before it: a list item "工作要求：…" is text).
_TITLE_KEY = re.compile(rf"(?P<lead>[ ]*)(?P<title>[^\x00-\x7f\s：:-][^\s：:]*?)[ {SPACES}]*(?P<at>：)")
# "-实地检查": a dash glued to its text; "--", "-1" and "-.5" are ordinary text.
_GLUED_DASH = re.compile(rf"(?P<lead>[ ]*)-(?P<at>[^\s\-0-9.#{''.join(INVISIBLE_NAMES)}])")
_LIST_ITEM = re.compile(r"[ ]*- ")

# (pattern, rule, message, hint) for a known key typed wrongly; `at` marks the culprit.
_KEY_TRAPS = (
    (re.compile(_KEY + rf"[ {SPACES}]*(?P<at>：)"), "Y103",
     "键 {key} 后面用了全角冒号“：”", "改为英文冒号加空格，如 “{key}: ”（切换到英文输入法再输入冒号）。"),
    # an invisible character after the colon is Y112's, and its removal leaves the colon as it was
    (re.compile(_KEY + rf"(?P<at>:)[^\s{SPACES}{''.join(INVISIBLE_NAMES)}]"), "Y103",
     "键 {key} 的冒号后面缺少空格", "英文冒号后面要加一个空格，如 “{key}: 内容”。"),
    (re.compile(_KEY + rf":(?P<at>{_WIDE})"), "Y104",
     "键 {key} 的冒号后面用了{space}", "冒号后面要用半角空格，如 “{key}: 内容”。"),
)


def find_traps(text: str, known_keys: frozenset[str]) -> list[LoadProblem]:
    """Problems for every full-width colon or odd space used as syntax, tab indentation, glued "-"
    and invisible character."""
    problems = find_invisible(text)
    if not _SUSPECT.search(text):
        return problems
    for number, line, neighbours in _suspect_lines(text.split("\n")):
        problems.extend(_line_traps(number, line, known_keys))
        problems.extend(_title_trap(number, line, known_keys, neighbours))
        problems.extend(_dash_trap(number, line, neighbours))
    return problems


def _suspect_lines(lines: list[str]):
    """(number, line, (previous, next) syntax lines) of the syntax lines that may hold a trap."""
    syntax = list(syntax_lines(lines))
    for index, (number, line) in enumerate(syntax):
        if _SUSPECT.search(line):
            previous = syntax[index - 1][1] if index else ""
            following = syntax[index + 1][1] if index + 1 < len(syntax) else ""
            yield number, line, (previous, following)


def syntax_lines(lines: list[str]):
    """(number, line) of lines that hold YAML syntax: not comments, not text inside a | or > block."""
    scalar_indent: int | None = None  # inside a block scalar deeper than this
    for number, line in enumerate(lines, start=1):
        indent = len(line) - len(line.lstrip(" "))
        if scalar_indent is not None and (not line.strip() or indent > scalar_indent):
            continue  # full-width spaces in the text of a block are content, e.g. a paragraph indent
        scalar_indent = None
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        yield number, line
        if _BLOCK_SCALAR_START.search(line):
            scalar_indent = indent


def _line_traps(number: int, line: str, known_keys: frozenset[str]) -> Iterable[LoadProblem]:
    indent = _INDENT.match(line).group()
    wide = next((c for c in indent if c in SPACE_NAMES), None)
    if "\t" in indent:
        yield LoadProblem(
            "Y105", number, indent.index("\t") + 1, "用了 Tab 键缩进，YAML 只能用空格缩进",
            "把行首的 Tab 换成空格（每层 2 个空格）；在编辑器中打开“用空格代替 Tab”。")
    elif wide is not None:
        yield LoadProblem(
            "Y104", number, indent.index(wide) + 1, f"行首用了{_space_name(wide)}缩进",
            _space_hint(wide, "把行首的空格重新输入为半角空格"))
    for pattern, rule, message, hint in _KEY_TRAPS:
        match = pattern.match(line)
        if match and match.group("key") in known_keys:
            key, space = match.group("key"), _space_name(line[match.start("at")])
            yield LoadProblem(rule, number, match.start("at") + 1, message.format(key=key, space=space),
                              hint.format(key=key))
    match = _DASH_WIDE.match(line)
    if match:
        wide = match.group("at")
        yield LoadProblem(
            "Y104", number, match.start("at") + 1, f"列表项的 “-” 后面用了{_space_name(wide)}",
            _space_hint(wide, "“-” 后面要用半角空格，如 “- 内容”"))


def _space_name(character: str) -> str:
    return SPACE_NAMES.get(character, "全角冒号“：”")


def _space_hint(character: str, what: str) -> str:
    if character == "\u3000":
        return f"{what}（切换到英文输入法或半角模式再输入空格）。"
    return f"{what}；jianguan fmt --fix 会自动替换。"


def _title_trap(number: int, line: str, known_keys: frozenset[str], neighbours) -> Iterable[LoadProblem]:
    match = _TITLE_KEY.match(line)
    key = key_for_title(known_keys, match.group("title")) if match else None
    if key is None or _continues_text(neighbours[0], line):
        return
    yield LoadProblem(
        "Y103", number, match.start("title") + 1,
        f"键名写成了中文“{match.group('title')}”并用了全角冒号“：”：应写英文键名 {key}",
        f"改为 “{key}: ”（键名用英文，冒号用英文冒号加空格）；中文名称“{match.group('title')}”只是它的说明。")


def _continues_text(previous: str, line: str) -> bool:
    """Whether `line` is the next line of the text begun on `previous` (deeper, after "key: 文字")."""
    deeper = indent_of(line) > indent_of(previous)
    opens_block = previous.rstrip().endswith(":") or _LIST_ITEM.fullmatch(previous.rstrip() + " ")
    return deeper and not opens_block


def indent_of(line: str) -> int:
    """How many spaces `line` starts with."""
    return len(line) - len(line.lstrip(" "))


def _dash_trap(number: int, line: str, neighbours) -> Iterable[LoadProblem]:
    match = _glued_dash(line, neighbours)
    if match:
        yield LoadProblem(
            "Y113", number, match.start("at") + 1, "列表项的 “-” 后面缺少空格",
            f"“-” 和内容之间要有一个半角空格，如 “- {line[match.start('at'):].strip()}”；"
            "jianguan fmt --fix 会自动补上。")


def _glued_dash(line: str, neighbours):
    """The match of "-文字" on a line that stands among list items or opens a list, else None."""
    match = _GLUED_DASH.match(line)
    if not match:
        return None
    previous, following = neighbours
    indent = len(match.group("lead"))
    beside_items = any(_LIST_ITEM.match(other) and indent_of(other) == indent for other in neighbours)
    opens_list = previous.rstrip().endswith(":") and indent_of(previous) <= indent
    return match if beside_items or opens_list else None


# Repairs for `jianguan fmt --fix`: only where the intended YAML is certain.
_FULLWIDTH_COLON = re.compile(_KEY + rf"[ {SPACES}]*：[ {SPACES}]*")
_MISSING_SPACE = re.compile(_KEY + rf":(?!//)(?=[^\s{SPACES}])")
_WIDE_AFTER_COLON = re.compile(_KEY + rf":{_WIDE}[ {SPACES}]*")
_BLOCK_SCALAR_START = re.compile(r"(?:^|[:\-]\s)[|>][0-9+-]*\s*(?:#.*)?$")


def repair_traps(text: str, known_keys: frozenset[str]) -> tuple[str, list[str]]:
    """`text` with full-width colons and odd spaces used as syntax replaced, invisible characters
    removed; and what was repaired."""
    text, repairs = remove_invisible(text)
    if not _SUSPECT.search(text):
        return text, repairs
    lines = text.split("\n")
    for number, line, neighbours in list(_suspect_lines(lines)):
        fixed, reasons = _repaired_line(line, known_keys, neighbours)
        if reasons:
            repairs.append(f"第 {number} 行：{'；'.join(reasons)}")
            lines[number - 1] = fixed
    return "\n".join(lines), repairs


_KEY_REPAIRS = ((_FULLWIDTH_COLON, "键 {key} 后的全角冒号改为英文冒号"),
                (_WIDE_AFTER_COLON, "键 {key} 冒号后的特殊空格改为半角空格"),
                (_MISSING_SPACE, "键 {key} 的冒号后补上空格"))


def _repaired_line(line: str, known_keys: frozenset[str], neighbours) -> tuple[str, list[str]]:
    reasons = []
    lead = _INDENT.match(line).group()
    if any(c in SPACE_NAMES for c in lead):  # a full-width space shows two columns wide: keep what the editor showed
        line = "".join(" " * display_width(c) if c in SPACE_NAMES else c for c in lead) + line[len(lead):]
        reasons.append("行首的全角或特殊空格改为半角空格")
    dash = _DASH_WIDE.match(line)
    if dash:
        line = line[:dash.start("at")] + " " + line[dash.end("at"):].lstrip(SPACES)
        reasons.append("“-” 后的全角或特殊空格改为半角空格")
    glued = _glued_dash(line, neighbours)
    if glued:
        line = line[:glued.start("at")] + " " + line[glued.start("at"):]
        reasons.append("“-” 后补上空格")
    line = _repaired_title(line, known_keys, neighbours, reasons)
    for pattern, reason in _KEY_REPAIRS:
        match = pattern.match(line)
        if match and match.group("key") in known_keys:
            rest = line[match.end():]
            line = f"{match.group('lead')}{match.group('key')}:" + (f" {rest}" if rest.strip() else "")
            reasons.append(reason.format(key=match.group("key")))
    return line, reasons


def _repaired_title(line: str, known_keys: frozenset[str], neighbours, reasons: list[str]) -> str:
    match = _TITLE_KEY.match(line)
    key = key_for_title(known_keys, match.group("title")) if match else None
    if key is None or _continues_text(neighbours[0], line):
        return line
    reasons.append(f"中文键名“{match.group('title')}：”改为 {key}:")
    rest = line[match.end():].lstrip(" " + SPACES)
    return f"{match.group('lead')}{key}:" + (f" {rest}" if rest else "")
