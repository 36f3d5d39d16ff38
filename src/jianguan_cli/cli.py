"""The command line: parses options, calls the core, prints, returns exit codes."""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import errno
import io
import os
import signal
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
from jianguan_cli.cli_click import CLICK_ERRORS, usage_message, use_chinese_help_option
from jianguan_cli.fileio import inside, os_reason, write_atomic, write_atomic_bytes
from jianguan_cli.findings import Interrupted, JianguanError, UsageError
from jianguan_cli.linting import (LintResult, catalog_findings, collect_files, lint_files, prepare_run,
                                 settings_findings)
from jianguan_cli.linting.check import run_check
from jianguan_cli.reporters import REPORTERS
from jianguan_cli.reporters.status import STATUS_RENDERERS
from jianguan_cli.reporters.text import coverage_text, summary_text
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


class ReportFormat(str, enum.Enum):
    text = "text"
    json = "json"
    github = "github"
    junit = "junit"
    sarif = "sarif"
    gitlab = "gitlab"


class StatusFormat(str, enum.Enum):
    text = "text"
    json = "json"
    csv = "csv"


FORMAT_HELP = ("输出格式：text（给人看）、json、github（GitHub Actions 注释）、junit、sarif、gitlab"
               "（GitLab 代码质量报告）。在 GitHub Actions 中默认为 github，其他情况默认为 text。")
OUTPUT_HELP = "把报告写入文件（终端仍显示汇总）。"
STRICT_HELP = "有警告也判为不通过（退出码 1）。"
JOBS_HELP = "并行进程数，默认为 CPU 核数。"
TODAY_HELP = "按这一天判断是否逾期（年-月-日），默认为今天；用于得到可重复的结果。"
NO_CACHE_HELP = "不使用缓存，重新检查每个文件（缓存在用户缓存目录中，不在数据仓库里）。"


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"jianguan {__version__}")
        raise typer.Exit()


_debug = {"on": bool(os.environ.get("JIANGUAN_DEBUG"))}


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_show_version, is_eager=True,
                                 help="显示版本号并退出。"),
    debug: bool = typer.Option(False, "--debug", help="出现内部错误时显示完整的 Python 调用栈（报告问题时附上）。"),
) -> None:
    """监管：行政审批事项事中事后监管办法的检查与发布工具。"""
    _debug["on"] = _debug["on"] or debug


@app.command(short_help="检查监管办法文件（格式、模板、实施意见的规则）。",
             help="检查监管办法文件：格式、模板和实施意见的各项规则（默认检查 measures/ 下的全部文件）。")
def lint(
    paths: Optional[list[Path]] = typer.Argument(None, help="要检查的文件或文件夹，默认为 measures/。",
                                                  show_default=False),
    report_format: Optional[ReportFormat] = typer.Option(None, "--format", "-f", help=FORMAT_HELP,
                                                         show_default=False),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help=OUTPUT_HELP, show_default=False),
    strict: bool = typer.Option(False, "--strict", help=STRICT_HELP),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help=JOBS_HELP, show_default=False),
    no_cache: bool = typer.Option(False, "--no-cache", help=NO_CACHE_HELP),
) -> None:
    chosen = _chosen_format(report_format)
    settings = _settings_for_report(chosen, output)
    catalog, _, cache = _catalog_guard(settings, prepare_run, settings, None, not no_cache, report=(chosen, output))
    if catalog is None and chosen == "text":
        err.print(f"提示：没有找到事项目录 {settings.catalog}，已跳过与目录有关的规则（C、M4 开头的部分规则）。")
    files = collect_files(list(paths or []), settings.measures_path)
    if not files and chosen == "text":
        err.print(f"提示：没有找到要检查的 .yaml 文件（默认检查 {settings.measures}/）。")
    result = lint_files(settings, catalog, files, jobs, cache=cache)
    raise typer.Exit(_report(result, chosen, output, strict))


@app.command(short_help="CI 关卡：全部监管办法、事项目录、覆盖情况和期限。",
             help="CI 检查（区编办在每次合并时运行）：检查全部监管办法、事项目录本身、"
                  "每个事项是否都有且只有一份监管办法，以及报送、公布期限。")
