"""Reading one sheet of an .xlsx by its real content, never by what it declares.

An .xlsx is a zip of XML parts and an untrusted spreadsheet can lie: a 5 KB file may declare a
cell at XFD1048576 (a library that fills the declared grid then needs gigabytes), unpack to
gigabytes (a zip bomb), or carry a DOCTYPE with entities (XXE, billion laughs). Here the parts
are size-checked before they are read, any DOCTYPE or entity is refused (defusedxml), the sheet
is parsed as a stream, and only the cells that hold something are kept: the cost follows the
content.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring, iterparse

from jianguan_cli.findings import JianguanError

MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # a district's list of a few thousand items unpacks to a few MB
MAX_ROWS = 20_000  # rows that hold something; far more than any district's list of items
MAX_COLUMNS = 256  # columns read; cells further right are left out (and said)

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PACKAGE_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_CELL = re.compile(r"^([A-Z]{1,3})([1-9]\d{0,6})$")


class SheetError(JianguanError):
    """The workbook cannot be read; the message says why (exit code 3)."""


@dataclass
class Sheet:
    """The cells that hold text, by (row, column), 1-based; merged ranges as they are written."""

    cells: dict[tuple[int, int], str] = field(default_factory=dict)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # min row, min col, max row, max col
    cut_columns: bool = False  # cells beyond MAX_COLUMNS were left out


def read_sheet(raw: bytes, sheet_name: str | None) -> Sheet:
    """The named (or first) worksheet of an .xlsx."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        unpacked = sum(entry.file_size for entry in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as error:
        raise SheetError(f"不是有效的 .xlsx 文件（{error.__class__.__name__}），请用 Excel 或 WPS 打开后另存为 .xlsx。") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise SheetError(f"解压后有 {unpacked // 1024 // 1024} MB，超过 {MAX_UNPACKED_BYTES // 1024 // 1024} MB，"
                         "不像一份事项清单（可能是“压缩包炸弹”），未读取。")
    part = _sheet_part(archive, sheet_name)
    strings = list(_shared_strings(archive))
    return _cells(archive, part, strings)


def _xml(archive: zipfile.ZipFile, name: str):
    """A small part (workbook, relationships, shared strings) parsed, after refusing any DOCTYPE."""
    try:
        data = archive.read(name)
    except KeyError:
        raise SheetError(f"缺少 {name}，不是完整的 .xlsx 文件，请用 Excel 或 WPS 打开后另存为 .xlsx。") from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise SheetError(f"无法解压 {name}（{error.__class__.__name__}），文件可能已损坏。") from None
    try:
        return fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise _doctype(name) from None
    except ParseError as error:
        raise SheetError(f"{name} 不是有效的 XML（{error}），文件可能已损坏，请用 Excel 或 WPS 打开后另存为 .xlsx。") from None


def _doctype(name: str) -> SheetError:
    return SheetError(f"{name} 中有 DOCTYPE 或实体声明：正常的 .xlsx 没有这些（可能是 XXE 攻击），未读取。")


def _sheet_part(archive: zipfile.ZipFile, wanted: str | None) -> str:
    """The zip entry of the named sheet, or of the first one."""
    sheets = [(sheet.get("name", ""), sheet.get(_RELATIONSHIP, ""))
              for sheet in _xml(archive, "xl/workbook.xml").iter(f"{_MAIN}sheet")]
    if not sheets:
        raise SheetError("工作簿中没有工作表。")
    if wanted is not None and wanted not in {name for name, _ in sheets}:
        raise SheetError(f"没有工作表“{wanted}”，有：{'、'.join(name for name, _ in sheets)}", exit_code=2)
    relationship = next(rid for name, rid in sheets if wanted is None or name == wanted)
    targets = {rel.get("Id"): rel.get("Target", "")
               for rel in _xml(archive, "xl/_rels/workbook.xml.rels").iter(_PACKAGE_RELATIONSHIP)}
    target = targets.get(relationship, "")
    part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    if not target or part not in archive.namelist():
        raise SheetError("找不到工作表的内容，文件可能已损坏，请用 Excel 或 WPS 打开后另存为 .xlsx。")
    return part


