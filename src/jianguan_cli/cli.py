"""The command line: parses options, calls the core, prints, returns exit codes."""

from __future__ import annotations

import difflib
import enum
import os
import sys
import traceback
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from jianguan_cli import __version__
from jianguan_cli.catalog import CatalogError
from jianguan_cli.findings import JianguanError, UsageError
from jianguan_cli.linting import LintResult, catalog_findings, collect_files, lint_files, open_catalog
from jianguan_cli.reporters import REPORTERS
from jianguan_cli.rules import RULES
from jianguan_cli.settings import load_settings

app = typer.Typer(
    name="jianguan",
    help="监管：行政审批事项事中事后监管办法的检查与发布工具。",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class ReportFormat(str, enum.Enum):
    text = "text"
    json = "json"


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"jianguan {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_show_version, is_eager=True,
                                 help="显示版本号并退出。"),
) -> None:
    """监管：行政审批事项事中事后监管办法的检查与发布工具。"""


@app.command(help="检查监管办法文件：格式、模板和实施意见的各项规则（默认检查 measures/ 下的全部文件）。")
def lint(
    paths: Optional[list[Path]] = typer.Argument(None, help="要检查的文件或文件夹，默认为 measures/。",
                                                  show_default=False),
    report_format: ReportFormat = typer.Option(ReportFormat.text, "--format", "-f",
                                               help="输出格式：text（给人看）或 json（给程序用）。"),
    strict: bool = typer.Option(False, "--strict", help="有警告也判为不通过（退出码 1）。"),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1,
                                       help="并行进程数，默认为 CPU 核数。"),
) -> None:
    settings = load_settings(Path.cwd())
    try:
        catalog = open_catalog(settings)
    except CatalogError as error:
        REPORTERS["text"](LintResult(catalog_findings(error, settings), 1), sys.stderr)
        raise JianguanError(f"{error}，请先修正事项目录。") from None
    if catalog is None and report_format is ReportFormat.text:
        err.print(f"提示：没有找到事项目录 {settings.catalog}，已跳过与目录有关的规则（C、M4 开头的部分规则）。")
    files = collect_files(list(paths or []), settings.measures_path)
    if not files and report_format is ReportFormat.text:
        err.print(f"提示：没有找到要检查的 .yaml 文件（默认检查 {settings.measures}/）。")
    result = lint_files(settings, catalog, files, jobs)
    REPORTERS[report_format.value](result, sys.stdout)
    raise typer.Exit(result.exit_code(strict))


@app.command(help="列出全部检查规则；给出规则编号则详细说明该规则，并附正反示例。")
def rules(rule_id: Optional[str] = typer.Argument(None, help="规则编号，如 M401。", show_default=False)) -> None:
    out = Console(highlight=False, soft_wrap=True)
    if rule_id is None:
        table = Table("编号", "名称", "默认级别", "说明", title="jianguan 检查规则")
        for rule in sorted(RULES.values(), key=lambda r: r.id):
            table.add_row(rule.id, rule.title, rule.severity.label, rule.summary)
        out.print(table)
        out.print("运行 jianguan rules 规则编号 查看说明和示例；在 jianguan.toml 的 [rules] 中可调整级别或关闭。")
        return
    rule = RULES.get(rule_id.upper())
    if rule is None:
        close = difflib.get_close_matches(rule_id.upper(), list(RULES), n=1)
        raise UsageError(f"没有规则 {rule_id}" + (f"，是否想查 {close[0]}？" if close else "。运行 jianguan rules 查看全部规则。"))
    out.print(Text(f"{rule.id} {rule.title}（{rule.name}，默认级别：{rule.severity.label}）", style="bold"))
    out.print()
    out.print(Text(rule.doc))


def main() -> None:
    """Entry point: runs the app and turns every failure into a Chinese message and exit code."""
    try:
        code = app(standalone_mode=False)
    except typer.Exit as done:
        code = done.exit_code
    except JianguanError as error:
        err.print(Text(f"错误：{error}", style="bold red"))
        sys.exit(error.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        err.print("已中断。")
        sys.exit(130)
    except _CLICK_ERRORS as error:
        error.show()
        sys.exit(error.exit_code)
    except Exception as error:  # a bug in jianguan itself: say so, without a traceback
        if os.environ.get("JIANGUAN_DEBUG"):
            traceback.print_exc()
        err.print(Text(f"jianguan 内部错误：{error.__class__.__name__}: {error}", style="bold red"))
        err.print("请设置环境变量 JIANGUAN_DEBUG=1 重新运行，并把输出报告给维护人员。")
        sys.exit(3)
    sys.exit(code if isinstance(code, int) else 0)


def _click_errors() -> tuple[type[Exception], ...]:
    # Newer typer vendors click as typer._click; older ones use the click package.
    found = []
    for module in ("typer._click.exceptions", "click.exceptions"):
        try:
            found.append(__import__(module, fromlist=["ClickException"]).ClickException)
        except ImportError:
            pass
    return tuple(found)


_CLICK_ERRORS = _click_errors()
