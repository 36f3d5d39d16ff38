"""The text report: `path:line:col: severity RULE message`, a hint under it, repeats folded, a summary."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from rich.console import Console
from rich.text import Text

from jianguan_cli.findings import Finding, Severity
from jianguan_cli.reporters.grouping import (
    FindingGroup,
    common_problems,
    group_findings,
    repeats_text,
)
from jianguan_cli.results import LintResult

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


def finding_plain(finding: Finding) -> str:
    """finding_text without styles, built directly (300,000 findings must print in seconds)."""
    line = f"{finding.path}:{finding.line}:{finding.column}: {finding.severity.value} {finding.rule} {finding.message}"
    return f"{line}\n    提示：{finding.hint}" if finding.hint else line


def totals_text(result: LintResult) -> Text:
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


def render_text(result: LintResult, stream: TextIO, group: bool = True) -> None:
    """Write findings by file, repeats folded unless `group` is off, then the summary; colours only on a terminal."""
    console = Console(file=stream, highlight=False, soft_wrap=True)
    # rich lays out each Text (about 0.25 ms); without colours plain lines say the same far faster
    if console.is_terminal:
        entry, show = _styled_entry, console.print
    else:
        entry = _plain_entry
        show = lambda text="": stream.write(f"{text}\n")  # noqa: E731
    groups = group_findings(result.findings) if group else [FindingGroup(f) for f in result.findings]
    previous = None
    for item in groups:
        if previous is not None and item.first.path != previous:
            show()
        show(entry(item))
        previous = item.first.path
    if result.findings:
        show()
    common = common_problems(groups) if group else []
    if common:
        show("多个文件中都有的问题：")
        for line in common:
            show(f"    {line}")
        show()
    console.print(totals_text(result))
    if result.coverage is not None:
        console.print(coverage_text(result.coverage))


def _plain_entry(group: FindingGroup) -> str:
    repeats = repeats_text(group)
    return f"{finding_plain(group.first)}\n    {repeats}" if repeats else finding_plain(group.first)


def _styled_entry(group: FindingGroup) -> Text:
    text = finding_text(group.first)
    repeats = repeats_text(group)
    if repeats:
        text.append(f"\n    {repeats}")
    return text


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
