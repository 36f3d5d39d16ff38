"""Word-granular comparison of two Chinese texts.

Chinese has no spaces, so the texts are compared character by character and every change is
widened to whole words (found by the jieba segmenter): 「不低于20%」→「不低于30%」 changes the
word 20% rather than one digit, and a reworded phrase is one deletion and one insertion.
"""

from __future__ import annotations

import logging
import unicodedata
import warnings
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

# an unchanged stretch this short between two changes is swallowed by them (no confetti)
_SHORT_KEPT = 2


@dataclass(frozen=True)
class Piece:
    """A stretch of text that is kept (equal), removed (delete) or added (insert)."""

    op: str
    text: str


@lru_cache(maxsize=1)
def _segmenter():
    with warnings.catch_warnings():  # jieba 0.42 imports pkg_resources and has old escape sequences
        warnings.simplefilter("ignore")
        import jieba
    # it announces loading its dictionary on stderr, and logs a traceback when its cache cannot be written
    jieba.setLogLevel(logging.CRITICAL)
    return jieba.Tokenizer()


def word_starts(text: str) -> frozenset[int]:
    """Offsets in `text` where a word begins, plus the end of the text."""
    starts = {start for _, start, _ in _segmenter().tokenize(text)} if text else set()
    return frozenset(starts | {0, len(text)})


def word_diff(old: str, new: str) -> list[Piece]:
    """How `old` became `new`: equal, delete and insert pieces in reading order, deletions first."""
    if old == new:
        return [Piece("equal", old)] if old else []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    kept = [(a, b, size) for a, b, size in matcher.get_matching_blocks() if size]
    kept = _swallow_short(_widen(kept, old, new), old, new)
    return _pieces(kept, old, new)


def _widen(kept: list[tuple[int, int, int]], old: str, new: str) -> list[tuple[int, int, int]]:
    """Shrink kept stretches next to a change until every change starts and ends on a word boundary."""
    old_starts, new_starts = word_starts(old), word_starts(new)
    result: list[tuple[int, int, int]] = []
    for index, (a, b, size) in enumerate(kept):
        end_a, end_b = a + size, b + size
        if (a, b) != (_end(result[-1]) if result else (0, 0)):  # a change just before: move the start right to a boundary
            while a < end_a and not (a in old_starts and b in new_starts):
                a, b = a + 1, b + 1
        following = kept[index + 1][:2] if index + 1 < len(kept) else (len(old), len(new))
        if (end_a, end_b) != following:  # a change just after: move the end left to a boundary
            while end_a > a and not (end_a in old_starts and end_b in new_starts):
                end_a, end_b = end_a - 1, end_b - 1
        if end_a > a:
            result.append((a, b, end_a - a))
    return result


def _swallow_short(kept: list[tuple[int, int, int]], old: str, new: str) -> list[tuple[int, int, int]]:
    """Drop kept stretches of one or two characters between two changes, unless they are punctuation."""
    result = []
    for index, (a, b, size) in enumerate(kept):
        before = _end(kept[index - 1]) if index else (0, 0)
        after = kept[index + 1][:2] if index + 1 < len(kept) else (len(old), len(new))
        between = (a, b) != before and _end(kept[index]) != after
        if between and size <= _SHORT_KEPT and not any(_is_separator(ch) for ch in old[a:a + size]):
            continue
        result.append((a, b, size))
    return result


def _end(block: tuple[int, int, int]) -> tuple[int, int]:
    return block[0] + block[2], block[1] + block[2]


def _is_separator(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch).startswith("P")


def _pieces(kept: list[tuple[int, int, int]], old: str, new: str) -> list[Piece]:
    pieces: list[Piece] = []
    old_at = new_at = 0
    for a, b, size in [*kept, (len(old), len(new), 0)]:
        if a > old_at:
            pieces.append(Piece("delete", old[old_at:a]))
        if b > new_at:
            pieces.append(Piece("insert", new[new_at:b]))
        if size:
            pieces.append(Piece("equal", old[a:a + size]))
        old_at, new_at = a + size, b + size
    return pieces


def old_text(pieces: list[Piece]) -> str:
    """The text before the change."""
    return "".join(p.text for p in pieces if p.op != "insert")


def new_text(pieces: list[Piece]) -> str:
    """The text after the change."""
    return "".join(p.text for p in pieces if p.op != "delete")