def check(
    report_format: Optional[ReportFormat] = typer.Option(None, "--format", "-f", help=FORMAT_HELP,
                                                         show_default=False),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help=OUTPUT_HELP, show_default=False),
    strict: bool = typer.Option(False, "--strict", help=STRICT_HELP),
    today: Optional[str] = typer.Option(None, "--today", help=TODAY_HELP, show_default=False),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help=JOBS_HELP, show_default=False),
    no_cache: bool = typer.Option(False, "--no-cache", help=NO_CACHE_HELP),
) -> None:
    chosen = _chosen_format(report_format)
    settings = _settings_for_report(chosen, output)
    result, _ = _catalog_guard(settings, run_check, settings, _day(today), jobs, not no_cache, report=(chosen, output))
    raise typer.Exit(_report(result, chosen, output, strict))


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
    settings = load_settings(Path.cwd())
    _, coverage = _checked(settings, _day(today), None, not no_cache)
    if department is not None:
        coverage = coverage.only(coverage.department_id(department))
    STATUS_RENDERERS[status_format.value](coverage, sys.stdout)


@app.command(short_help="生成可发布的网站、公文格式的 Word 和 PDF（只发布已公布的监管办法）。",
             help="生成可直接上传到部门网站和区政府门户网站的 HTML 网站（首页可筛选）、"
                  "公文格式（GB/T 9704）的 Word 文件和 PDF。只发布审核状态为“已公布”的监管办法；"
                  "这些监管办法有错误时拒绝发布，除非加 --force。加 --drafts 另外生成全部监管办法的内部审阅版。"
                  "只生成部分事项时，其余页面保持不变。")
def render(
    codes: Optional[list[str]] = typer.Argument(None, help="只重新生成这些事项（事项编码），其余页面保持不变。",
                                                show_default=False),
    render_format: str = typer.Option("html", "--format", "-f",
                                      help="输出格式：html（网站）、docx（公文格式的 Word 文件）、"
                                           "pdf（由 LibreOffice 转换），可用逗号同时生成，如 html,docx。"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="输出文件夹，默认为 build/html 或 build/docx；同时生成多种格式时为其下的 html/、docx/。",
                                       show_default=False),
    department: Optional[str] = typer.Option(None, "--department", "-d",
                                             help="只重新生成一个部门（编号、全称或简称），其余页面保持不变。",
                                             show_default=False),
    fragment: bool = typer.Option(False, "--fragment", help="另外生成只有正文的 HTML 片段（fragments/），"
                                                             "用于粘贴到门户网站的内容管理系统。"),
    drafts: bool = typer.Option(False, "--drafts", help="生成全部监管办法（含未公布的草稿）供内部审阅，每页标明"
                                                         "“草稿（未公布）”，默认输出到 build/drafts/，不要上传到门户网站。"),
    force: bool = typer.Option(False, "--force", help="要公布的监管办法有错误时仍然生成（不建议用于正式发布）。"),
    blank: bool = typer.Option(False, "--blank", help="只生成空白的监管办法模版（Word；加 --format pdf 时另有 PDF），"
                                                       "供仍在 Word 中起草的部门使用。"),
    today: Optional[str] = typer.Option(None, "--today", help=TODAY_HELP, show_default=False),
    no_cache: bool = typer.Option(False, "--no-cache", help=NO_CACHE_HELP),
) -> None:
    from jianguan_cli.rendering.publish import Publisher, RenderRequest, outcome_lines, parse_formats, render_blank

    settings = load_settings(Path.cwd())
    console = Console(highlight=False, soft_wrap=True, markup=False)
    if blank:
        written = render_blank(settings, out or settings.root / settings.output / "blank",
                               pdf="pdf" in parse_formats(render_format))
        console.print(f"已生成空白模版：{written}")
        return
    request = RenderRequest(parse_formats(render_format), tuple(codes or ()), department, drafts, fragment, out)
    result, coverage = _checked(settings, _day(today), None, not no_cache)
    publisher = Publisher(settings, result, coverage, request)
    blocking = publisher.blocking()
    if blocking and not force:
        REPORTERS["text"](LintResult(blocking, len({f.path for f in blocking})), sys.stderr)
        raise JianguanError("要公布的监管办法有错误，已拒绝发布。请先修正，或加 --force 强制生成（不建议用于正式发布）。",
                            exit_code=1)
    # LibreOffice is slow: a PDF render always shows a bar
    outcomes = _with_progress_bar(publisher.expected_files(), publisher.run, minimum=1 if "pdf" in request.formats else 200)
    for note in publisher.notes:
        err.print(f"提示：{note}", markup=False)
    for outcome in outcomes:
        for warning in outcome.warnings:
            err.print(f"警告：{warning}", markup=False)
    for line in outcome_lines(outcomes):
        console.print(line)


@app.command(short_help="按事项目录生成新的监管办法文件（带填写说明）。",
             help="为事项生成监管办法文件 measures/部门编号/事项编码.yaml：各部分齐全并附中文说明，"
                  "已按事项类别列出必须包含的监管要点、填好协办部门；需要填写的地方写着“待填写”，"
                  "jianguan lint 会一直提示，直到换成实际内容。不会覆盖已有文件。")
