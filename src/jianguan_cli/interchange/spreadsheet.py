"""Rows of a spreadsheet (.xlsx, or .csv in UTF-8 or GBK) as text, with their row numbers."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from jianguan_cli.findings import JianguanError
from jianguan_cli.interchange.input_files import check_unpacked, read_limited

MAX_SPREADSHEET_BYTES = 50 * 1024 * 1024
# An .xlsx is a zip: a few kilobytes can unpack to gigabytes ("zip bomb"), so the unpacked size counts.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Row:
    """One spreadsheet row: its 1-based number as Excel shows it, and its cells as trimmed text."""

    number: int
    cells: tuple[str, ...]

    @property
    def blank(self) -> bool:
        return not any(self.cells)


def read_rows(path: Path, sheet: str | None = None) -> list[Row]:
    """Every row of the file's first (or named) sheet; raises JianguanError when it cannot be read."""
    raw = read_limited(path, MAX_SPREADSHEET_BYTES, "表格文件")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_rows(raw, path, sheet)
    if suffix in (".csv", ".txt", ".tsv"):
        return _csv_rows(_decoded(raw, path), path)
    if suffix in (".xls", ".et", ".ods"):
        raise JianguanError(f"{path} 是 {suffix} 格式：请在 Excel 或 WPS 中“另存为” .xlsx 或 .csv 后再导入。",
                            exit_code=2)
    raise JianguanError(f"{path}：只能导入 .xlsx 或 .csv 文件。", exit_code=2)


def _decoded(raw: bytes, path: Path) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
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
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        return [Row(number, tuple(_cell(value) for value in values))
                for number, values in enumerate(reader, start=1)]
    except csv.Error as error:
        raise JianguanError(f"{path} 不是有效的 CSV 文件（{error}）：请在 Excel 中另存为“CSV UTF-8”。") from None


def _xlsx_rows(raw: bytes, path: Path, sheet: str | None) -> list[Row]:
    import openpyxl

    try:
        check_unpacked(zipfile.ZipFile(io.BytesIO(raw)), path, MAX_UNPACKED_BYTES, "事项清单")
        book = openpyxl.load_workbook(io.BytesIO(raw), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise JianguanError(f"{path} 不是有效的 .xlsx 文件（{error.__class__.__name__}），"
                            "请用 Excel 或 WPS 打开后另存为 .xlsx。") from None
    if sheet is not None and sheet not in book.sheetnames:
        raise JianguanError(f"{path} 中没有工作表“{sheet}”，有：{'、'.join(book.sheetnames)}", exit_code=2)
    worksheet = book[sheet] if sheet else book.worksheets[0]
    grid = [[_cell(value) for value in values] for values in worksheet.iter_rows(values_only=True)]
    # A merged cell holds its value only in the top-left corner; staff expect it in every cell it covers.
    for merged in worksheet.merged_cells.ranges:
        value = grid[merged.min_row - 1][merged.min_col - 1]
        for row in range(merged.min_row - 1, min(merged.max_row, len(grid))):
            for column in range(merged.min_col - 1, min(merged.max_col, len(grid[row]))):
                grid[row][column] = value
    return [Row(number, tuple(values)) for number, values in enumerate(grid, start=1)]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())
