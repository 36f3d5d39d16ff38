"""Rows of a spreadsheet (.xlsx, or .csv in UTF-8 or GBK) as text, with their row numbers."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from jianguan_cli.findings import JianguanError
from jianguan_cli.interchange.input_files import read_limited
from jianguan_cli.interchange.xlsx import MAX_COLUMNS, MAX_ROWS, Sheet, SheetError, read_sheet

MAX_SPREADSHEET_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Row:
    """One spreadsheet row: its 1-based number as Excel shows it, and its cells as trimmed text."""

    number: int
    cells: tuple[str, ...]

    @property
    def blank(self) -> bool:
        return not any(self.cells)


def read_rows(path: Path, sheet: str | None = None) -> list[Row]:
    """The rows that hold something in the file's first (or named) sheet, with their numbers;
    raises JianguanError when it cannot be read."""
    suffix = path.suffix.lower()
    if suffix in (".xls", ".et", ".ods"):
        raise JianguanError(f"{path} 是 {suffix} 格式：请在 Excel 或 WPS 中“另存为” .xlsx 或 .csv 后再导入。",
                            exit_code=2)
    if suffix not in (".xlsx", ".xlsm", ".csv", ".txt", ".tsv"):
        raise JianguanError(f"{path}：只能导入 .xlsx 或 .csv 文件。", exit_code=2)
    raw = read_limited(path, MAX_SPREADSHEET_BYTES, "表格文件")
    if suffix in (".xlsx", ".xlsm"):
        try:
            return _sheet_rows(read_sheet(raw, sheet))
        except SheetError as error:
            raise JianguanError(f"{path}：{error}", exit_code=error.exit_code) from None
    return _csv_rows(_decoded(raw, path), path)


def _decoded(raw: bytes, path: Path) -> str:
    try:
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            return raw.decode("utf-16")
    except UnicodeDecodeError as error:
        raise JianguanError(f"{path} 标明是 UTF-16 编码，但第 {error.start} 个字节起不是有效的 UTF-16"
                            "（可能有单独的代理字符）：请在 Excel 中另存为“CSV UTF-8”。") from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise JianguanError(f"{path} 既不是 UTF-8 也不是 GBK 编码的文本：请在 Excel 中另存为“CSV UTF-8”。")


def _csv_rows(text: str, path: Path) -> list[Row]:
    if "\x00" in text:
        raise JianguanError(f"{path} 含有空字节（NUL），不是文本表格：请在 Excel 中另存为“CSV UTF-8”。")
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    rows = []
    try:
        for number, values in enumerate(csv.reader(io.StringIO(text, newline=""), dialect), start=1):
            row = Row(number, tuple(_cell(value) for value in values[:MAX_COLUMNS]))
            if not row.blank:
                rows.append(row)
            if len(rows) > MAX_ROWS:
                raise JianguanError(f"{path} 中有内容的行超过 {MAX_ROWS:,} 行，不像一份事项清单，未读取。")
    except csv.Error as error:
        raise JianguanError(f"{path} 不是有效的 CSV 文件（{error}）：请在 Excel 中另存为“CSV UTF-8”。") from None
    return rows


def _sheet_rows(sheet: Sheet) -> list[Row]:
    """Rows of text from the sheet's cells; a merged cell's text reaches every cell it covers
    (within the rows and columns that hold something, whatever range the file declares)."""
    cells = dict(sheet.cells)
    last_row = max((row for row, _ in cells), default=0)
    last_column = max((column for _, column in cells), default=0)
    for top, left, bottom, right in sheet.merged:
        value = cells.get((top, left))
        if not value or top > last_row:
            continue
        for row in range(top, min(bottom, last_row) + 1):
            for column in range(left, min(right, last_column, MAX_COLUMNS) + 1):
                cells.setdefault((row, column), value)
    by_row: dict[int, dict[int, str]] = {}
    for (row, column), value in cells.items():
        by_row.setdefault(row, {})[column] = _cell(value)
    return [Row(number, tuple(columns.get(n, "") for n in range(1, max(columns) + 1)))
            for number, columns in sorted(by_row.items())]


def _cell(value: object) -> str:
    if value is None:
        return ""
    return " ".join(str(value).split())
