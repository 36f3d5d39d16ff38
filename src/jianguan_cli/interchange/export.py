"""Every measure joined with its catalogue item, for the district's supervision platform."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from dataclasses import dataclass

from jianguan_cli.coverage import Coverage
from jianguan_cli.domain import PUBLISHED
from jianguan_cli.rendering.viewmodel import MeasureView, plain_text
from jianguan_cli.safe_text import csv_safe, xml_safe
from jianguan_cli.summary import review_of

EXPORT_VERSION = 1
_ITEM_COLUMNS = (("code", "事项编码"), ("name", "事项名称"), ("category", "事项类别"),
                 ("department", "实施部门"), ("co_departments", "协办部门"))
_REVIEW_COLUMNS = (("status", "审核状态"), ("doc_number", "发文字号"), ("published", "公布日期"))
STATE_COLUMN = "进度"  # 待填写 for a file with placeholders or errors, else its review stage


def records(coverage: Coverage, data: dict[str, dict]) -> list[dict]:
    """One record per measure: its catalogue item, how far it got, and its data exactly as in the file."""
    found = []
    for state in coverage.items:
        if state.item.code in data:
            item = dataclasses.asdict(state.item)
            item["co_departments"] = list(item["co_departments"])
            for key in ("index", "line", "column"):
                del item[key]
            found.append({"item": item, "path": state.measure.path, "state": state.state,
                          "measure": data[state.item.code]})
    return found


def to_json(district: str, rows: list[dict]) -> str:
    """One JSON document, versioned, with the measures' data unchanged."""
    document = {"version": EXPORT_VERSION, "district": district, "measures": rows}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


class Table:
    """The measures as one row each: catalogue columns, review columns, then every section as text."""

    def __init__(self, view: MeasureView, departments: dict[str, str]) -> None:
        self.view = view
        self.departments = departments
        self.sections = [(key, node.get("title", key)) for key, node in view.index.properties(()).items()
                         if key not in ("schema_version", "item")]

    @property
    def headers(self) -> list[str]:
        return ([title for _, title in _ITEM_COLUMNS] + [STATE_COLUMN] + [title for _, title in _REVIEW_COLUMNS]
                + [title for _, title in self.sections])

    def row(self, record: dict) -> list[str]:
        item, measure = record["item"], record["measure"]
        review = review_of(measure)
        cells = [item["code"], item["name"], item["category"], self.departments.get(item["department"], item["department"]),
                 "、".join(self.departments.get(d, d) for d in item["co_departments"]), record["state"]]
        cells += [str(review.get(key, "")) for key, _ in _REVIEW_COLUMNS]
        cells += [plain_text(self.view.blocks(measure[key], (key,))) if key in measure else ""
                  for key, _ in self.sections]
        return cells


def to_csv(table: Table, rows: list[dict]) -> str:
    """CSV with a BOM, so Excel opens the Chinese text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.headers)
    for record in rows:
        writer.writerow([csv_safe(cell) for cell in table.row(record)])
    return "\ufeff" + buffer.getvalue()


def _sheet_title(text: str, used: set[str]) -> str:
    title = re.sub(r"[\[\]:*?/\\]", "_", text)[:31] or "_"
    while title in used:
        title = title[:28] + f"_{len(used)}"
    used.add(title)
    return title


def _append(sheet, values: list) -> None:
    """A row of cells; text is always a string cell (never a formula) without control characters."""
    sheet.append([xml_safe(value) if isinstance(value, str) else value for value in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def to_xlsx(table: Table, rows: list[dict], coverage: Coverage) -> bytes:
    """A summary sheet, then one sheet per department with a row per measure."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    summary = workbook.active
    summary.title = "汇总"
    _append(summary, ["部门", "事项数", "已编写", "待填写", "未编写", PUBLISHED, "覆盖率（%）"])
    for dept in coverage.departments:
        _append(summary, [dept.name, dept.items, dept.written, dept.unfinished, dept.items - dept.files,
                          dept.stages[PUBLISHED], dept.percent])
    used = {"汇总"}
    for dept in coverage.departments:
        own = [record for record in rows if record["item"]["department"] == dept.id]
        if not own:
            continue
        sheet = workbook.create_sheet(_sheet_title(dept.short, used))
        _append(sheet, table.headers)
        for record in own:
            _append(sheet, table.row(record))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "C2"
    for cell in summary[1]:
        cell.font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass
class Export:
    """What `jianguan export` writes, how many measures it holds and which files it left out."""

    content: str | bytes
    count: int
    left_out: list[str]


def export_measures(coverage: Coverage, data: dict[str, dict], view: MeasureView, fmt: str,
                    files: list[str]) -> Export:
    """Every readable measure of a catalogue item as JSON, CSV or XLSX; the other `files` (unreadable,
    or of no item) are listed, not hidden."""
    rows = records(coverage, data)
    exported = {record["path"] for record in rows}
    left_out = [path for path in files if path not in exported]
    table = Table(view, coverage.names)
    content = {"json": lambda: to_json(coverage.district, rows), "csv": lambda: to_csv(table, rows),
               "xlsx": lambda: to_xlsx(table, rows, coverage)}[fmt]()
    return Export(content, len(rows), left_out)