def new(
    codes: Optional[list[str]] = typer.Argument(None, help="事项编码，可写多个。", show_default=False),
    all_missing: bool = typer.Option(False, "--all-missing", help="为所有还没有监管办法的事项生成文件。"),
) -> None:
    from jianguan_cli.authoring.repository import schema_line
    from jianguan_cli.authoring.scaffold import Scaffold
    from jianguan_cli.resources import load_schema
    from jianguan_cli.schema import SchemaIndex

    settings = load_settings(Path.cwd())
    catalog, _, _ = _prepared(settings, None, True)
    if catalog is None:
        raise JianguanError(f"找不到事项目录 {settings.catalog}：jianguan new 按事项目录生成文件。")
    chosen = list(dict.fromkeys(codes or []))
    console = Console(highlight=False, soft_wrap=True)
    if all_missing:
        _, coverage = _checked(settings, dt.date.today(), None, True)
        chosen += [state.item.code for state in coverage.missing if state.item.code not in chosen]
        if not chosen:
            console.print("事项目录中的每个事项都已有监管办法文件，没有需要生成的。")
            return
    if not chosen:
        raise UsageError("请给出事项编码，或用 --all-missing 为所有还没有监管办法的事项生成文件。")
    scaffold = Scaffold(SchemaIndex(load_schema("measure")), catalog)
    for code in chosen:
        item = catalog.items.get(code)
        if item is None:
            guess = catalog.suggest_code(code)
            raise UsageError(f"事项目录中没有 {code}" + (f"，是否想写 {guess}？" if guess else "。"))
        path = settings.measures_path / item.department / f"{item.code}.yaml"
        if path.exists():
            if all_missing and code not in (codes or []):
                continue
            raise UsageError(f"{path.relative_to(settings.root)} 已存在，jianguan new 不会覆盖已有文件。")
        if path.exists() or path.is_symlink() or not inside(path.parent, settings.root):
            raise UsageError(f"{path.relative_to(settings.root)} 已存在或在数据仓库以外（符号链接），"
                             "jianguan new 不会写入。")
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, scaffold.text(item, schema_line(settings.root, path)))
        console.print(f"已生成 {path.relative_to(settings.root).as_posix()}")


@app.command(short_help="整理文件格式：键按模板顺序、2 个空格缩进，注释和内容不变。",
             help="整理监管办法和事项目录的格式：键按模板的顺序排列、2 个空格缩进、第一行为 $schema 注释、"
                  "统一换行符、去掉行尾空格；注释、引号和全部内容保持不变（整理前后逐项核对，"
                  "有任何差异就不修改该文件）。默认整理 measures/ 下的全部文件和 catalog.yaml。")
def fmt(
    paths: Optional[list[Path]] = typer.Argument(None, help="要整理的文件或文件夹，默认为 measures/ 和事项目录。",
                                                  show_default=False),
    check_only: bool = typer.Option(False, "--check", help="只检查，不修改；有文件需要整理时退出码为 1（用于 CI）。"),
    diff: bool = typer.Option(False, "--diff", help="显示每个文件将要做的改动，不修改。"),
    fix: bool = typer.Option(False, "--fix", help="同时修复中文输入法和复制粘贴造成的错误：全角冒号、中文键名、"
                                                  "全角空格和不换行空格用作格式、看不见的字符、“-”后缺少的空格，"
                                                  "GBK 编码转为 UTF-8（只在意思明确时修复）。"),
) -> None:
    from jianguan_cli.authoring.formatting import format_files

    settings = load_settings(Path.cwd())
    files = collect_files(list(paths or []), settings.measures_path)
    if not paths and settings.catalog_path.is_file():
        files.insert(0, settings.catalog_path)
    outcomes = format_files(settings, files, fix)
    console = Console(highlight=False, soft_wrap=True, markup=False)
    written: list[str] = []
    try:
        for outcome in outcomes:
            _report_formatting(console, outcome, check_only or diff, diff, written)
    except KeyboardInterrupt:
        raise Interrupted(f"已中断。已整理并写入 {len(written)} 个文件：{'、'.join(written) or '（无）'}；"
                          "其余文件没有改动。") from None
    changed = sum(outcome.changed for outcome in outcomes)
    refused = sum(outcome.refusal is not None for outcome in outcomes)
    verb = "需要整理" if check_only or diff else "已整理"
    console.print(f"{verb} {changed} 个文件，{len(outcomes) - changed - refused} 个文件已是规范格式"
                  + (f"，{refused} 个文件无法整理" if refused else "") + "。")
    raise typer.Exit(1 if refused or (changed and (check_only or diff)) else 0)


