"""The result of a lint or check run: what every reporter consumes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jianguan_cli.findings import Finding, Severity
from jianguan_cli.summary import MeasureSummary

if TYPE_CHECKING:
    from jianguan_cli.coverage import Coverage


@dataclass
class LintResult:
    """Findings of one run in report order, the files read, and (for `check`) coverage."""

    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    measures: list[MeasureSummary] = field(default_factory=list)
    coverage: Coverage | None = None
    command: str = "lint"
    notes: list[str] = field(default_factory=list)  # said on the terminal, never part of a report

    @property
    def errors(self) -> int:
        return sum(f.severity is Severity.ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity is Severity.WARNING for f in self.findings)

    def exit_code(self, strict: bool = False) -> int:
        """0 clean, 1 when there are errors (or warnings with `strict`)."""
        return 1 if self.errors or (strict and self.warnings) else 0
