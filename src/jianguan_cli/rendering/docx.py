"""Official documents (.docx) in GB/T 9704-2012 format, styled by the reference .docx."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from docx import Document
from docx.shared import Pt

from jianguan_cli.rendering.viewmodel import Block, MeasureView, chinese_date, plain_text
from jianguan_cli.summary import review_of

_XML_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SHORT = 40  # a field this short goes on one line: 「名称：内容」
DRAFT_MARK = "草稿（未公布）"
_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def deterministic(docx_bytes: bytes) -> bytes:
    """The same package with fixed entry timestamps, so identical input gives identical bytes."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes))
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, _FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(fixed, source.read(info.filename))
    return target.getvalue()


class DocxWriter:
    """Writes measures into a document created from the reference .docx."""

    def __init__(self, reference: Path, view: MeasureView) -> None:
        self.reference = reference
        self.view = view
        self.warnings: list[str] = []

    def _new(self):
        document = Document(str(self.reference))
        body = document.element.body
        for child in list(body):
            if not child.tag.endswith("}sectPr"):
                body.remove(child)
        return document

    def _text(self, text: str) -> str:
        cleaned = _XML_FORBIDDEN.sub("", text)
        if cleaned != text:
            self.warnings.append(f"已删除 Word 不允许的控制字符：{text[:20]}…")
        return cleaned

    def _para(self, document, text: str, style: str = "Normal"):
        return document.add_paragraph(self._text(text), style=style)

    # measure content ---------------------------------------------------------------------
    def write_measure(self, document, title: str, data: dict) -> None:
        """Title and numbered sections of one measure."""
        self._para(document, title, "Title")
        self._blocks(document, self.view.heading_fields(data), level=2)  # code, name, responsible unit
        for section in self.view.sections(data):
            self._para(document, section.title, "Heading 1")
            self._blocks(document, section.blocks, level=2)

    def _blocks(self, document, blocks: list[Block], level: int) -> None:
        for block in blocks:
            if block.kind in ("text", "link"):
                self._para(document, block.text)
            elif block.kind == "list":
                numbered = len(block.items) > 1
                for number, entry in enumerate(block.items, start=1):
                    text = plain_text(entry)
                    self._para(document, f"（{number}）{text}" if numbered else text)
            elif block.kind == "table":
                self._table(document, block, level)
            elif block.kind == "fields":
                self._fields(document, block, level)

    def _table(self, document, block: Block, level: int) -> None:
        """Each row becomes a sub-heading (its first column) with the other columns below it."""
        heading = f"Heading {min(level, 4)}"
        for row in block.rows:
            self._para(document, plain_text(row[0]), heading)
            if len(row) == 2:  # e.g. 监管要点 → 具体内容: the content needs no title of its own
                self._blocks(document, row[1], level + 1)
                continue
            for header, cell in zip(block.headers[1:], row[1:], strict=True):
                if cell:
                    self._field(document, header, cell, level + 1)

    def _fields(self, document, block: Block, level: int) -> None:
        for title, content in block.fields:
            self._field(document, title, content, level)

    def _field(self, document, title: str, content: list[Block], level: int) -> None:
        text = plain_text(content)
        simple = all(b.kind in ("text", "link") for b in content)
        if simple and len(text) <= _SHORT:
            self._para(document, f"{title}：{text}")
        else:
            self._para(document, title, f"Heading {min(level + 1, 4)}")
            self._blocks(document, content, level + 2)

    def _signature(self, document, organ: str, date: str) -> None:
        gap = self._para(document, "")
        gap.paragraph_format.space_before = Pt(0)
        self._para(document, organ, "Signature")
        if date:
            self._para(document, date, "Signature")

    # documents -----------------------------------------------------------------------------
    def _draft_mark(self, document) -> None:
        """A draft is not an issued document: it says so before anything else."""
        mark = self._para(document, DRAFT_MARK)
        mark.runs[0].bold = True

    def measure_document(self, title: str, organ: str, data: dict, *, draft: bool = False) -> bytes:
        """One measure as its own document, signed by the department (marked when a draft)."""
        document = self._new()
        if draft:
            self._draft_mark(document)
        self.write_measure(document, title, data)
        date = _published(data)
        self._signature(document, organ, chinese_date(date) if date else "")
        _properties(document, title, organ, date)
        return self._save(document)

    def department_document(self, organ: str, measures: list[tuple[str, dict]], *, draft: bool = False) -> bytes:
        """The department's notice publishing its measures, each attached on a new page."""
        document = self._new()
        title = f"{organ}关于印发行政审批事项事中事后监管办法的通知"
        if draft:
            self._draft_mark(document)
        else:
            self._para(document, f"{organ}文件", "Issuer Mark")
        numbers = {review_of(data).get("doc_number") for _, data in measures}
        if not draft and len(numbers) == 1 and isinstance(next(iter(numbers)), str):  # one number, not invented
            self._para(document, next(iter(numbers)), "Document Number")
        self._para(document, title, "Title")
        self._para(document, "各有关单位：", "Addressee")
        names = "、".join(f"《{name}》" for name, _ in measures)
        self._para(document, f"现将{names}印发给你们，请认真贯彻执行。")
        self._attachment_list(document, [name for name, _ in measures])
        dates = sorted(filter(None, (_published(data) for _, data in measures)))
        self._signature(document, organ, chinese_date(dates[-1]) if dates else "")
        for number, (name, data) in enumerate(measures, start=1):
            label = self._para(document, f"附件{number}", "Attachment Label")
            label.paragraph_format.page_break_before = True
            self.write_measure(document, name, data)
        _properties(document, title, organ, dates[-1] if dates else "")
        return self._save(document)

    def _attachment_list(self, document, names: list[str]) -> None:
        """附件：1.名称 / 2.名称 … aligned under the first name (GB/T 9704 7.3.4)."""
        self._para(document, "")
        for number, name in enumerate(names, start=1):
            paragraph = self._para(document, f"{'附件：' if number == 1 else ''}{number}.{name}")
            if number > 1:
                paragraph.paragraph_format.first_line_indent = Pt(0)
                paragraph.paragraph_format.left_indent = Pt(32 + 48)

    def blank_document(self, schema_title: str) -> bytes:
        """The 附件1-style blank template: every section with its description as guidance."""
        document = self._new()
        self._para(document, "××××（事项）事中事后监管办法（模版）", "Title")
        for key, node in self.view.index.properties(()).items():
            if key in ("schema_version", "item"):
                continue
            self._para(document, node.get("title", key), "Heading 1")
            self._para(document, node.get("description", ""))
        _properties(document, "××××（事项）事中事后监管办法（模版）", schema_title, "")
        return self._save(document)

    @staticmethod
    def _save(document) -> bytes:
        buffer = io.BytesIO()
        document.save(buffer)
        return deterministic(buffer.getvalue())


def _published(data: dict) -> str:
    value = review_of(data).get("published")
    return value if isinstance(value, str) else ""


def _properties(document, title: str, author: str, date: str) -> None:
    """Core properties from the data, never from the clock."""
    props = document.core_properties
    when = dt.datetime(2000, 1, 1)
    if date:
        try:
            when = dt.datetime.fromisoformat(date)
        except ValueError:
            pass
    props.title, props.author, props.last_modified_by = title, author, author
    props.created = props.modified = when
    props.last_printed = when
    props.revision = 1
    props.comments = props.subject = props.keywords = props.category = ""
