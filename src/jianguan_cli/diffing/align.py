"""Aligning two sequences (list items, document paragraphs): kept, changed, removed, added."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import TypeVar

T = TypeVar("T")
# two entries this alike (difflib ratio) are one entry changed, not one removed and one added
SIMILAR = 0.5
# above this many comparisons a changed stretch is paired in order instead of by best match
_PAIRING_BUDGET = 2500


@dataclass(frozen=True)
class Step:
    """One step of an alignment: `old`/`new` are indexes (None where the entry is absent)."""

    op: str  # "equal" | "change" | "delete" | "insert"
    old: int | None
    new: int | None


def align(old: Sequence[T], new: Sequence[T], key: Callable[[T], str], text: Callable[[T], str]) -> list[Step]:
    """Steps turning `old` into `new`: entries with equal keys are kept, similar texts are changed."""
    matcher = SequenceMatcher(None, [key(x) for x in old], [key(x) for x in new], autojunk=False)
    steps: list[Step] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            steps.extend(Step("equal", i, j) for i, j in zip(range(i1, i2), range(j1, j2)))
        else:
            steps.extend(_pair([text(x) for x in old[i1:i2]], [text(x) for x in new[j1:j2]], i1, j1))
    return steps


def similarity(a: str, b: str) -> float:
    """0 (nothing in common) to 1 (the same)."""
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return matcher.ratio() if matcher.real_quick_ratio() >= SIMILAR and matcher.quick_ratio() >= SIMILAR else 0.0


def _pair(old: list[str], new: list[str], old_base: int, new_base: int) -> list[Step]:
    """Pair similar entries in order (most total similarity); the others are removed or added."""
    pairs = _best_pairs(old, new) if len(old) * len(new) <= _PAIRING_BUDGET else _pairs_in_order(old, new)
    steps: list[Step] = []
    i = j = 0
    for pi, pj in [*pairs, (len(old), len(new))]:
        steps.extend(Step("delete", old_base + k, None) for k in range(i, pi))
        steps.extend(Step("insert", None, new_base + k) for k in range(j, pj))
        if pi < len(old):
            steps.append(Step("change", old_base + pi, new_base + pj))
        i, j = pi + 1, pj + 1
    return steps


def _best_pairs(old: list[str], new: list[str]) -> list[tuple[int, int]]:
    """The order-keeping pairing with the highest total similarity (a small dynamic programme)."""
    score = [[0.0] * (len(new) + 1) for _ in range(len(old) + 1)]
    alike = [[similarity(a, b) for b in new] for a in old]
    for i in range(len(old) - 1, -1, -1):
        for j in range(len(new) - 1, -1, -1):
            paired = alike[i][j] + score[i + 1][j + 1] if alike[i][j] >= SIMILAR else 0.0
            score[i][j] = max(score[i + 1][j], score[i][j + 1], paired)
    pairs, i, j = [], 0, 0
    while i < len(old) and j < len(new):
        if alike[i][j] >= SIMILAR and score[i][j] == alike[i][j] + score[i + 1][j + 1]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif score[i][j] == score[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def _pairs_in_order(old: list[str], new: list[str]) -> list[tuple[int, int]]:
    return [(k, k) for k in range(min(len(old), len(new))) if similarity(old[k], new[k]) >= SIMILAR]
