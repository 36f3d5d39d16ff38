"""`jianguan fmt`: one canonical layout for measure and catalogue files, losing nothing.

The file goes through a ruamel.yaml round trip (2-space indentation, comments and quoting
kept), then keys are put in the schema's order by moving whole lines, so each key keeps the
comments written above it. The result is accepted only if its data and its comments are
exactly those of the input; otherwise the file is left alone and the reason reported.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from jianguan_cli.authoring import repository
from jianguan_cli.authoring.roundtrip import dumped, round_trip_yaml
from jianguan_cli.fileio import inside
from jianguan_cli.linting.files import display_path
from jianguan_cli.loading import Limits, load_bytes, too_large
from jianguan_cli.loading.compose import compose
from jianguan_cli.fileio import TooLarge, Unreadable, read_regular
from jianguan_cli.loading.limits import DEFAULT_LIMITS
from jianguan_cli.loading.meanings import join_cjk_line_breaks
from jianguan_cli.loading.traps import repair_traps
from jianguan_cli.resources import load_schema
from jianguan_cli.rules.base import rules_with
from jianguan_cli.rules.yaml_rules import ENCODING_RULE, LINE_SEPARATOR_RULE
from jianguan_cli.schema import SchemaIndex
from jianguan_cli.settings import Settings

# Loader problems that leave no faithful data to format (the rest are content findings for lint), and
# those `--fix` repairs. Y121 and Y122 leave faithful data, but the round trip would write YAML's
# reading of them for good (one item "a - b", a space inside a sentence); --fix joins Y122's lines as meant.
BLOCKING_RULES = rules_with("blocks_fmt")
REPAIRED_BY_FIX = rules_with("repaired_by_fmt_fix")
SCHEMA_LINE = re.compile(r"^#\s*yaml-language-server:\s*\$schema=\S+\s*$")
_COMMENT = re.compile(r"(?:^|\s)#(.*)$")
MAX_REORDER_PASSES = 10_000
_UNPARSED = object()


class FormatRefused(Exception):
    """The file cannot be formatted safely; the message says why, with its line and column."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


@dataclass
class Formatted:
    text: str
    repairs: list[str] = field(default_factory=list)


MAX_FORMAT_NODES = 100_000  # the round trip costs about 40 µs a value: a few seconds at most


def _nodes(data) -> int:
    """How many values `data` holds, counted without recursion."""
    count, stack = 0, [data]
    while stack:
        value = stack.pop()
        count += 1
        if count > MAX_FORMAT_NODES:
            break
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return count


class Formatter:
    """Formats files governed by one schema; `schema_line` is the `$schema=` comment they start with."""

    def __init__(self, index: SchemaIndex, fix: bool = False, limits: Limits = DEFAULT_LIMITS) -> None:
        self.index = index
        self.fix = fix
        self.limits = limits

    def format(self, raw: bytes, schema_line: str | None) -> Formatted:
        text, repairs = self._source_text(raw)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                data = round_trip_yaml().load(text)
        except RecursionError:
            raise FormatRefused("嵌套层数过多，无法整理") from None
        except Exception as error:  # ruamel.yaml raises more than YAMLError on odd input
            raise FormatRefused(f"无法按原样读回这个文件（{_english(error)}），未整理", *_mark(error)) from None
        if not isinstance(data, dict):
            raise FormatRefused("文件最外层不是“键: 值”的映射，无法整理")
        try:
            result = _reordered(_aligned_comments(dumped(round_trip_yaml(), data), _leading_comments(text)),
                                self.index)
        except (FormatRefused, RecursionError):
            raise
        except Exception as error:  # ruamel.yaml cannot write some odd structures back faithfully
            raise FormatRefused(f"无法按原样写回这个文件（{_english(error)}），未整理") from None
        if schema_line is not None:
            result = _with_schema_line(result, schema_line)
        expected = self._data(text)
        stripped = _without_trailing_spaces(result)
        if self._data(stripped) == expected:  # else trailing spaces inside a | block are content
            result = stripped
        elif self._data(result) != expected:
            raise FormatRefused("整理后内容会改变（jianguan 的缺陷），文件未修改；请把这个文件报告给维护人员")
        if comment_texts(text) != comment_texts(result):
            raise FormatRefused("整理后注释会改变（jianguan 的缺陷），文件未修改；请把这个文件报告给维护人员")
        return Formatted(result, repairs)

    def _source_text(self, raw: bytes) -> tuple[str, list[str]]:
        document = load_bytes(raw, "", self.index.keys, self.limits)
        repairs, text = [], document.text
        # with text decoded, Y106 can only mean a wrong encoding (GBK, UTF-16), which --fix converts
        encoding = next((p for p in document.problems if p.rule == ENCODING_RULE), None) if text else None
        if encoding is not None:
            if not self.fix:
                raise FormatRefused(f"{encoding.message}：用 jianguan fmt --fix 转换为 UTF-8")
            repairs.append("文件编码转换为 UTF-8")
        if self.fix:
            if any(p.rule == LINE_SEPARATOR_RULE for p in document.problems):  # the text read has them as spaces already
                repairs.append("看不见的换行符（NEL、U+2028、U+2029）换成空格")
            text, fixed = repair_traps(text, self.index.keys)
            repairs += fixed
            document = load_bytes(text.encode("utf-8"), "", self.index.keys, self.limits)
            if document.parsed:
                text, joined = join_cjk_line_breaks(text, document.root)
                if joined:
                    repairs += joined
                    document = load_bytes(text.encode("utf-8"), "", self.index.keys, self.limits)
        if document.parsed and _nodes(document.data) > MAX_FORMAT_NODES:
            raise FormatRefused(f"文件有超过 {MAX_FORMAT_NODES:,} 个值，jianguan fmt 逐项核对会太慢，未整理"
                                "（一份监管办法通常只有几百个值）")
        blocking = [p for p in document.problems if p.rule in BLOCKING_RULES and not (text and p.rule == ENCODING_RULE)]
        if blocking or not document.parsed:
            first = min(blocking, key=lambda p: (p.line, p.column)) if blocking else None
            if first is None:
                raise FormatRefused("无法读取，未整理")
            fixable = first.rule in REPAIRED_BY_FIX and not self.fix
            raise FormatRefused(first.message + ("：可用 jianguan fmt --fix 修复" if fixable else "，未整理"),
                                first.line, first.column)
        return text, repairs

    def _data(self, text: str):
        """The data of `text`, or a value equal to nothing when it does not parse."""
        document = load_bytes(text.encode("utf-8"), "", self.index.keys, self.limits)
        return document.data if document.parsed else _UNPARSED