def _report_formatting(console: Console, outcome, dry: bool, diff: bool, written: list[str]) -> None:
    """Say (and unless `dry`, write) what formatting one file gives."""
    if outcome.refusal is not None:
        refusal = outcome.refusal
        err.print(f"{outcome.display}:{refusal.line}:{refusal.column}: 无法整理：{refusal}", markup=False)
    elif outcome.changed and dry:
        console.print(f"需要整理：{outcome.display}")
        if diff:
            before = outcome.before.decode("utf-8", "replace").splitlines(True)
            sys.stdout.write("".join(difflib.unified_diff(before, outcome.after.splitlines(True),
                                                          outcome.display, outcome.display)))
    elif outcome.changed:
        write_atomic(outcome.path, outcome.after)
        written.append(outcome.display)
        console.print(f"已整理：{outcome.display}")
    for repair in outcome.repairs if outcome.changed else ():
        console.print(f"    {repair}")


class ExportFormat(str, enum.Enum):
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


@app.command(short_help="导出全部监管办法（JSON、CSV 或 Excel），供其他平台使用。",
             help="把每份监管办法连同事项目录中的信息导出：json（一个文件，带版本号，数据与文件中完全一致）、"
                  "csv（每份办法一行，UTF-8 带 BOM，Excel 可直接打开）或 xlsx（每个部门一个工作表，另有汇总表）。")
def export(
    export_format: ExportFormat = typer.Option(ExportFormat.json, "--format", "-f", help="json、csv 或 xlsx。"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", show_default=False,
                                          help="写入文件；不给出时 json、csv 输出到屏幕，xlsx 写入 build/jianguan-export.xlsx。"),
    no_cache: bool = typer.Option(False, "--no-cache", help=NO_CACHE_HELP),
) -> None:
    from jianguan_cli.interchange.export import export_measures
    from jianguan_cli.rendering.publish import measure_data
    from jianguan_cli.rendering.viewmodel import MeasureView
    from jianguan_cli.resources import load_schema
    from jianguan_cli.schema import SchemaIndex

    settings = load_settings(Path.cwd())
    result, coverage = _checked(settings, dt.date.today(), None, not no_cache)
    view = MeasureView(SchemaIndex(load_schema("measure")))
    exported = export_measures(coverage, measure_data(settings, coverage), view, export_format.value,
                               [summary.path for summary in result.measures])
    target = output or (settings.root / settings.output / "jianguan-export.xlsx"
                        if export_format is ExportFormat.xlsx else None)
    if target is None:
        sys.stdout.write(exported.content)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        content = exported.content
        write_atomic_bytes(target, content if isinstance(content, bytes) else content.encode("utf-8"))
        Console(highlight=False, soft_wrap=True).print(f"已导出 {exported.count} 份监管办法：{target}")
    if exported.left_out:
        err.print(f"有 {len(exported.left_out)} 个文件没有导出（无法读取，或不是事项目录中的事项）："
                  f"{'、'.join(exported.left_out)}（运行 jianguan check 查看原因）。", markup=False)
        raise typer.Exit(1)


class DiffFormat(str, enum.Enum):
    text = "text"
    json = "json"
    html = "html"
    docx = "docx"


@app.command(short_help="与 git 中的某个版本比较：哪些监管办法改了什么（文字、JSON、网页对照、Word 修订）。",
             help="比较工作区的监管办法与 git 修订版本 REV（默认 HEAD；可写分支、标签或提交号）："
                  "列出新增、删除、修改和改名的监管办法，修改的内容按中文名称列出，改动的词语标出。"
                  "docx 格式为每份有改动的监管办法生成带 Word 修订（修订模式下可逐条接受或拒绝）的公文，"
                  "供报区编办审核、区法制办合法性审查。没有改动时退出码为 0，有改动时为 1，"
                  "REV 不存在或不在 git 仓库中时为 2。不会修改仓库、暂存区或工作区。")
def diff(
    revision: str = typer.Argument("HEAD", metavar="REV",
                                   help="与哪个版本比较：分支、标签（如上次报送时打的标签）或提交号。"),
    diff_format: DiffFormat = typer.Option(DiffFormat.text, "--format", "-f",
                                           help="text（给人看）、json（给其他系统）、html（网页对照）或 "
                                                "docx（带 Word 修订的公文，每份有改动的办法一个文件）。"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", show_default=False,
                                       help="输出文件夹：html、docx 默认为 build/diff/html、build/diff/docx；"
                                            "text、json 默认输出到屏幕，给出时写入该文件夹中的 diff.txt、diff.json。"),
) -> None:
    from jianguan_cli.diffing.command import run_diff

    outcome = run_diff(load_settings(Path.cwd()), revision, diff_format.value, out)
    if isinstance(outcome.report, str):
        sys.stdout.write(outcome.report)
    elif outcome.report is not None:
        Console(highlight=False, soft_wrap=True, markup=False).print(outcome.report, end="")
    for note in outcome.notes:
        Console(highlight=False, soft_wrap=True, markup=False).print(note)
    raise typer.Exit(outcome.exit_code)


