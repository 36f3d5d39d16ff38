"""The status table (jianguan status): progress per department as text, JSON or CSV."""

from __future__ import annotations

import csv
import json
from typing import TextIO

from rich import box
from rich.console import Console
from rich.table import Table

from jianguan_cli.coverage import UNFINISHED, Coverage, DepartmentTally
from jianguan_cli.domain import STAGE_SHORT, STATUSES
from jianguan_cli.safe_text import csv_safe

# Two-character headers keep 15 departments on one 80-column screen; the caption explains them.
_COLUMNS = ["事项", "已编", "待填", *(STAGE_SHORT[status] for status in STATUSES), "逾期", "覆盖"]
_LEGEND = ("已编＝已写完（没有待填写和错误）　待填＝待填写（文件中还有待填写的内容或错误）\n"
           + "".join(f"{STAGE_SHORT[status]}＝{status}　" for status in STATUSES if STAGE_SHORT[status] != status)
           + "覆盖＝已写完的比例")
_HEADERS = ["部门编号", "部门", "事项数", "已编写", UNFINISHED, *STATUSES, "逾期", "覆盖率"]


def _cells(row: DepartmentTally) -> list:
    return [row.items, row.written, row.unfinished, *(row.stages[s] for s in STATUSES), row.overdue,
            f"{row.percent:g}%"]


def render_status_text(progress: Coverage, stream: TextIO) -> None:
    """A compact table (one line per department, totals last), then the missing and overdue items."""
    console = Console(file=stream, highlight=False, soft_wrap=True)
    table = Table(title=f"事中事后监管办法编写进度（截至 {progress.today}）", caption=_LEGEND,
                  show_footer=True, box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    footers = ["合计", *(str(c) for c in _cells(progress.total))]
    table.add_column("部门", footer=footers[0], no_wrap=True)
    for header, footer in zip(_COLUMNS, footers[1:], strict=True):
        table.add_column(header, footer=footer, justify="right", no_wrap=True, min_width=4)
    for row in progress.departments:
        style = "red" if row.overdue or row.written < row.items else None
        table.add_row(row.short, *(str(c) for c in _cells(row)), style=style)
    console.print(table)
    if progress.missing:
        console.print(f"缺少监管办法（{len(progress.missing)} 个事项）：", style="bold")
        for state in progress.missing:
            console.print(f"  {state.item.code} {state.item.name} → {state.expected}", highlight=False)
    if progress.unfinished:
        console.print(f"待填写（{len(progress.unfinished)} 份，运行 jianguan lint 查看还要填写的地方）：", style="bold")
        for state in progress.unfinished:
            console.print(f"  {state.measure.path}", highlight=False)
    if progress.overdue:
        console.print(f"逾期（{len(progress.overdue)} 份）：", style="bold")
        for state in progress.overdue:
            console.print(f"  {state.measure.path}：{'；'.join(state.late)}", highlight=False)
    if not progress.missing and not progress.unfinished and not progress.overdue:
        console.print("全部事项都有写完的监管办法，没有逾期。", style="green")


def render_status_json(progress: Coverage, stream: TextIO) -> None:
    """The same numbers as JSON (the coverage object of the check report, plus totals)."""
    json.dump({"version": 1, **progress.as_dict(), "total": progress.total.as_dict()}, stream,
              ensure_ascii=False, indent=2)
    stream.write("\n")


def render_status_csv(progress: Coverage, stream: TextIO) -> None:
    """One row per department plus a totals row; a BOM so Excel reads the Chinese headers."""
    stream.write("\ufeff")
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(_HEADERS)
    for row in [*progress.departments, progress.total]:
        writer.writerow([csv_safe(row.id), csv_safe(row.name), *_cells(row)])


STATUS_RENDERERS = {"text": render_status_text, "json": render_status_json, "csv": render_status_csv}
