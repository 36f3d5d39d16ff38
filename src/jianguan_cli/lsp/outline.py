"""A tolerant, line-by-line reading of a block-style YAML text: each line's key and data path.

The loader gives exact positions but only for a file that parses; while the clerk types, the
file is broken most of the time. This reading never fails: it follows the indentation of the
keys and of the "- " markers, the way measure files are written (and `jianguan fmt` writes
them), so hover, completion, quick fixes and the outline work on any text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jianguan_cli.lsp.positions import split_lines

PathStep = str | int

# A key as YAML reads it (quoted, or plain up to the first ": "), or an English key typed with a
# full-width colon or without the space after the colon (the loader's Y103), so a line with a
# typing trap still has its key.
_KEY_PATTERNS = (
    re.compile(r"(?P<key>[A-Za-z_][A-Za-z0-9_]*)[ \u3000]*(?P<colon>：)"),
    re.compile(r"(?P<key>\"[^\"]*\"|'[^']*'|[^\s#'\"\[\]{},&*!|>%@`?-][^#]*?)[ ]*(?P<colon>:)(?=[ \t]|$)"),
    re.compile(r"(?P<key>[A-Za-z_][A-Za-z0-9_]*)(?P<colon>:)(?!//)(?=\S)"),
)
_DASH = re.compile(r"-(?:[ \t\u3000]+|$)")
_BLOCK_SCALAR = re.compile(r"^[|>][0-9+-]*\s*(?:#.*)?$")
_COMMENT = re.compile(r"(?:^|[ \t])#.*$")
_INDENT = re.compile(r"[ \t\u3000]*")


@dataclass(frozen=True)
class Entry:
    """One line that holds a key or starts a list item.

    `path` is the data path of the key, or of the list item for a line like "- 书面检查".
    Columns are character indexes in the line; `start` is where the key (or the item's
    value) begins, `dashes` where each "- " on the line stands.
    """

    line: int
    path: tuple[PathStep, ...]
    start: int
    dashes: tuple[int, ...] = ()
    key: str | None = None
    key_end: int = 0
    value: str = ""
    value_start: int = 0

    @property
    def first_column(self) -> int:
        """The column of the line's first marker: its first "- ", or its key."""
        return self.dashes[0] if self.dashes else self.start

    @property
    def block_scalar(self) -> bool:
        """Whether the value is a | or > block whose text follows on deeper lines."""
        return bool(_BLOCK_SCALAR.match(self.value))


@dataclass(frozen=True)
class Cursor:
    """What the text before the cursor on one line says about where the clerk is typing.

    After "key: " the clerk types the value of `path`; otherwise a key of the mapping at
    `path` or, after "- ", the item at `path` (a value, or the first key of a mapping).
    """

    path: tuple[PathStep, ...]
    typed: str                  # the partial key or value before the cursor
    start: int                  # character index where `typed` begins
    in_value: bool = False      # after "key: "
    in_text: bool = False       # inside the text of a | or > block, or in a comment


@dataclass
class _Frame:
    column: int
    path: tuple[PathStep, ...]
    is_item: bool = False
    count: int = 0  # list items seen under this node so far


@dataclass
class _Scan:
    entries: list[Entry] = field(default_factory=list)
    # the frames open after each line that holds YAML syntax, for reading a line being typed
    stacks: dict[int, tuple[_Frame, ...]] = field(default_factory=dict)
    text_lines: set[int] = field(default_factory=set)  # lines of text inside | and > blocks

    def stack_before(self, line: int) -> list[_Frame]:
        """A copy of the frames open after the last syntax line above `line`."""
        above = [number for number in self.stacks if number < line]
        frames = self.stacks[max(above)] if above else (_Frame(-1, ()),)
        return _copied(frames)