@app.command("import", short_help="把 Word 文件（.docx）中的监管办法读回 YAML 文件。",
             help="读取在 Word、WPS 或 LibreOffice 中修改过的 jianguan 公文、填好的空白模版（render --blank）或"
                  "区里以前的监管办法 Word 文件，写成 measures/部门编号/事项编码.yaml：只认文件中看得见的文字，"
                  "事项编码按标题中的事项名称从事项目录查得。一份文件中有几份监管办法（通知的附件、汇编）就写几个文件。"
                  "认不出的段落逐段列出（页码、段落号、开头几个字），写作“待填写”并记在文件开头的注释中，"
                  "此时退出码为 1；已有的文件只在加 --force 时覆盖（保留注释和审核信息，先显示改动）。"
                  ".doc、.wps 请先另存为 .docx。")
def import_word(
    files: list[Path] = typer.Argument(..., help="Word 文件（.docx），可写多个。", show_default=False),
    output: Optional[str] = typer.Option(None, "--output", "-o", show_default=False,
                                         help="写到这个文件（- 表示输出到屏幕）；文件中有几份办法时写一个已有的文件夹，"
                                              "每份办法一个文件。不给出时写到 measures/部门编号/事项编码.yaml。"),
    force: bool = typer.Option(False, "--force", help="覆盖已有的文件：只替换正文中印出的内容，注释、事项编码、"
                                                      "审核信息和修订记录保持不变，改动先显示出来。"),
) -> None:
    from jianguan_cli.interchange.docx_import import import_documents
    from jianguan_cli.interchange.import_messages import DIFF, PROBLEM, report_messages

    report = import_documents(load_settings(Path.cwd()), files, output, force)
    info = Console(stderr=output == "-", highlight=False, soft_wrap=True, markup=False)
    problems = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)
    for kind, text in report_messages(report):
        if kind == DIFF:
            (sys.stderr if output == "-" else sys.stdout).write(text)
        else:
            (problems if kind == PROBLEM else info).print(text)
    sys.stdout.write(report.stdout)
    raise typer.Exit(report.exit_code)


class CiSystem(str, enum.Enum):
    github = "github"
    gitlab = "gitlab"
    none = "none"


@app.command(short_help="新建一个区的数据仓库（设置、事项目录、模板、CI 和编辑器文件）。",
             help="在文件夹中新建数据仓库：jianguan.toml、带说明的空事项目录 catalog.yaml、measures/、schemas/、"
                  ".gitignore、.pre-commit-config.yaml、CI 文件、.vscode/settings.json 和中文说明。不会覆盖已有文件。")
def init(
    folder: Path = typer.Argument(..., help="新数据仓库的文件夹（不存在时创建）。"),
    district: Optional[str] = typer.Option(None, "--district", help="行政区全称，如 兰州市七里河区；不给出时询问。",
                                           show_default=False),
    ci: CiSystem = typer.Option(CiSystem.github, "--ci", help="生成哪种 CI 文件：github、gitlab 或 none。"),
    submit_by: Optional[str] = typer.Option(None, "--submit-by", show_default=False,
                                            help="报编办审核的期限（年-月-日，不能早于今天）；不给出时在终端上询问，"
                                                 "否则不设期限，check 不报告逾期。"),
    publish_by: Optional[str] = typer.Option(None, "--publish-by", show_default=False,
                                             help="公布的期限（年-月-日，不能早于报送期限）；不给出时同上。"),
    jianguan_source: Optional[str] = typer.Option(
        None, "--jianguan-source", show_default=False,
        help="CI 和提交前检查从哪里安装 jianguan：git+仓库地址@提交号（本区 git 服务器）、jianguan==版本号"
             "（本区软件包镜像）或安装包的 https 地址；默认用本机 jianguan 的来源，无法确定时写入待填写的占位。"),
) -> None:
    from jianguan_cli.authoring.install_source import parse_source, running_source
    from jianguan_cli.authoring.repository import create_repository, new_deadlines

    interactive = sys.stdin.isatty()
    if district is None:
        if not interactive:
            raise UsageError("请用 --district 给出行政区全称，如 --district 兰州市七里河区。")
        district = typer.prompt("行政区全称（如 兰州市七里河区）")
    if interactive and submit_by is None and publish_by is None:
        submit_by = typer.prompt("报编办审核的期限（年-月-日，直接回车表示暂不设定）", default="", show_default=False)
        publish_by = typer.prompt("公布的期限（年-月-日，直接回车表示暂不设定）", default="", show_default=False)
    deadlines = new_deadlines(submit_by, publish_by, dt.date.today())
    source = parse_source(jianguan_source) if jianguan_source else running_source()
    written = create_repository(folder, district.strip(), ci.value, deadlines, source)
    console = Console(highlight=False, soft_wrap=True, markup=False)
    console.print(f"已在 {folder} 新建数据仓库（{len(written)} 个文件）。")
    if not deadlines.dates:
        console.print("没有设定报送和公布期限：jianguan check 不报告逾期，设定后在 jianguan.toml 的 [deadlines] 中填写。")
    if source is None:
        err.print("注意：无法确定本机 jianguan 的安装来源，CI 文件和 .pre-commit-config.yaml 中写了“待填写”的占位，"
                  "请改为本区 git 服务器或软件包镜像上的 jianguan（或用 --jianguan-source 重新生成）。", markup=False)
    else:
        console.print(f"CI 和提交前检查从这里安装 jianguan：{source.pip}（{source.origin}）")
    console.print("下一步：")
    console.print("  1. 运行 jianguan catalog import 权责清单.xlsx 导入部门和事项（或直接编辑 catalog.yaml）；")
    console.print("  2. 运行 jianguan new --all-missing 为每个事项生成监管办法文件。")


