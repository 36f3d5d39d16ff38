"""`new` and `fmt`: writing measure files."""

from __future__ import annotations

import difflib
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from jianguan_cli.commands.base import app, catalog_guard, current_settings, err
from jianguan_cli.fileio import write_atomic
from jianguan_cli.findings import Interrupted
from jianguan_cli.linting import collect_files


@app.command(short_help="按事项目录生成新的监管办法文件（带填写说明）。",
             help="为事项生成监管办法文件 measures/部门编号/事项编码.yaml：各部分齐全并附中文说明，"
                  "已按事项类别列出必须包含的监管要点、填好协办部门；需要填写的地方写着“待填写”，"
                  "jianguan lint 会一直提示，直到换成实际内容。不会覆盖已有文件。")
def new(
    codes: Optional[list[str]] = typer.Argument(None, help="事项编码，可写多个。", show_default=False),
    all_missing: bool = typer.Option(False, "--all-missing", help="为所有还没有监管办法的事项生成文件。"),
) -> None:
    from jianguan_cli.authoring.new_measures import create_measures, planned_measures

    settings = current_settings()
    named = list(codes or [])
    catalog, chosen = catalog_guard(settings, planned_measures, settings, named, all_missing)
    console = Console(highlight=False, soft_wrap=True)
    if not chosen:
        console.print("事项目录中的每个事项都已有监管办法文件，没有需要生成的。")
        return
    for written in create_measures(settings, catalog, chosen, named):
        console.print(f"已生成 {written}")


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
                                                  "GBK 编码转为 UTF-8，写成几行的中文句子接成一行（只在意思明确时修复）。"),
) -> None:
    from jianguan_cli.authoring.formatting import format_files

    settings = current_settings()
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
