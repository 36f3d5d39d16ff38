"""The text report: `path:line:col: severity RULE message`, a hint under it, a summary."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from rich.console import Console
from rich.text import Text

from jianguan_cli.findings import Finding, Severity
from jianguan_cli.linting import LintResult

if TYPE_CHECKING:
    from jianguan_cli.coverage import Coverage

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


def coverage_text(coverage: Coverage) -> Text:
    """One line on how many catalogue items have a measure, telling files from finished measures."""
    total = coverage.total
    if not total.items:
        return Text("覆盖：事项目录中还没有事项。", style="bold red")
    style = "green" if total.written == total.items else "bold red"
    if not total.unfinished:
        return Text(f"覆盖：{total.written}/{total.items} 个事项有监管办法（{total.percent:g}%）", style=style)
    return Text(f"覆盖：{total.files}/{total.items} 个事项有监管办法文件，其中已写完 {total.written} 份、"
                f"待填写 {total.unfinished} 份（完成 {total.percent:g}%）", style=style)