def _shared_strings(archive: zipfile.ZipFile) -> Iterator[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return
    for item in _xml(archive, "xl/sharedStrings.xml").iter(f"{_MAIN}si"):
        yield _text(item)


def _text(element) -> str:
    """The visible text of a string item: its runs, without phonetic guides."""
    if element.find(f"{_MAIN}t") is not None and element.find(f"{_MAIN}r") is None:
        return element.findtext(f"{_MAIN}t") or ""
    return "".join(run.findtext(f"{_MAIN}t") or "" for run in element.iter(f"{_MAIN}r"))


def _cells(archive: zipfile.ZipFile, part: str, strings: list[str]) -> Sheet:
    sheet = Sheet()
    at = _Cursor()
    try:
        with archive.open(part) as stream:
            for event, element in iterparse(stream, events=("start", "end"), forbid_dtd=True):
                if event == "start":
                    if element.tag == f"{_MAIN}row":
                        at.next_row(element.get("r"))
                    continue
                if element.tag == f"{_MAIN}c":
                    _cell(sheet, element, strings, at)
                    element.clear()
                elif element.tag == f"{_MAIN}row":
                    element.clear()
                elif element.tag == f"{_MAIN}mergeCell":
                    sheet.merged.append(_range(element.get("ref", "")))
    except DefusedXmlException:
        raise _doctype(part) from None
    except ParseError as error:
        raise SheetError(f"工作表不是有效的 XML（{error}），文件可能已损坏，请用 Excel 或 WPS 打开后另存为 .xlsx。") from None
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise SheetError(f"无法解压工作表（{error.__class__.__name__}），文件可能已损坏。") from None
    return sheet


@dataclass
class _Cursor:
    """Where the next cell is when the file leaves out its position (r is optional in OOXML)."""

    row: int = 0
    column: int = 0
    rows: set[int] = field(default_factory=set)  # rows that hold something

    def next_row(self, written: str | None) -> None:
        self.row = int(written) if written and written.isdigit() else self.row + 1
        self.column = 0

    def cell(self, written: str | None) -> tuple[int, int]:
        if written:
            self.row, self.column = _position(written)
        else:
            self.column += 1
        return self.row, self.column


def _cell(sheet: Sheet, element, strings: list[str], at: _Cursor) -> None:
    row, column = at.cell(element.get("r"))
    value = _value(element, strings)
    if not value:
        return
    if column > MAX_COLUMNS:
        sheet.cut_columns = True
        return
    at.rows.add(row)
    if len(at.rows) > MAX_ROWS:
        raise SheetError(f"工作表中有内容的行超过 {MAX_ROWS:,} 行，不像一份事项清单，未读取。")
    sheet.cells[(row, column)] = value


def _value(element, strings: list[str]) -> str:
    kind = element.get("t", "n")
    if kind == "inlineStr":
        inline = element.find(f"{_MAIN}is")
        return _text(inline) if inline is not None else ""
    raw = element.findtext(f"{_MAIN}v") or ""
    if kind == "s":
        index = int(raw) if raw.isdigit() else -1
        return strings[index] if 0 <= index < len(strings) else ""
    if kind == "b":
        return "是" if raw == "1" else "否"
    if kind == "n" and raw:
        return _number(raw)
    return raw  # str (a formula's text result) and e (an error value) as written


def _number(raw: str) -> str:
    try:
        number = float(raw)
    except ValueError:
        return raw
    return str(int(number)) if number.is_integer() and abs(number) < 1e15 else raw


def _position(reference: str) -> tuple[int, int]:
    match = _CELL.match(reference)
    if match is None:
        raise SheetError(f"工作表中的单元格位置“{reference[:20]}”不对，文件可能已损坏。")
    column = 0
    for letter in match.group(1):
        column = column * 26 + ord(letter) - ord("A") + 1
    return int(match.group(2)), column


def _range(reference: str) -> tuple[int, int, int, int]:
    first, _, last = reference.partition(":")
    top, left = _position(first)
    bottom, right = _position(last or first)
    return top, left, bottom, right