def _mark(error: Exception) -> tuple[int, int]:
    mark = getattr(error, "problem_mark", None)
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _english(error: Exception) -> str:
    parts = (getattr(error, "context", None), getattr(error, "problem", None))
    return " ".join(str(part) for part in parts if part) or type(error).__name__


def comment_texts(text: str) -> Counter:
    """Comment texts, schema line aside.

    A superset: text after a ` #` inside a quoted scalar counts too, alike before and after, and
    runs of spaces are folded, since the round trip may re-space what precedes a comment.
    """
    found = Counter()
    for line in text.split("\n"):
        match = _COMMENT.search(line)
        if match and not SCHEMA_LINE.match(line.strip()):
            found[" ".join(match.group(1).split())] += 1
    return found


def _full_line_comments(lines: list[str]):
    return [number for number, line in enumerate(lines) if line.lstrip().startswith("#")]


def _next_content(lines: list[str], number: int) -> str | None:
    """The line after the run of comments at `number`, when no blank line comes between."""
    for line in lines[number + 1:]:
        if not line.strip():
            return None
        if not line.lstrip().startswith("#"):
            return line
    return None


def _leading_comments(text: str) -> list[bool]:
    """For each full-line comment: is it aligned with the line it stands above (so it describes it)?"""
    lines = text.split("\n")
    flags = []
    for number in _full_line_comments(lines):
        following = _next_content(lines, number)
        flags.append(following is not None and _indent(following) == _indent(lines[number]))
    return flags


def _aligned_comments(text: str, leading: list[bool]) -> str:
    """Re-indent the comments that described the next line to that line's new indentation."""
    lines = text.split("\n")
    numbers = _full_line_comments(lines)
    if len(numbers) != len(leading):
        return text
    for number, flag in zip(numbers, leading):
        following = _next_content(lines, number)
        if flag and following is not None:
            lines[number] = " " * _indent(following) + lines[number].lstrip()
    return "\n".join(lines)


def _without_trailing_spaces(text: str) -> str:
    stripped = "\n".join(line.rstrip(" \t") for line in text.split("\n"))
    return stripped.rstrip("\n") + "\n"


def _with_schema_line(text: str, schema_line: str) -> str:
    lines = text.split("\n")
    header_end = next((i for i, line in enumerate(lines) if line.strip() and not line.startswith("#")), len(lines))
    existing = next((i for i in range(header_end) if SCHEMA_LINE.match(lines[i].strip())), None)
    line = lines.pop(existing) if existing is not None else schema_line
    return "\n".join([line, *lines])


# --- key order ----------------------------------------------------------------------------


def _reordered(text: str, index: SchemaIndex) -> str:
    """`text` with the keys of every block mapping in schema order, moving whole lines."""
    for _ in range(MAX_REORDER_PASSES):
        found = _first_unordered(compose(text), (), index)
        if found is None:
            return text
        text = _move_blocks(text, *found)
    raise FormatRefused("键的顺序无法整理")