class Outline:
    """Every key and list item of a text, with data paths, found by indentation."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = split_lines(text)
        self._scan = _scan(self.lines)
        self.entries = self._scan.entries
        self._by_line = {entry.line: entry for entry in self.entries}

    def entry(self, line: int) -> Entry | None:
        """The entry on 0-based `line`, if that line holds a key or a list item."""
        return self._by_line.get(line)

    def cursor(self, line: int, index: int) -> Cursor:
        """Where typing at character `index` of `line` goes, from the text before it."""
        prefix = self.lines[line][:index] if line < len(self.lines) else ""
        if line in self._scan.text_lines or _COMMENT.search(prefix):
            return Cursor((), "", index, in_text=True)
        stack = self._scan.stack_before(line)
        column = len(_INDENT.match(prefix).group())
        dashes = False
        while (dash := _DASH.match(prefix, column)) is not None:
            dashes = True
            _open_item(stack, column)
            column = dash.end()
        key = _key_at(prefix, column)
        if key is not None:
            path = _open_key(stack, column, key.group("key"))
            start = len(prefix) - len(prefix[key.end():].lstrip(" \t\u3000"))
            return Cursor(path, prefix[start:], start, in_value=True)
        if not dashes:
            _pop_to(stack, column)
        return Cursor(stack[-1].path, prefix[column:], column)

    def children(self, path: tuple[PathStep, ...]) -> list[Entry]:
        """Entries that begin a key or an item directly inside the mapping or list at `path`."""
        depth = len(path)
        return [e for e in self.entries if len(e.path) == depth + 1 and e.path[:depth] == path]

    def find(self, path: tuple[PathStep, ...]) -> Entry | None:
        """The first entry whose data path is `path`."""
        return next((e for e in self.entries if e.path == path), None)

    def scalar(self, path: tuple[PathStep, ...]) -> str | None:
        """The plain text written on the line of `path` (quotes removed), or None."""
        entry = self.find(path)
        if entry is None or not entry.value or entry.block_scalar:
            return None
        return unquoted(entry.value)

    def block_end(self, line: int, column: int) -> int:
        """The last line of the block whose marker (key or "- ") stands at `column` of `line`.

        That is the marker's line and its value's lines, without the blank lines and comments
        that precede the next marker.
        """
        following = next((e for e in self.entries if e.line > line and e.first_column <= column), None)
        last = (following.line if following else len(self.lines)) - 1
        while last > line and _is_blank_or_comment(self.lines[last]):
            last -= 1
        return last


def unquoted(value: str) -> str:
    """A one-line YAML scalar's text without its quotes."""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _copied(frames) -> list[_Frame]:
    return [_Frame(f.column, f.path, f.is_item, f.count) for f in frames]


def _is_blank_or_comment(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _key_at(line: str, column: int):
    for pattern in _KEY_PATTERNS:
        match = pattern.match(line, column)
        if match:
            return match
    return None


def _pop_to(stack: list[_Frame], column: int) -> None:
    """Leave the frames that a key at `column` closes (its siblings and everything deeper)."""
    while len(stack) > 1 and stack[-1].column >= column:
        stack.pop()


def _open_key(stack: list[_Frame], column: int, key: str) -> tuple[PathStep, ...]:
    _pop_to(stack, column)
    path = (*stack[-1].path, unquoted(key.strip()))
    stack.append(_Frame(column, path))
    return path


def _open_item(stack: list[_Frame], column: int) -> tuple[PathStep, ...]:
    # a "- " at the column of the key above it is that key's list ("key:\n- item")
    while len(stack) > 1 and (stack[-1].column > column or (stack[-1].column == column and stack[-1].is_item)):
        stack.pop()
    parent = stack[-1]
    path = (*parent.path, parent.count)
    parent.count += 1
    stack.append(_Frame(column, path, is_item=True))
    return path


def _scan(lines: list[str]) -> _Scan:
    """Entries of every syntax line, and the frames open after each of them."""
    scan = _Scan()
    stack = [_Frame(-1, ())]
    block_column: int | None = None  # inside a | or > block deeper than this column
    for number, line in enumerate(lines):
        indent = len(_INDENT.match(line).group())
        if block_column is not None and (not line.strip() or indent > block_column):
            if line.strip():
                scan.text_lines.add(number)
            continue
        block_column = None
        if _is_blank_or_comment(line) or line.startswith(("---", "...", "%")):
            continue
        entry = _read_line(stack, number, line, indent)
        scan.stacks[number] = tuple(_copied(stack))
        if entry is None:
            continue
        scan.entries.append(entry)
        if entry.block_scalar:
            block_column = entry.start if entry.key is not None else entry.dashes[-1]
    return scan


def _read_line(stack: list[_Frame], number: int, line: str, column: int) -> Entry | None:
    dashes = []
    path: tuple[PathStep, ...] | None = None
    while (dash := _DASH.match(line, column)) is not None:
        dashes.append(column)
        path = _open_item(stack, column)
        column = dash.end()
    key = _key_at(line, column)
    if key is None:
        if path is None:
            return None  # the continuation of a value written over several lines
        value = _COMMENT.sub("", line[column:]).strip()
        return Entry(number, path, column, tuple(dashes), value=value, value_start=column)
    path = _open_key(stack, column, key.group("key"))
    rest = line[key.end():]
    value = _COMMENT.sub("", rest).strip()
    value_start = key.end() + len(rest) - len(rest.lstrip(" \t\u3000"))
    return Entry(number, path, column, tuple(dashes), key.group("key"), key.end("key"), value, value_start)
