"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request."""

from __future__ import annotations

from typing import TextIO

from jianguan_cli.reporters.text import totals_text
from jianguan_cli.results import LintResult


def escape_data(text: str) -> str:
    """Escape a workflow command's message (GitHub's rules: %, CR and LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command property value (also : and ,)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(result: LintResult, stream: TextIO) -> None:
    """One `::error file=…,line=…,col=…,title=…::message` line per finding, then the summary."""
    for finding in result.findings:
        properties = ",".join(
            f"{key}={escape_property(str(value))}"
            for key, value in (("file", finding.path), ("line", finding.line), ("col", finding.column),
                               ("title", f"{finding.rule} {finding.message}"))
        )
        message = finding.message + (f"\n提示：{finding.hint}" if finding.hint else "")
        stream.write(f"::{finding.severity.value} {properties}::{escape_data(message)}\n")
    stream.write(totals_text(result).plain + "\n")
