"""`export`, `diff` and `import`: measures to and from other systems and versions."""

from __future__ import annotations

import datetime as dt
import enum
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from jianguan_cli.commands.base import (
    NO_CACHE_HELP,
    app,
    checked,
    current_settings,
    err,
)
from jianguan_cli.fileio import write_atomic_bytes


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

    settings = current_settings()
    result, coverage = checked(settings, dt.date.today(), None, not no_cache)
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

    outcome = run_diff(current_settings(), revision, diff_format.value, out)
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

    report = import_documents(current_settings(), files, output, force)
    info = Console(stderr=output == "-", highlight=False, soft_wrap=True, markup=False)
    problems = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)
    for kind, text in report_messages(report):
        if kind == DIFF:
            (sys.stderr if output == "-" else sys.stdout).write(text)
        else:
            (problems if kind == PROBLEM else info).print(text)
    sys.stdout.write(report.stdout)
    raise typer.Exit(report.exit_code)
