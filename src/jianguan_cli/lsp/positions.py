"""Positions between jianguan and the editor.

jianguan counts 1-based lines and 1-based columns in characters (a Chinese character is one
column). The Language Server Protocol counts 0-based lines and, within a line, code units of
the encoding agreed at start-up: UTF-16 unless the client offers UTF-8 or UTF-32. A character
outside the Basic Multilingual Plane (𠀀, an emoji) is two UTF-16 units and four UTF-8 units.
"""

from __future__ import annotations

import re

from lsprotocol import types

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
BOM = "\ufeff"


def split_lines(text: str) -> list[str]:
    """The lines of `text` as the protocol counts them (LF, CRLF and CR end a line)."""
    return _LINE_BREAK.split(text)


def units(char: str, encoding: str) -> int:
    """How many code units of `encoding` one character takes."""
    if encoding == UTF32:
        return 1
    point = ord(char)
    if encoding == UTF8:
        return 1 if point < 0x80 else 2 if point < 0x800 else 3 if point < 0x10000 else 4
    return 2 if point > 0xFFFF else 1


def to_client(line: str, index: int, encoding: str = UTF16) -> int:
    """The protocol's `character` for the character index `index` of `line`."""
    prefix = line[:max(0, index)]
    if encoding == UTF32 or prefix.isascii():
        return len(prefix)
    return sum(units(char, encoding) for char in prefix)


def from_client(line: str, character: int, encoding: str = UTF16) -> int:
    """The character index of the protocol's `character` in `line`.

    A position inside a character (half of a surrogate pair) means that character; one past
    the end of the line means the end of the line.
    """
    if encoding == UTF32 or line.isascii():
        return min(max(0, character), len(line))
    counted = 0
    for index, char in enumerate(line):
        counted += units(char, encoding)
        if counted > character:
            return index
    return len(line)


def finding_start(lines: list[str], line: int, column: int) -> tuple[int, int]:
    """(0-based line, character index) of jianguan's 1-based `line` and `column` in `lines`.

    The loader drops a byte order mark before counting columns; an editor may keep it as the
    first character of the text.
    """
    number = min(max(0, line - 1), max(0, len(lines) - 1))
    index = max(0, column - 1)
    if number == 0 and lines and lines[0].startswith(BOM):
        index += 1
    return number, index


def client_range(lines: list[str], line: int, start: int, end: int, encoding: str = UTF16) -> types.Range:
    """The protocol's Range for characters `start`..`end` of 0-based `line`."""
    text = lines[line] if 0 <= line < len(lines) else ""
    return types.Range(types.Position(line, to_client(text, start, encoding)),
                       types.Position(line, to_client(text, end, encoding)))
