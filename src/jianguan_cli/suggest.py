"""“是否想写 …？”: the one way jianguan guesses what a mistyped word was meant to be."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

# How alike a mistyped word and a known one must be (difflib's ratio) to be offered, by what is typed:
CODE = 0.6  # keys, item codes, rule IDs, settings keys: short ASCII words where one slip is common
NAME = 0.5  # names in Chinese (departments, categories) and git revisions: longer, often abbreviated
CHOICE = 0.3  # one of a schema's few allowed values: any resemblance helps choosing from a short list
TITLE = 0.8  # a whole item name in a Word title: a match must be nearly certain, it decides a file's code


def closest(written: object, known: Iterable[str], cutoff: float = CODE) -> str | None:
    """The known word most like `written`, or None when none is alike enough."""
    found = difflib.get_close_matches(str(written), list(known), n=1, cutoff=cutoff)
    return found[0] if found else None
