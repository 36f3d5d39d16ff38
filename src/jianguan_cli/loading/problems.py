"""A problem found while loading a file, before severity and path are attached."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LoadProblem:
    """A loader-level problem with its own 1-based position."""

    rule: str
    line: int
    column: int
    message: str
    hint: str = ""


class LoadFailure(Exception):
    """The file cannot be turned into data at all; carries the problems that say why."""

    def __init__(self, *problems: LoadProblem) -> None:
        super().__init__(problems[0].message if problems else "")
        self.problems = list(problems)
