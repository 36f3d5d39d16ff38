"""The text report: `path:line:col: severity RULE message`, a hint under it, a summary."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.text import Text

from jianguan_cli.findings import Finding, Severity
from jianguan_cli.linting import LintResult

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow"}


def finding_text(finding: Finding) -> Text:
    """One finding as two lines: the location line and the indented hint."""
    text = Text()
    text.append(f"{finding.path}:{finding.line}:{finding.column}:", style="bold")
    text.append(" ")
    text.append(finding.severity.value, style=_STYLE[finding.severity])
    text.append(f" {finding.rule} ", style="cyan")
    text.append(finding.message)
    if finding.hint:
        text.append("\n    提示：", style="dim")
        text.append(finding.hint, style="dim")
    return text


def summary_text(result: LintResult) -> Text:
    """One summary line in Chinese."""
    if not result.findings:
        return Text(f"检查了 {result.files} 个文件，没有发现问题。", style="bold green")
    text = Text(f"检查了 {result.files} 个文件，发现 ")
    text.append(f"{result.errors} 个错误", style=_STYLE[Severity.ERROR] if result.errors else "")
    text.append("、")
    text.append(f"{result.warnings} 个警告", style=_STYLE[Severity.WARNING] if result.warnings else "")
    files_with = len({f.path for f in result.findings})
    text.append(f"（涉及 {files_with} 个文件）。")
    return text


def render_text(result: LintResult, stream: TextIO) -> None:
    """Write findings grouped by file, then the summary; colours only on a terminal."""
    console = Console(file=stream, highlight=False, soft_wrap=True)
    previous = None
    for finding in result.findings:
        if previous is not None and finding.path != previous:
            console.print()
        console.print(finding_text(finding))
        previous = finding.path
    if result.findings:
        console.print()
    console.print(summary_text(result))
    if result.coverage is not None:
        console.print(coverage_text(result.coverage))


def coverage_text(coverage: dict) -> Text:
    """One line on how many catalogue items have a measure."""
    complete = coverage["covered"] == coverage["items"]
    return Text(f"覆盖：{coverage['covered']}/{coverage['items']} 个事项有监管办法（{coverage['percent']:g}%）",
                style="green" if complete else "bold red")