@app.command(short_help="输出或保存 JSON Schema（供编辑器显示中文提示）。",
             help="输出 JSON Schema（measure、catalog、report 或 diff，默认 measure）；"
                  "加 --out 文件夹 时把全部 Schema 都保存到该文件夹，供编辑器使用。")
def schema(
    name: str = typer.Argument("measure", help="measure（监管办法）、catalog（事项目录）、report（检查报告）"
                                               "或 diff（修订对照报告）。"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="把全部 Schema 保存到这个文件夹。",
                                       show_default=False),
) -> None:
    from jianguan_cli.resources import SCHEMA_NAMES, schema_dir

    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        for schema_name in SCHEMA_NAMES:
            target = out / f"{schema_name}.schema.json"
            write_atomic(target, (schema_dir() / target.name).read_text(encoding="utf-8"))
            Console(highlight=False, soft_wrap=True).print(f"已保存 {target}")
        return
    if name not in SCHEMA_NAMES:
        raise UsageError(f"没有 Schema “{name}”，可选：{'、'.join(SCHEMA_NAMES)}。")
    sys.stdout.write((schema_dir() / f"{name}.schema.json").read_text(encoding="utf-8"))


catalog_app = typer.Typer(help="事项目录（catalog.yaml）相关命令。", no_args_is_help=True,
                          rich_markup_mode=None, context_settings={"help_option_names": ["-h", "--help"]})
app.add_typer(catalog_app, name="catalog", short_help="事项目录：从权责清单表格导入。")


@catalog_app.command("import", short_help="从权责清单或行政许可事项清单（.xlsx、.csv）导入事项目录。",
                     help="从权责清单或行政许可事项清单（.xlsx，或 UTF-8、GBK 编码的 .csv）导入事项和部门到 "
                          "catalog.yaml：按常见的中文表头（事项编码、事项名称、事项类别、实施主体、设定依据、"
                          "共同审批部门……）认列，认不出的列用 --map 指定。已有的 catalog.yaml 只增改表格中的事项，"
                          "注释和其他事项保持不变。不能导入的行会列出行号，此时退出码为 1。")
