"""A rule's docstring (reStructuredText, readable as Python) as plain text for the terminal and README."""

from __future__ import annotations

import re

# ``literal``, `interpreted`, **strong**, *emphasis*: one alternation, so ``*每年*`` keeps its stars
_INLINE = re.compile(r"``(.+?)``|`([^`\n]+)`|\*\*(\S.*?)\*\*|\*(\S[^*\n]*?)\*")
_PUNCTUATION = frozenset("，。、；：？！（）【】《》「」『』“”‘’…—")
_WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")  # CJK, full-width forms


def plain_text(doc: str) -> str:
    """`doc` without reST markup: paragraphs on one line, `::` as a colon, examples indented by four spaces."""
    blocks: list[str] = []
    lines: list[str] = []
    literal = False
    for line in doc.splitlines() + [""]:
        if literal and (not line.strip() or line.startswith(" ")):
            lines.append(line)
            continue
        if literal:  # the first unindented line ends the example
            blocks.append(_example(lines))
            lines, literal = [], False
        if line.strip():
            lines.append(line.strip())
        elif lines:
            text = _joined(lines)
            literal = text.endswith("::")
            blocks.append(_introduction(text) if literal else _unmarked(text))
            lines = []
    if literal and lines:
        blocks.append(_example(lines))
    return "\n\n".join(block for block in blocks if block)


def first_paragraph(doc: str) -> str:
    """The first paragraph of `doc` as plain text, on one line."""
    return plain_text(doc).split("\n\n", 1)[0]


def _joined(lines: list[str]) -> str:
    """A paragraph's lines on one line, spaced as the docstrings are written: none between Chinese
    characters, beside Chinese punctuation or between Chinese and a number (每年3月), one beside a
    Latin word (目录 catalog.yaml)."""
    text = lines[0]
    for line in lines[1:]:
        left, right = text[-1], line[0]
        tight = (left in _PUNCTUATION or right in _PUNCTUATION
                 or (_WIDE.match(left) or left.isdigit()) and (_WIDE.match(right) or right.isdigit()))
        text += line if tight else " " + line
    return text


def _unmarked(text: str) -> str:
    return _INLINE.sub(lambda m: next(group for group in m.groups() if group is not None), text)


def _introduction(text: str) -> str:
    """The paragraph before an example: `说明::` becomes `说明：`, `说明 ::` and a bare `::` lose it."""
    text = _unmarked(text[:-2])
    if not text or text.endswith(" "):
        return text.rstrip()
    return text + "："


def _example(lines: list[str]) -> str:
    """An indented example, kept exactly, indented by four spaces."""
    while lines and not lines[-1].strip():
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    indent = min(len(line) - len(line.lstrip()) for line in lines if line.strip())
    return "\n".join(("    " + line[indent:]) if line.strip() else "" for line in lines)
