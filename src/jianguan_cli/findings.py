"""Findings: what every check produces and every reporter consumes."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(str, enum.Enum):
    """How bad a finding is; `off` disables a rule in settings."""

    ERROR = "error"
    WARNING = "warning"
    OFF = "off"

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "off": "关闭"}[self.value]


@dataclass(frozen=True, order=True, slots=True)
class Finding:
    """One problem at one place: 1-based line and column, path relative to the repo root."""

    path: str
    line: int
    column: int
    rule: str
    severity: Severity
    message: str
    hint: str = ""
    data_path: str = ""  # where in the data (content[2].text); stable when lines move

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "hint": self.hint,
        }


def data_path_text(path: tuple) -> str:
    """("content", 2, "text") → "content[2].text"."""
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


@dataclass(frozen=True)
class Problem:
    """A rule's or the schema's complaint, located by a data path or by an explicit position.

    The engine stamps the rule's ID (the schema stage names one of its own S rules) and turns
    it into a Finding: at the path's position in the file (the key itself with `at_key`, the
    place of `needle` inside the value when given), or at `line`:`column` of `file`.
    """

    message: str
    hint: str = ""
    path: tuple = ()
    at_key: bool = False
    needle: str | None = None
    rule: str = ""
    file: str = ""  # another file than the one checked: a measure, for a repository rule
    line: int = 0  # an explicit position, for what has no data path of its own
    column: int = 0
    cause: str = ""  # the rule whose finding explains this one: left out while that rule is on


class JianguanError(Exception):
    """A failure that stops the run: bad settings, catalogue or schema (exit code 3 unless given)."""

    exit_code = 3

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class UsageError(JianguanError):
    """The command line asked for something impossible (exit code 2)."""

    exit_code = 2


class Interrupted(JianguanError):
    """Stopped part-way (Ctrl-C) after some files were already written: the message lists them."""

    exit_code = 130