def catalog_import(
    file: Path = typer.Argument(..., help="表格文件（.xlsx 或 .csv）。"),
    mapping: Optional[list[str]] = typer.Option(None, "--map", "-m", show_default=False,
                                                help="指定列：列名=字段，可写多次，如 --map 行政许可事项代码=code；"
                                                     "字段为 code、name、category、department、department_id、"
                                                     "department_short、co_departments、intermediary、basis 或其中文名。"),
    sheet: Optional[str] = typer.Option(None, "--sheet", help="工作表名称，默认为第一个工作表。",
                                        show_default=False),
    dry_run: bool = typer.Option(False, "--dry-run", help="只预览对 catalog.yaml 的改动，不写入。"),
) -> None:
    from jianguan_cli.interchange.catalog_import import parse_mapping
    from jianguan_cli.interchange.catalog_merge import plan_import
    from jianguan_cli.interchange.spreadsheet import read_rows

    settings = load_settings(Path.cwd())
    mapped = parse_mapping(list(mapping or []))
    display = settings.catalog
    try:
        before, imported, report = plan_import(settings, read_rows(file, sheet), mapped)
    except UsageError as error:
        raise UsageError(f"{file}：{error}") from None
    console = Console(highlight=False, soft_wrap=True, markup=False)  # cells may hold [brackets]
    console.print(f"{file} 第 {imported.header_row} 行为表头，读取的列：{_column_names(imported.columns)}")
    for note in imported.notes:
        err.print(f"提示：{note}", markup=False)
    for skipped in imported.skipped:
        console.print(f"跳过第 {skipped.row} 行“{skipped.message}”：不是事项（标题、说明或备注）。")
    for written, full in imported.derived:
        console.print(f"部门全称由简称推断：{written} → {full}（请在 catalog.yaml 中核对）")
    for problem in imported.problems:
        err.print(f"{file} 第 {problem.row} 行：{problem.message}", markup=False)
    _print_merge(console, report)
    if imported.problems:
        console.print(f"有 {len(imported.problems)} 行未导入，原因见各行的说明；改正表格后可再次导入。")
    if dry_run:
        sys.stdout.write("".join(difflib.unified_diff(before.splitlines(True), report.text.splitlines(True),
                                                      f"{display}（原）", f"{display}（导入后）")))
        console.print(f"（预览，未写入 {display}）")
    elif report.text != before:
        write_atomic(settings.catalog_path, report.text)
        console.print(f"已写入 {display}。下一步：jianguan new --all-missing 为每个事项生成监管办法文件。")
    raise typer.Exit(1 if imported.problems else 0)


def _column_names(columns: dict[str, str]) -> str:
    from jianguan_cli.interchange.catalog_import import FIELDS

    return "、".join(header if header == FIELDS[key][0] else f"{header}（{FIELDS[key][0]}）"
                    for key, header in columns.items())


def _print_merge(console: Console, report) -> None:
    console.print(f"新增事项 {len(report.added)} 个，更新 {len(report.changed)} 个，未变 {report.unchanged} 个。")
    if report.departments:
        console.print(f"新增部门：{'、'.join(report.departments)}（编号可在 catalog.yaml 中修改）")
    for code, changes in report.changed:
        console.print(f"  {code}：{'；'.join(changes)}")
    if report.untouched:
        console.print(f"目录中另有 {len(report.untouched)} 个事项不在表格中，未作改动。")


def _with_progress_bar(total: int, work, minimum: int = 200):
    """Run `work(advance)` with a progress bar on a terminal for long renders."""
    if total < minimum or not sys.stderr.isatty():
        return work(lambda: None)
    from rich.progress import Progress as Bar

    with Bar(console=err, transient=True) as bar:
        task = bar.add_task("生成页面", total=total)
        return work(lambda: bar.advance(task))


def _chosen_format(report_format: Optional[ReportFormat]) -> str:
    if report_format is not None:
        return report_format.value
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def _prepared(settings: Settings, today: Optional[dt.date], use_cache: bool):
    return _catalog_guard(settings, prepare_run, settings, today, use_cache)


def _checked(settings: Settings, today: dt.date, jobs: Optional[int], use_cache: bool):
    result, coverage = _catalog_guard(settings, run_check, settings, today, jobs, use_cache)
    _say_notes(result)
    return result, coverage


def _say_notes(result: LintResult) -> None:
    for note in result.notes:
        err.print(f"提示：{note}", markup=False)


def _catalog_guard(settings: Settings, action, *args, report: tuple[str, Optional[Path]] = ("text", None)):
    """Run `action`; a broken catalogue is printed with its findings and ends with exit code 3
    (and with `--output`, the report holds those findings in the chosen format)."""
    try:
        return action(*args)
    except CatalogError as error:
        findings = catalog_findings(error, settings)
        REPORTERS["text"](LintResult(findings, 1), sys.stderr)
        _write_failure_report(findings, *report)
        raise JianguanError(f"{error}，请先修正事项目录。") from None


def _settings_for_report(chosen: str, output: Optional[Path]) -> Settings:
    """The settings; when they cannot be used, `--output` still gets a report saying so (J001)."""
    try:
        return load_settings(Path.cwd())
    except SettingsError as error:
        _write_failure_report(settings_findings(error), chosen, output)
        raise


def _write_failure_report(findings: list, chosen: str, output: Optional[Path]) -> None:
    if output is not None:
        buffer = io.StringIO()
        REPORTERS[chosen](LintResult(findings, 1), buffer)
        write_atomic(output, buffer.getvalue())


def _day(text: Optional[str]) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--today 应为日期，写作 年-月-日，如 2017-06-01（现在是“{text}”）。") from None


