"""The line a YAML syntax error was made on, and its real cause, found by trying the likely repairs.

libyaml reports where parsing stopped: an unclosed quote at the end of the file, a mis-indented
line on the line after it. Each kind of typing mistake below proposes a one-line repair on a
line at or before that point; the repair that lets the file parse (or moves the error furthest
on) names the line and the cause. Nothing is repaired in the file: this only finds the words.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from jianguan_cli.loading.compose import EXACT_MESSAGES, compose
from jianguan_cli.loading.keys import key_for_title
from jianguan_cli.loading.problems import LoadFailure, LoadProblem
from jianguan_cli.loading.traps import indent_of, syntax_lines
from jianguan_cli.suggest import NAME, closest

# "key: value" or "- value" on a line; `value` is what follows, comment included.
_ENTRY = re.compile(r"(?P<lead>[ ]*(?:- )*(?:[A-Za-z_][A-Za-z0-9_]*:[ ]+)?)(?P<value>\S.*?)[ ]*\Z")
_INDICATORS = "\"'[{*&!%@`|>"
_CHINESE_KEY = re.compile(r"(?P<lead>[ ]*)(?P<title>[^\x00-\x7f\s：:-][^\s：:]*?)[ ]*：(?P<rest>.*)\Z")
_INDICATOR_NAMES = {"*": "别名（引用）符号", "&": "锚点符号", "!": "标签符号", "|": "多行文字的开头",
                    ">": "折叠文字的开头", "[": "列表的开头", "{": "映射的开头", '"': "引号", "'": "引号",
                    "%": "指令符号", "@": "保留字符", "`": "保留字符"}


# Each attempt parses the whole file once: bounded, so a hostile file cannot make this slow.
_MAX_ATTEMPTS = 24
_MAX_TEXT = 512 * 1024


@dataclass(frozen=True)
class _Attempt:
    """A one-line repair to try, and the problem to report if it works."""

    line: int
    fixed: str
    problem: LoadProblem


def real_cause(text: str, failure: LoadProblem, known_keys: frozenset[str]) -> LoadProblem:
    """The problem at the line the typist got wrong, when a likely repair proves it; else `failure`."""
    if failure.rule != "Y101" or len(text) > _MAX_TEXT or failure.message in EXACT_MESSAGES:
        return failure
    lines = text.split("\n")
    best, best_score = failure, 0
    for attempt in itertools.islice(_attempts(lines, failure.line, known_keys), _MAX_ATTEMPTS):
        score = _score(lines, attempt, failure.line)
        if score > best_score:
            best, best_score = attempt.problem, score
        if score >= 3:
            break
    return best


def _score(lines: list[str], attempt: _Attempt, error_line: int) -> int:
    """3 if the repair makes the file parse, 1 if it moves the error past `error_line`, else 0."""
    trial = lines[:attempt.line - 1] + [attempt.fixed] + lines[attempt.line:]
    try:
        compose("\n".join(trial))
    except LoadFailure as failure:
        return 1 if failure.problems[0].line > error_line else 0
    return 3


def _attempts(lines: list[str], error_line: int, known_keys: frozenset[str]) -> Iterator[_Attempt]:
    last = min(error_line, len(lines))
    yield from _indicator_attempts(lines, last)
    yield from _quote_attempts(lines, last)
    yield from _chinese_key_attempts(lines, last, known_keys)
    yield from _indent_attempts(lines, last)


def _indicator_attempts(lines: list[str], last: int) -> Iterator[_Attempt]:
    """A value that starts with a YAML indicator and goes on with text: quote it as a whole."""
    for number in (last, last - 1):
        match = _ENTRY.match(lines[number - 1]) if number >= 1 else None
        if not match or match.group("value")[0] not in _INDICATORS:
            continue
        value = match.group("value")
        quoted = quote(value)
        shown = f"{match.group('lead').strip()} {quoted}".strip()
        yield _Attempt(number, match.group("lead") + quoted, LoadProblem(
            "Y101", number, match.start("value") + 1, _indicator_message(value),
            f"以特殊符号开头的文字要整个用引号括起来，改为：{shown}"))


def _indicator_message(value: str) -> str:
    opening = value[0]
    if opening in "[{" and _unclosed_bracket(value):
        closing = "]" if opening == "[" else "}"
        return (f"YAML 格式错误：这段文字以“{opening}”开头却没有对应的“{closing}”，"
                f"YAML 把它当作{_INDICATOR_NAMES[opening]}")
    return (f"YAML 格式错误：这段文字以“{opening}”开头，YAML 把开头的“{opening}”当作"
            f"{_INDICATOR_NAMES[opening]}，后面的文字就无法识别")


def _unclosed_bracket(value: str) -> bool:
    depth = 0
    for character in value:
        depth += {"[": 1, "{": 1, "]": -1, "}": -1}.get(character, 0)
        if depth == 0:
            return False
    return True


def quote(value: str) -> str:
    """`value` as one quoted YAML scalar: single quotes, or double quotes when it holds a "'"."""
    if "'" not in value:
        return f"'{value}'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _quote_attempts(lines: list[str], last: int) -> Iterator[_Attempt]:
    """A quote that opens a value and is not closed on its line: close it at the end of the line."""
    for number, line in syntax_lines(lines[:last]):
        match = _ENTRY.match(line)
        if not match or match.group("value")[0] not in "\"'":
            continue
        value = match.group("value")
        if _closes(value):
            continue
        mark = value[0]
        yield _Attempt(number, line.rstrip() + mark, LoadProblem(
            "Y101", number, match.start("value") + 1,
            f"YAML 格式错误：这一行开头的引号“{mark}”没有闭合，后面的内容都被当成了这段文字",
            f"在文字末尾补上“{mark}”，改为：{match.group('lead').strip()} {value}{mark}；"
            "或者去掉开头的引号。"))


def _closes(value: str) -> bool:
    """Whether the quoted scalar that starts `value` ends on the same line."""
    mark, index = value[0], 1
    while index < len(value):
        if mark == '"' and value[index] == "\\":
            index += 2
            continue
        if value[index] == mark:
            if mark == "'" and value[index + 1:index + 2] == "'":
                index += 2
                continue
            return True
        index += 1
    return False


def _chinese_key_attempts(lines: list[str], last: int, known_keys: frozenset[str]) -> Iterator[_Attempt]:
    """A Chinese name typed as a key with a full-width colon (责任科室：…)."""
    for number, line in syntax_lines(lines[:last]):
        match = _CHINESE_KEY.match(line)
        if not match:
            continue
        rest = match.group("rest").strip()
        fixed = f"{match.group('lead')}chinese_key:" + (f" {rest}" if rest else "")
        yield _Attempt(number, fixed, LoadProblem(
            "Y103", number, match.start("title") + 1,
            f"键名写成了中文“{match.group('title')}”并用了全角冒号“：”：键名要用英文",
            _english_key_hint(match.group("title"), known_keys)))


def _english_key_hint(title: str, known_keys: frozenset[str]) -> str:
    titles = list(getattr(known_keys, "titles", {}))
    close = closest(title, titles, NAME)
    if close:
        key = key_for_title(known_keys, close)
        return f"是否想写 {key}（{close}）？改为 “{key}: ”，冒号用英文冒号加空格。"
    return "键名用模板中的英文键名（jianguan new 生成的模板里有每一项），冒号用英文冒号加空格。"


def _indent_attempts(lines: list[str], last: int) -> Iterator[_Attempt]:
    """A line indented unlike its neighbours: re-indent it like one of them, odd indents first."""
    candidates = [number for number in (last, _previous_content(lines, last)) if number]
    candidates.sort(key=lambda number: indent_of(lines[number - 1]) % 2 == 0)
    for number in candidates:
        line = lines[number - 1]
        for indent in _neighbour_indents(lines, number):
            yield _Attempt(number, " " * indent + line.lstrip(" "), LoadProblem(
                "Y101", number, indent_of(line) + 1,
                f"YAML 格式错误：这一行缩进了 {indent_of(line)} 个空格，与同一层的其他行（{indent} 个空格）不一致",
                f"把这一行改为缩进 {indent} 个空格：同一层的键和列表项 “- ” 要左对齐，缩进只用空格。"))


def _previous_content(lines: list[str], number: int) -> int | None:
    for previous in range(number - 1, 0, -1):
        stripped = lines[previous - 1].strip()
        if stripped and not stripped.startswith("#"):
            return previous
    return None


def _neighbour_indents(lines: list[str], number: int) -> list[int]:
    """Indents of the content lines near `number` other than its own, nearest first; then one space off."""
    own = indent_of(lines[number - 1])
    found: list[int] = []
    for off_by_one in (own - 1, own + 1):
        if off_by_one >= 0 and off_by_one % 2 == 0:
            found.append(off_by_one)
    for distance in range(1, 6):
        for other in (number - distance, number + distance):
            if 1 <= other <= len(lines) and lines[other - 1].strip() and not lines[other - 1].lstrip().startswith("#"):
                indent = indent_of(lines[other - 1])
                if indent != own and indent not in found:
                    found.append(indent)
    return found
