"""Official documents (.docx) in GB/T 9704-2012 format, styled by the reference .docx.

Every published measure is a 部门文件 (实施意见六(三)): the department's notice 关于印发《…》的通知 with the
measure as its single attachment. A department's measures together are one notice when they share a 发文字号
(or `[publication.notice_numbers]` gives one), otherwise a 汇编 with cover and 目录. A draft is not issued:
it carries 草稿（未公布） on every page and has no 版头, 发文字号 or 版记.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from jianguan_cli.rendering.docx_body import MeasurePrinter
from jianguan_cli.rendering.docx_compose import Composer
from jianguan_cli.rendering.docx_package import clean_package, deterministic, write_properties
from jianguan_cli.rendering.docx_parts import (attachment_list, bookmark, draft_mark, masthead, page_reference, record,
                                               signature)
from jianguan_cli.rendering.viewmodel import MeasureView, chinese_date
from jianguan_cli.settings import Publication
from jianguan_cli.summary import review_of

RECORD_VERSION = 1


class DocxWriter:
    """Writes measures into documents created from the reference .docx."""

    def __init__(self, reference: Path, view: MeasureView, publication: Publication = Publication()) -> None:
        self.reference = reference
        self.view = view
        self.publication = publication
        self.warnings: list[str] = []

    def _new(self) -> Composer:
        document = Document(str(self.reference))
        body = document.element.body
        for child in list(body):
            if not child.tag.endswith("}sectPr"):
                body.remove(child)
        clean_package(document)
        return Composer(document, self.warnings)

    # documents -----------------------------------------------------------------------------------
    def measure_document(self, title: str, organ: str, data: dict, *, draft: bool = False) -> bytes:
        """One measure as a 部门文件: the notice publishing it, the measure its single attachment."""
        return self._notice(organ, [(title, data)], _doc_number(data), draft)

    def department_document(self, organ: str, measures: list[tuple[str, dict]], *, draft: bool = False,
                            department: str = "") -> bytes:
        """A department's measures: one notice when they share a 发文字号, else a 汇编 with cover and 目录."""
        numbers = {_doc_number(data) for _, data in measures}
        number = self.publication.notice_numbers.get(department, "")
        if not number and (len(measures) == 1 or len(numbers) == 1):
            number = next(iter(numbers))
        if number or len(measures) == 1:
            return self._notice(organ, measures, number, draft)
        return self._compilation(organ, measures, draft)

    def _notice(self, organ: str, measures: list[tuple[str, dict]], number: str, draft: bool) -> bytes:
        out = self._new()
        if not draft:
            masthead(out, organ, number)
        names = [name for name, _ in measures]
        title = f"{organ}关于印发{_cited(names)}的通知"
        out.title(title, phrases=(organ,))
        if self.publication.recipients:
            out.paragraph(f"{self.publication.recipients.rstrip('：:')}：", "Addressee")
        out.paragraph(self._notice_text(names))
        # the 附件说明 stays with the signature (GB/T 9704 7.3.5: the seal's top within a line of it)
        listing = attachment_list(out, names)
        date = _latest_published(measures)
        signature(out, organ, chinese_date(date) if date else "", *listing)
        for number_of, (name, data) in enumerate(measures, start=1):
            label = out.paragraph("附件" if len(measures) == 1 else f"附件{number_of}", "Attachment Label")
            label.paragraph_format.page_break_before = True
            out.restart_numbering()
            MeasurePrinter(out, self.view).write(name, data)
        if draft:
            draft_mark(out.document)
        else:
            record(out, self.publication.copy_to, self.publication.printer(organ), chinese_date(date) if date else "")
        return self._finish(out, title, organ, date, "部门文件", measures, draft)

    def _notice_text(self, names: list[str]) -> str:
        governing = self.publication.governing_document.strip("《》")
        basis = f"根据《{governing}》要求，" if governing else ""
        listed = "".join(f"《{name}》" for name in names) if len(names) <= 3 else f"《{names[0]}》等{len(names)}个办法"
        return f"{basis}现将{listed}印发给你们，请认真贯彻执行。"

    def _compilation(self, organ: str, measures: list[tuple[str, dict]], draft: bool) -> bytes:
        """A 汇编: cover, 目录 with page numbers, then each measure with its own 发文字号 under its title."""
        out = self._new()
        date = _latest_published(measures)
        title = f"{organ}行政审批事项事中事后监管办法汇编"
        out.title(f"{organ}\n行政审批事项事中事后监管办法汇编", "Cover Title", (organ,))
        out.paragraph(chinese_date(date).split("月")[0] + "月" if date else "", "Cover Date")
        contents = out.paragraph("目　录", "Title")
        contents.paragraph_format.page_break_before = True
        for number, (name, data) in enumerate(measures, start=1):
            entry = out.paragraph(f"{number}.{name}\t", "Contents Entry")
            page_reference(entry, f"jianguan{number}")
        for number, (name, data) in enumerate(measures, start=1):
            out.restart_numbering()
            heading = MeasurePrinter(out, self.view).write(name, data, note="" if draft else _note(data))
            heading.paragraph_format.page_break_before = True
            bookmark(heading, f"jianguan{number}", number)
        _cover_without_page_number(out.document)
        _update_fields_on_open(out.document)
        if draft:
            draft_mark(out.document)
        return self._finish(out, title, organ, date, "汇编", measures, draft)

    def blank_document(self, schema_title: str) -> bytes:
        """The 附件1-style blank template: the sections of a rendered measure, each with Chinese guidance."""
        from jianguan_cli.rendering.blank import write_blank

        out = self._new()
        write_blank(out, self.view)
        return self._finish(out, "××××（事项）事中事后监管办法（模版）", schema_title, "", "模版", [], False)

    def _finish(self, out: Composer, title: str, organ: str, date: str, kind: str,
                measures: list[tuple[str, dict]], draft: bool) -> bytes:
        record = {"version": RECORD_VERSION, "kind": kind, "draft": draft,
                  "measures": [_measure_record(name, data) for name, data in measures]}
        write_properties(out.document, title, organ, date, record)
        buffer = io.BytesIO()
        out.document.save(buffer)
        return deterministic(buffer.getvalue())