def _report(result: LintResult, chosen: str, output: Optional[Path], strict: bool) -> int:
    """Write the report to stdout, or to `output` with the summary on the terminal; the exit code."""
    _say_notes(result)
    if output is None:
        REPORTERS[chosen](result, sys.stdout)
    else:
        buffer = io.StringIO()
        REPORTERS[chosen](result, buffer)
        write_atomic(output, buffer.getvalue())
        console = Console(highlight=False, soft_wrap=True)
        console.print(summary_text(result))
        if result.coverage is not None:
            console.print(coverage_text(result.coverage))
        console.print(f"报告已写入 {output}")
    return result.exit_code(strict)


@app.command(short_help="语言服务器（LSP）：在编辑器中边写边检查，悬停看说明，自动补全，快速修复。",
             help="启动语言服务器（Language Server Protocol，通过标准输入输出与编辑器通信），供 VS Code、Neovim、"
                  "Emacs、Sublime Text 等编辑器使用：输入时给出与 jianguan lint 完全相同的问题，悬停显示中文说明，"
                  "自动补全键名、可选值和缺少的监管要点，一键修复全角冒号等问题。由编辑器启动，不需要手动运行。")
def lsp(
    stdio: bool = typer.Option(False, "--stdio", help="通过标准输入输出通信（默认且唯一的方式；有的编辑器总是加上这个选项）。"),
) -> None:
    from jianguan_cli.lsp.server import serve

    if sys.stdin.isatty():  # stdio is the only transport; `stdio` is accepted, not needed
        err.print("jianguan lsp 是供编辑器使用的语言服务器，正在等待编辑器的消息（按 Ctrl-C 退出）。"
                  "配置方法见 README 的“编辑器中的检查”一节。")
    serve()


@app.command(short_help="列出检查规则，或说明一条规则。",
             help="列出全部检查规则；给出规则编号则详细说明该规则，并附正反示例。")
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


INTERRUPTED = "已中断。没有写完的文件已丢弃，原有文件和上一次的输出保持不变。"


_terminated = {"by": False}  # SIGTERM (a CI job cancelled, `kill`) stops like Ctrl-C, with the same word


def _terminate(signum, frame) -> None:
    _terminated["by"] = True
    raise KeyboardInterrupt


def main() -> None:
    """Entry point: runs the app and turns every failure into a Chinese message and exit code."""
    if "--debug" in sys.argv[1:]:  # accepted after the command too: jianguan check --debug
        sys.argv.remove("--debug")
        _debug["on"] = True
    signal.signal(signal.SIGTERM, _terminate)
    code = _run()
    try:
        sys.stdout.flush()
    except OSError as error:  # jianguan lint > /dev/full: the report never arrived
        code = _stdout_failed(error)
    sys.exit(code)


def _run() -> int:
    """Run the command; every way it can end becomes an exit code, with a Chinese word."""
    try:
        code = app(standalone_mode=False, prog_name="jianguan")
    except typer.Exit as done:
        code = done.exit_code
    except Interrupted as stop:
        err.print(str(stop), markup=False)
        return stop.exit_code
    except JianguanError as error:
        err.print(Text(f"错误：{error}", style="bold red"))
        return error.exit_code
    except (typer.Abort, KeyboardInterrupt):
        code = 130
    except CLICK_ERRORS as error:
        _usage(error)
        return error.exit_code
    except OSError as error:
        if error.errno in (errno.EPIPE, errno.ENOSPC, errno.EIO):
            return _stdout_failed(error)
        return _internal_error(error)
    except Exception as error:  # a bug in jianguan itself: say so, without a traceback
        return _internal_error(error)
    if code == 130:  # typer turns Ctrl-C into exit code 130 without a word
        err.print(INTERRUPTED)
        return 128 + signal.SIGTERM if _terminated["by"] else 130
    return code if isinstance(code, int) else 0


def _usage(error) -> None:
    message = usage_message(error)
    if message is None:
        error.show()
    else:
        command = error.ctx.command_path if getattr(error, "ctx", None) else "jianguan"
        err.print(f"错误：{message}", markup=False)
        err.print(f"运行 {command} -h 查看用法。", markup=False)


def _stdout_failed(error: OSError) -> int:
    """The terminal or file the output goes to took no more (a closed pipe, a full disk)."""
    try:
        sys.stdout = open(os.devnull, "w")  # nothing more is written where it failed, not even at exit
    except OSError:
        pass
    if error.errno == errno.EPIPE:  # jianguan lint | head: the reader has what it wanted
        return 1
    err.print(f"错误：无法写出结果（{os_reason(error)}）：检查输出重定向到的文件或磁盘。", markup=False)
    return 3


def _internal_error(error: Exception) -> int:
    if _debug["on"]:
        traceback.print_exc()
    err.print(Text(f"jianguan 内部错误：{error.__class__.__name__}: {error}", style="bold red"))
    if not _debug["on"]:
        err.print("请加 --debug 重新运行（如 jianguan --debug check），并把输出报告给维护人员。")
    return 3
