"""`lint`, `check` and `status`: findings and progress."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from jianguan_cli.commands.base import (
    FORMAT_OPTION,
    JOBS_OPTION,
    NO_CACHE_HELP,
    NO_CACHE_OPTION,
    NO_GROUP_OPTION,
    OUTPUT_OPTION,
    STRICT_OPTION,
    TODAY_HELP,
    ReportFormat,
    StatusFormat,
    app,
    catalog_guard,
    checked,
    chosen_format,
    current_settings,
    parse_day,
    settings_for_report,
    write_report,
)
from jianguan_cli.linting.check import run_check, run_lint
from jianguan_cli.reporters.status import STATUS_RENDERERS


@app.command(short_help="检查监管办法文件（格式、模板、实施意见的规则）。",
             help="检查监管办法文件：格式、模板和实施意见的各项规则（默认检查 measures/ 下的全部文件）。")
def lint(
    paths: Optional[list[Path]] = typer.Argument(None, help="要检查的文件或文件夹，默认为 measures/。",
                                                  show_default=False),
    report_format: Optional[ReportFormat] = FORMAT_OPTION,
    output: Optional[Path] = OUTPUT_OPTION,
    strict: bool = STRICT_OPTION,
    jobs: Optional[int] = JOBS_OPTION,
    no_cache: bool = NO_CACHE_OPTION,
    no_group: bool = NO_GROUP_OPTION,
) -> None:
    chosen = chosen_format(report_format)
    settings = settings_for_report(chosen, output)
    result = catalog_guard(settings, run_lint, settings, list(paths or []), jobs, not no_cache,
                           report=(chosen, output), group=not no_group)
    raise typer.Exit(write_report(result, chosen, output, strict, group=not no_group))


@app.command(short_help="CI 关卡：全部监管办法、事项目录、覆盖情况和期限。",
             help="CI 检查（区编办在每次合并时运行）：检查全部监管办法、事项目录本身、"
                  "每个事项是否都有且只有一份监管办法，以及报送、公布期限。")
def check(
    report_format: Optional[ReportFormat] = FORMAT_OPTION,
    output: Optional[Path] = OUTPUT_OPTION,
    strict: bool = STRICT_OPTION,
    today: Optional[str] = typer.Option(None, "--today", help=TODAY_HELP, show_default=False),
    jobs: Optional[int] = JOBS_OPTION,
    no_cache: bool = NO_CACHE_OPTION,
    no_group: bool = NO_GROUP_OPTION,
) -> None:
    chosen = chosen_format(report_format)
    settings = settings_for_report(chosen, output)
    result, _ = catalog_guard(settings, run_check, settings, parse_day(today), jobs, not no_cache,
                              report=(chosen, output), group=not no_group)
    raise typer.Exit(write_report(result, chosen, output, strict, group=not no_group))


@app.command(short_help="各部门编写和审核进度表。",
             help="各部门编写进度：事项数、已编写、各审核阶段数量、逾期和覆盖率，以及缺少和逾期的事项。")
def status(
    department: Optional[str] = typer.Option(None, "--department", "-d",
                                             help="只看一个部门（编号、全称或简称）。", show_default=False),
    status_format: StatusFormat = typer.Option(StatusFormat.text, "--format", "-f",
                                               help="输出格式：text（表格）、json 或 csv（可用 Excel 打开）。"),
    today: Optional[str] = typer.Option(None, "--today", help=TODAY_HELP, show_default=False),
    no_cache: bool = typer.Option(False, "--no-cache", help=NO_CACHE_HELP),
) -> None:
    settings = current_settings()
    _, coverage = checked(settings, parse_day(today), None, not no_cache)
    if department is not None:
        coverage = coverage.only(coverage.department_id(department))
    STATUS_RENDERERS[status_format.value](coverage, sys.stdout)
