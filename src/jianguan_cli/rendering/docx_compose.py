"""Paragraph-level building blocks of an official document: styled text, run-in headings, numbering, titles."""

from __future__ import annotations

import copy
import re

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Pt

from jianguan_cli.rendering.title_lines import title_lines

_XML_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
TYPE_WIDTH = Pt(442.2)  # 156 mm
LINE = Pt(28.95)  # one of the 22 lines of the 225 mm type area
NUMBERED_STYLE = "Heading 1"  # its numbering is the document's multilevel list 一、/（一）/1./（1）
# the order of a paragraph's properties (w:pPr) that the OOXML schema requires
_PPR_ORDER = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl", "w:numPr",
              "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
              "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
              "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap",
              "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
              "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def set_property(ppr, element) -> None:
    """Put `element` (w:framePr, w:pBdr …) into a paragraph's or style's w:pPr, replacing one of its kind."""
    tag = next(name for name in _PPR_ORDER if qn(name) == element.tag)
    for old in ppr.findall(element.tag):
        ppr.remove(old)
    ppr.insert_element_before(element, *_PPR_ORDER[_PPR_ORDER.index(tag) + 1:])


class Composer:
    """Adds paragraphs to one python-docx Document; removes characters XML forbids, with a warning."""

    def __init__(self, document, warnings: list[str]) -> None:
        self.document = document
        self.warnings = warnings
        self.num_id = self._style_num_id()
        self._abstract = self._abstract_of(self.num_id)
        self._copies = 0
        self._styles: dict[str, object] = {}

    def style(self, name: str):
        """The style called `name` (looked up once: python-docx searches all styles on every lookup)."""
        if name not in self._styles:
            self._styles[name] = self.document.styles[name]
        return self._styles[name]

    def _add(self, text: str, style: str):
        """A new paragraph; its style is set by id, as python-docx's setter scans every style each time."""
        paragraph = self.document.add_paragraph(text)
        if style != "Normal":
            paragraph._p.get_or_add_pPr().get_or_add_pStyle().val = self.style(style).style_id
        return paragraph

    def _run(self, paragraph, text: str, style: str = ""):
        run = paragraph.add_run(text)
        if style:
            run._r.get_or_add_rPr().get_or_add_rStyle().val = self.style(style).style_id
        return run

    # text ------------------------------------------------------------------------------------
    def clean(self, text: str) -> str:
        """`text` without the control characters Word cannot store (reported once per text)."""
        cleaned = _XML_FORBIDDEN.sub("", text)
        if cleaned != text:
            self.warnings.append(f"已删除 Word 不允许的控制字符：{cleaned[:20]}…")
        return cleaned

    def paragraph(self, text: str = "", style: str = "Normal"):
        """A paragraph of `text` in `style`; line breaks in the text start new paragraphs of the same style."""
        first, *rest = self.clean(text).split("\n")
        paragraph = self._add(first, style)
        for line in rest:
            if line.strip():
                self._add(line, style)
        return paragraph

    def run_in(self, head: str, text: str, style: str = "Normal", level: int = 2):
        """A paragraph that opens with a run-in heading (承接能力。……), the heading in the level's font."""
        first, *rest = self.clean(text).split("\n")
        paragraph = self._add("", style)
        if head:
            self._run(paragraph, self.clean(head), f"Run-in {min(max(level, 2), 4)}")
        if first:
            self._run(paragraph, first)
        for line in rest:
            if line.strip():
                self._add(line, "Normal")
        return paragraph

    def title(self, text: str, style: str = "Title", phrases: tuple[str, ...] = ()):
        """A title broken between words into a trapezoid or diamond; lines are breaks in one paragraph
        (a line break in `text` is kept)."""
        paragraph = self._add("", style)
        capacity = int((TYPE_WIDTH - Pt(1)) / self._pitch(self.style(style)) * 10) / 10
        lines = [line for part in self.clean(text).split("\n") for line in title_lines(part, capacity, phrases)]
        for number, line in enumerate(lines):
            if number:
                paragraph.add_run().add_break()
            paragraph.add_run(line)
        return paragraph

    @staticmethod
    def _pitch(style):
        """The width of one character in `style`: its size plus the character spacing it has or inherits."""
        size, spacing, current = None, None, style
        while current is not None and (size is None or spacing is None):
            rpr = current.element.rPr
            size = size or current.font.size
            found = rpr.find(qn("w:spacing")) if rpr is not None else None
            spacing = spacing if spacing is not None or found is None else int(found.get(qn("w:val"))) * 635
            current = current.base_style
        return Emu((size or Pt(16)) + (spacing or 0))

    # numbering ---------------------------------------------------------------------------------
    def heading(self, level: int, text: str):
        """A numbered heading (一、 / （一） / 1. / （1）) of the current attachment's numbering."""
        paragraph = self.paragraph(text, f"Heading {level}")
        self.number(paragraph, level)
        return paragraph

    def item(self, level: int, head: str, text: str):
        """A numbered body paragraph at `level` (2 → （一）), optionally opening with a run-in heading."""
        paragraph = self.run_in(head, text, f"Item {level}", level)
        self.number(paragraph, level)
        return paragraph

    def number(self, paragraph, level: int) -> None:
        """Number `paragraph` at `level` in the current list (each attachment restarts at 一、)."""
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = level - 1
        num_pr.get_or_add_numId().val = self.num_id

    def restart_numbering(self) -> None:
        """The following headings count from 一、 again: a copy of the list with a number of its own."""
        if self._abstract is None:
            return
        numbering = self.document.part.numbering_part.element
        self._copies += 1
        new_id = max(int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))) + 1
        abstract = copy.deepcopy(self._abstract)
        abstract_id = max(int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))) + 1
        abstract.set(qn("w:abstractNumId"), str(abstract_id))
        nsid = abstract.find(qn("w:nsid"))
        if nsid is not None:  # Word treats lists with one nsid as one list
            nsid.set(qn("w:val"), f"{0x4A470000 + self._copies:08X}")
        numbering.findall(qn("w:abstractNum"))[-1].addnext(abstract)
        num = OxmlElement("w:num")
        num.set(qn("w:numId"), str(new_id))
        reference = OxmlElement("w:abstractNumId")
        reference.set(qn("w:val"), str(abstract_id))
        num.append(reference)
        numbering.append(num)
        self.num_id = new_id

    def _style_num_id(self) -> int:
        ppr = self.document.styles[NUMBERED_STYLE].element.pPr
        num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
        num_id = num_pr.find(qn("w:numId")) if num_pr is not None else None
        return int(num_id.get(qn("w:val"))) if num_id is not None else 0

    def _abstract_of(self, num_id: int):
        numbering = self.document.part.numbering_part.element
        for num in numbering.findall(qn("w:num")):
            if num.get(qn("w:numId")) == str(num_id):
                wanted = num.find(qn("w:abstractNumId")).get(qn("w:val"))
                return next((a for a in numbering.findall(qn("w:abstractNum"))
                             if a.get(qn("w:abstractNumId")) == wanted), None)
        return None


def keep_with_next(paragraph) -> None:
    """Keep `paragraph` on the page of the one after it."""
    paragraph.paragraph_format.keep_with_next = True
