"""`render`: the portal's site, official .docx and PDF."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from jianguan_cli.commands.base import (
    NO_CACHE_HELP,
    TODAY_HELP,
    app,
    checked,
    current_settings,
    err,
    parse_day,
    with_progress_bar,
)
from jianguan_cli.findings import JianguanError
from jianguan_cli.reporters import REPORTERS
from jianguan_cli.results import LintResult


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
    from jianguan_cli.rendering.publish import (
        Publisher,
        RenderRequest,
        outcome_lines,
        parse_formats,
        render_blank,
    )

    settings = current_settings()
    console = Console(highlight=False, soft_wrap=True, markup=False)
    if blank:
        written = render_blank(settings, out or settings.root / settings.output / "blank",
                               pdf="pdf" in parse_formats(render_format))
        console.print(f"已生成空白模版：{written}")
        return
    request = RenderRequest(parse_formats(render_format), tuple(codes or ()), department, drafts, fragment, out)
    result, coverage = checked(settings, parse_day(today), None, not no_cache)
    publisher = Publisher(settings, result, coverage, request)
    blocking = publisher.blocking()
    if blocking and not force:
        REPORTERS["text"](LintResult(blocking, len({f.path for f in blocking})), sys.stderr)
        raise JianguanError("要公布的监管办法有错误，已拒绝发布。请先修正，或加 --force 强制生成（不建议用于正式发布）。",
                            exit_code=1)
    # LibreOffice is slow: a PDF render always shows a bar
    outcomes = with_progress_bar(publisher.expected_files(), publisher.run, minimum=1 if "pdf" in request.formats else 200)
    for note in publisher.notes:
        err.print(f"提示：{note}", markup=False)
    for outcome in outcomes:
        for warning in outcome.warnings:
            err.print(f"警告：{warning}", markup=False)
    for line in outcome_lines(outcomes):
        console.print(line)
