"""The application and what its commands share: options, settings, the catalogue guard, reports."""

from __future__ import annotations

import datetime as dt
import enum
import io
import os
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from jianguan_cli import __version__
from jianguan_cli.catalog import CatalogError
from jianguan_cli.cli_click import use_chinese_help_option
from jianguan_cli.fileio import write_atomic
from jianguan_cli.findings import JianguanError, UsageError
from jianguan_cli.linting import catalog_findings, settings_findings
from jianguan_cli.linting.check import run_check
from jianguan_cli.reporters import REPORTERS, reporter
from jianguan_cli.reporters.status import STATUS_RENDERERS
from jianguan_cli.reporters.text import coverage_text, totals_text
from jianguan_cli.results import LintResult
from jianguan_cli.rules import RULES
from jianguan_cli.settings import Settings, SettingsError, load_settings

app = typer.Typer(
    name="jianguan",
    help="监管：行政审批事项事中事后监管办法的检查与发布工具。",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # plain help wraps long Chinese text; the rich panels cut it off at the terminal width
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


err = Console(stderr=True, highlight=False, soft_wrap=True)


use_chinese_help_option()


# the choices of --format are the reporters there are
ReportFormat = enum.Enum("ReportFormat", {name: name for name in REPORTERS}, type=str)
StatusFormat = enum.Enum("StatusFormat", {name: name for name in STATUS_RENDERERS}, type=str)


FORMAT_HELP = ("输出格式：text（给人看）、json、github（GitHub Actions 注释）、junit、sarif、gitlab"
               "（GitLab 代码质量报告）。在 GitHub Actions 中默认为 github，其他情况默认为 text。")
OUTPUT_HELP = "把报告写入文件（终端仍显示汇总）。"
STRICT_HELP = "有警告也判为不通过（退出码 1）。"
JOBS_HELP = "并行进程数，默认为 CPU 核数。"
TODAY_HELP = "按这一天判断是否逾期（年-月-日），默认为今天；用于得到可重复的结果。"
NO_GROUP_HELP = ("逐条列出每个问题。默认（仅 text 格式）同一文件中规则、内容都相同的问题只详细列出第一处，"
                 "其余各处在下面一行列出行号。")
NO_CACHE_HELP = "不使用缓存，重新检查每个文件（缓存在用户缓存目录中，不在数据仓库里）。"

# the options lint and check share (typer reads an option's declaration afresh for each command)
FORMAT_OPTION = typer.Option(None, "--format", "-f", help=FORMAT_HELP, show_default=False)
OUTPUT_OPTION = typer.Option(None, "--output", "-o", help=OUTPUT_HELP, show_default=False)
STRICT_OPTION = typer.Option(False, "--strict", help=STRICT_HELP)
JOBS_OPTION = typer.Option(None, "--jobs", "-j", min=1, help=JOBS_HELP, show_default=False)
NO_CACHE_OPTION = typer.Option(False, "--no-cache", help=NO_CACHE_HELP)
NO_GROUP_OPTION = typer.Option(False, "--no-group", help=NO_GROUP_HELP)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"jianguan {__version__}")
        raise typer.Exit()


debug_mode = {"on": bool(os.environ.get("JIANGUAN_DEBUG"))}


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_show_version, is_eager=True,
                                 help="显示版本号并退出。"),
    debug: bool = typer.Option(False, "--debug", help="出现内部错误时显示完整的 Python 调用栈（报告问题时附上）。"),
) -> None:
    """监管：行政审批事项事中事后监管办法的检查与发布工具。"""
    debug_mode["on"] = debug_mode["on"] or debug


def with_progress_bar(total: int, work, minimum: int = 200):
    """Run `work(advance)` with a progress bar on a terminal for long renders."""
    if total < minimum or not sys.stderr.isatty():
        return work(lambda: None)
    from rich.progress import Progress as Bar

    with Bar(console=err, transient=True) as bar:
        task = bar.add_task("生成页面", total=total)
        return work(lambda: bar.advance(task))


def chosen_format(report_format: Optional[ReportFormat]) -> str:
    if report_format is not None:
        return report_format.value
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def checked(settings: Settings, today: dt.date, jobs: Optional[int], use_cache: bool):
    result, coverage = catalog_guard(settings, run_check, settings, today, jobs, use_cache)
    say_notes(result)
    return result, coverage


def say_notes(result: LintResult) -> None:
    for note in result.notes:
        err.print(f"提示：{note}", markup=False)


def catalog_guard(settings: Settings, action, *args, report: tuple[str, Optional[Path]] = ("text", None),
                  group: bool = True):
    """Run `action`; a broken catalogue is printed with its findings and ends with exit code 3
    (and with `--output`, the report holds those findings in the chosen format)."""
    try:
        return action(*args)
    except CatalogError as error:
        findings = catalog_findings(error, settings)
        if report[0] == "text" or report[1] is not None:  # a report for a program goes to stdout or its file
            reporter("text", group=group)(LintResult(findings, 1), sys.stderr)
        write_failure_report(findings, *report)
        raise JianguanError(f"{error}，请先修正事项目录。") from None


def settings_for_report(chosen: str, output: Optional[Path]) -> Settings:
    """The settings; when they cannot be used, `--output` still gets a report saying so (J001)."""
    try:
        return current_settings()
    except SettingsError as error:
        write_failure_report(settings_findings(error), chosen, output)
        raise


def write_failure_report(findings: list, chosen: str, output: Optional[Path]) -> None:
    """The findings that stop a run, as a report in the chosen format: to `output`, or to stdout
    for a program's format (text for people is printed with the error)."""
    if output is not None:
        report_to_file(REPORTERS[chosen], LintResult(findings, 1), output)
    elif chosen != "text":
        REPORTERS[chosen](LintResult(findings, 1), sys.stdout)


def report_to_file(render, result: LintResult, output: Path) -> None:
    """Render the whole report first, then write it atomically: a failed run leaves no half report."""
    buffer = io.StringIO()
    render(result, buffer)
    write_atomic(output, buffer.getvalue())


def parse_day(text: Optional[str]) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--today 应为日期，写作 年-月-日，如 2017-06-01（现在是“{text}”）。") from None


def write_report(result: LintResult, chosen: str, output: Optional[Path], strict: bool, group: bool = True) -> int:
    """Write the report to stdout, or to `output` with the summary on the terminal; the exit code."""
    say_notes(result)
    render = reporter(chosen, group=group)
    if output is None:
        render(result, sys.stdout)
    else:
        report_to_file(render, result, output)
        console = Console(highlight=False, soft_wrap=True)
        console.print(totals_text(result))
        if result.coverage is not None:
            console.print(coverage_text(result.coverage))
        console.print(f"报告已写入 {output}")
    return result.exit_code(strict)


def current_settings() -> Settings:
    """The settings of the repository around the working folder, `[rules]` checked against the registry."""
    return load_settings(Path.cwd(), RULES)