def _first_unordered(node, path: tuple, index: SchemaIndex):
    if isinstance(node, MappingNode):
        keys = [key.value if isinstance(key, ScalarNode) else None for key, _ in node.value]
        if None in keys:
            return None  # complex keys: leave this part as written
        order = _canonical(keys, list(index.properties(path)))
        if order != list(range(len(keys))) and not node.flow_style:
            return node, order
        for key, value in node.value:
            found = _first_unordered(value, (*path, key.value), index)
            if found:
                return found
    elif isinstance(node, SequenceNode):
        for position, value in enumerate(node.value):
            found = _first_unordered(value, (*path, position), index)
            if found:
                return found
    return None


def _canonical(keys: list[str], schema_order: list[str]) -> list[int]:
    """Positions of `keys` in schema order; keys the schema does not know keep their place at the end."""
    rank = {key: number for number, key in enumerate(schema_order)}
    return sorted(range(len(keys)), key=lambda i: (rank.get(keys[i], len(rank)), i))


def _move_blocks(text: str, mapping: MappingNode, order: list[int]) -> str:
    lines = text.split("\n")
    starts = [key.start_mark.line for key, _ in mapping.value]
    column = mapping.value[0][0].start_mark.column
    blocks = []
    for number, start in enumerate(starts):
        first = start if number == 0 else _with_comments_above(lines, start, column)
        if number:
            blocks[-1][1] = first
        blocks.append([first, None])
    blocks[-1][1] = _end_of_value(lines, starts[-1], column)
    begin, end = blocks[0][0], blocks[-1][1]
    dash = _dash_position(lines[begin], column)
    if dash is not None:  # the mapping is a list item: “- ” belongs to whichever key comes first
        lines[begin] = lines[begin][:dash] + "  " + lines[begin][dash + 2:]
    moved = [line for n in order for line in lines[blocks[n][0]:blocks[n][1]]]
    if dash is not None:
        key_line = next(i for i, line in enumerate(moved) if not line.lstrip().startswith("#"))
        moved[key_line] = moved[key_line][:dash] + "- " + moved[key_line][dash + 2:]
    return "\n".join(lines[:begin] + moved + lines[end:])


def _with_comments_above(lines: list[str], start: int, column: int) -> int:
    first = start
    while first > 0 and lines[first - 1].lstrip().startswith("#") and _indent(lines[first - 1]) <= column:
        first -= 1
    return first


def _end_of_value(lines: list[str], start: int, column: int) -> int:
    """The line after the last line of the value of the key on line `start`."""
    last = start
    for number in range(start + 1, len(lines)):
        line = lines[number]
        if not line.strip():
            continue
        if _indent(line) <= column:
            break
        last = number
    return last + 1


def _dash_position(line: str, column: int) -> int | None:
    dash = column - 2
    return dash if dash >= 0 and line[dash:column] == "- " else None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


# --- files of a repository ------------------------------------------------------------------


@dataclass
class FileOutcome:
    """One file: its bytes before, its formatted text (None if refused), and why not."""

    path: Path
    display: str
    before: bytes = b""
    after: str | None = None
    repairs: list[str] = field(default_factory=list)
    refusal: FormatRefused | None = None

    @property
    def changed(self) -> bool:
        return self.after is not None and self.after.encode("utf-8") != self.before


def format_files(settings: Settings, files: list[Path], fix: bool) -> list[FileOutcome]:
    """Format each file in memory; nothing is written here."""
    formatters = {name: Formatter(SchemaIndex(load_schema(name)), fix, settings.limits)
                  for name in ("measure", "catalog")}
    catalog = settings.catalog_path.resolve()
    outcomes = []
    for path in files:
        outcome = FileOutcome(path, display_path(path, settings.root))
        try:
            outcome.before = _readable(path, settings.limits, settings.root)
            name = "catalog" if path.resolve() == catalog else "measure"
            formatted = formatters[name].format(outcome.before, repository.schema_line(settings.root, path, name))
            outcome.after, outcome.repairs = formatted.text, formatted.repairs
        except FormatRefused as refusal:
            outcome.refusal = refusal
        outcomes.append(outcome)
    return outcomes


def _readable(path: Path, limits: Limits, root: Path) -> bytes:
    if path.is_symlink():
        raise FormatRefused("是符号链接，jianguan fmt 只整理普通文件")
    if not inside(path, root):
        raise FormatRefused("在数据仓库以外（路径中有指向仓库以外的符号链接），jianguan fmt 只整理仓库中的文件")
    try:
        return read_regular(path, limits.file_size_bytes, root)
    except TooLarge as large:
        raise FormatRefused(too_large(large.size, limits).message + "，不整理") from None
    except Unreadable as entry:
        raise FormatRefused(entry.message) from None