def _cited(names: list[str]) -> str:
    return "".join(f"《{name}》" for name in names) if len(names) <= 2 else "行政审批事项事中事后监管办法"


def _doc_number(data: dict) -> str:
    value = review_of(data).get("doc_number")
    return value.strip() if isinstance(value, str) else ""


def _published(data: dict) -> str:
    value = review_of(data).get("published")
    return value if isinstance(value, str) else ""


def _latest_published(measures: list[tuple[str, dict]]) -> str:
    dates = sorted(filter(None, (_published(data) for _, data in measures)))
    return dates[-1] if dates else ""


def _note(data: dict) -> str:
    """（七民发〔2017〕35号　2017年6月28日）: where a 汇编 entry was issued."""
    parts = [part for part in (_doc_number(data), chinese_date(_published(data)) if _published(data) else "") if part]
    return f"（{'　'.join(parts)}）" if parts else ""


def _measure_record(name: str, data: dict) -> dict:
    """What the printed page leaves out, for `jianguan import`: the item code, review state and revisions."""
    item = data.get("item") if isinstance(data.get("item"), dict) else {}
    return {"code": str(item.get("code", "")), "name": str(item.get("name", "")), "title": name,
            "doc_number": _doc_number(data), "review": data.get("review"), "revisions": data.get("revisions"),
            "effective_date": data.get("effective_date")}


def _cover_without_page_number(document) -> None:
    """The 汇编's cover carries no page number; the 目录 is page 1."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_footer.is_linked_to_previous = False
    numbering = section._sectPr.find(qn("w:pgNumType"))
    if numbering is None:
        numbering = OxmlElement("w:pgNumType")
        section._sectPr.insert_element_before(numbering, "w:cols", "w:formProt", "w:vAlign", "w:noEndnote",
                                              "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid",
                                              "w:printerSettings", "w:sectPrChange")
    numbering.set(qn("w:start"), "0")


def _update_fields_on_open(document) -> None:
    """Word recomputes the 目录's page numbers when the file is opened (LibreOffice always does)."""
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is None:
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        settings.append(update)
