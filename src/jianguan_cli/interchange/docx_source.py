"""A Word document as the paragraphs a reader sees: text, what kind of paragraph, list level, page.

Only the visible text counts, however the file was saved: styles are known by their names in English or
Chinese Word and by outline levels, list numbers by automatic numbering or by the 一、（一）1.（1） typed in
by hand, tracked insertions are read and deletions are not.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from jianguan_cli.interchange.docx_file import open_docx

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_TYPED_NUMBER = (  # list numbers typed in by hand, with the level they stand for
    (re.compile(r"^[一二三四五六七八九十]{1,3}[、．.]\s*"), 1),
    (re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]\s*"), 2),
    (re.compile(r"^\d{1,2}(?:[、．]|\.(?!\d))\s*"), 3),
    (re.compile(r"^[（(]\d{1,2}[）)]\s*|^[①-⑳]\s*"), 4),
)
# paragraph roles by style name (lower case, no spaces), English and Chinese Word, LibreOffice's renamings
_ROLES = {"title": "title", "标题": "title", "covertitle": "cover", "titlenote": "note", "subtitle": "note",
          "副标题": "note", "attachmentlabel": "label", "issuermark": "masthead", "documentnumber": "number",
          "signature": "signature", "签名": "signature", "record": "record", "recordanchor": "record",
          "coverdate": "cover", "contentsentry": "contents", "addressee": "addressee",
          "envelopeaddress": "addressee", "header": "header", "footer": "header"}
_HEADING = re.compile(r"^(?:heading|标题)(\d)$")
_ITEM = re.compile(r"^item(\d)$")
_LINES_PER_PAGE, _CHARS_PER_LINE = 22, 28  # GB/T 9704's grid, for estimating pages


@dataclass(frozen=True)
class Paragraph:
    """One paragraph as read: 1-based number, page, text without a typed list number, role, list level."""

    number: int
    page: int
    text: str
    role: str = "body"  # body, title, heading, item, note, label, masthead, number, signature, record …
    level: int = 0  # 1 一、 2 （一） 3 1. 4 （1）; 0 when the paragraph is no heading or list item
    numbered: bool = False  # carries a list number (automatic, or typed in)
    head: str = ""  # the run-in heading it opens with (承接能力。), when styled as one

    def where(self, estimated: bool) -> str:
        """第2页第14段, or 约第2页第14段 when the page is estimated."""
        return f"{'约' if estimated else ''}第{self.page}页第{self.number}段"

    def start(self, length: int = 20) -> str:
        """The opening of the text for messages."""
        flat = " ".join(self.text.split())
        return flat if len(flat) <= length else flat[:length] + "…"


@dataclass
class SourceDocument:
    """The paragraphs of a .docx, the hidden `jianguan` record and whether pages are estimated."""

    path: Path
    paragraphs: list[Paragraph] = field(default_factory=list)
    record: dict = field(default_factory=dict)
    pages_estimated: bool = True
    notes: list[str] = field(default_factory=list)


def read_docx(path: Path) -> SourceDocument:
    """The document at `path`; JianguanError (exit 1, or 2 when missing) when it cannot be read safely."""
    opened = open_docx(path)
    source = SourceDocument(path, record=opened.record, notes=list(opened.notes))
    source.paragraphs, source.pages_estimated = _paragraphs(opened.document)
    return source


# --- paragraphs ------------------------------------------------------------------------------------


class _Styles:
    """Role, level and numbering of each paragraph style, following `basedOn`."""

    def __init__(self, document) -> None:
        self.by_id = {}
        for style in document.styles.element.findall(f"{_W}style"):
            self.by_id[style.get(f"{_W}styleId")] = style

    def chain(self, style_id: str | None):
        """The style and the styles it is based on, nearest first."""
        seen = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            yield style
            based = style.find(f"{_W}basedOn")
            style_id = based.get(f"{_W}val") if based is not None else None

    def name(self, style) -> str:
        """The style's name, lower case without spaces (heading1, 标题1, item2 …)."""
        node = style.find(f"{_W}name")
        return "".join((node.get(f"{_W}val") or "").lower().split()) if node is not None else ""

    def role(self, style_id: str | None) -> tuple[str, int]:
        """What paragraphs of this style are (heading, item, title …) and their level."""
        for style in self.chain(style_id):
            name = self.name(style)
            heading, item = _HEADING.match(name), _ITEM.match(name)
            if heading:
                return "heading", int(heading.group(1))
            if item:
                return "item", int(item.group(1))
            if name in _ROLES:
                return _ROLES[name], 0
            if name.startswith(("toc", "目录")):
                return "contents", 0
        return "body", 0

    def inherited(self, style_id: str | None, tag: str):
        """The paragraph property `tag` (numPr, outlineLvl …) the style sets or inherits, or None."""
        for style in self.chain(style_id):
            ppr = style.find(f"{_W}pPr")
            found = ppr.find(f"{_W}{tag}") if ppr is not None else None
            if found is not None:
                return found
        return None

    def is_run_in(self, style_id: str | None) -> bool:
        """Whether a character style is one of the run-in heading styles."""
        return any(self.name(style).startswith(("run-in", "runin")) for style in self.chain(style_id))


def _paragraphs(document) -> tuple[list[Paragraph], bool]:
    styles = _Styles(document)
    elements = list(_body_paragraphs(document.element.body))
    # Word records where its own layout broke the pages; other programs' files are estimated
    rendered = any(next(p.iter(f"{_W}lastRenderedPageBreak"), None) is not None for p in elements)
    pages = _Pages(rendered)
    result = []
    for number, element in enumerate(elements, start=1):
        style_id = _style_id(element)
        pages.before(element, styles.inherited(style_id, "pageBreakBefore"))
        text, head = _text(element, styles)
        result.append(_paragraph(number, pages.page, text, head, element, style_id, styles))
        pages.after(element, text)
    return result, not rendered


def _body_paragraphs(body):
    """w:p elements in reading order, those in tables and content controls included."""
    for child in body:
        tag = child.tag
        if tag == f"{_W}p":
            yield child
        elif tag in (f"{_W}tbl", f"{_W}sdt", f"{_W}customXml"):
            yield from (p for p in child.iter(f"{_W}p") if not _in_text_box(p))


def _in_text_box(p) -> bool:
    parent = p.getparent()
    while parent is not None:
        if parent.tag == f"{_W}txbxContent":
            return True
        parent = parent.getparent()
    return False


def _style_id(p) -> str | None:
    ppr = p.find(f"{_W}pPr")
    style = ppr.find(f"{_W}pStyle") if ppr is not None else None
    return style.get(f"{_W}val") if style is not None else None


_SKIPPED = {f"{_W}del", f"{_W}moveFrom", f"{_W}txbxContent", f"{_W}pPr", f"{_W}rPr", f"{_W}instrText",
            f"{_W}delText", f"{_W}footnoteReference", f"{_W}commentReference"}


def _text(p, styles: _Styles) -> tuple[str, str]:
    """The paragraph's visible text and the text of its leading run-in heading runs."""
    parts: list[str] = []
    head: list[str] = []
    heading = True

    def walk(node, in_run_style: bool) -> None:
        """Collect the text under `node`; leading runs in a run-in style make the heading."""
        nonlocal heading
        for child in node:
            tag = child.tag
            if tag in _SKIPPED:
                continue
            if tag == f"{_W}r":
                run_in = _run_style_is_run_in(child, styles)
                before = len(parts)
                walk(child, run_in)
                added = "".join(parts[before:])
                if heading and run_in and added:
                    head.append(added)
                elif added:
                    heading = False
            elif tag == f"{_W}t":
                parts.append(child.text or "")
            elif tag == f"{_W}tab":
                parts.append("\t")
            elif tag in (f"{_W}br", f"{_W}cr"):
                if child.get(f"{_W}type") not in ("page", "column"):
                    parts.append("\n")
            elif tag == f"{_W}noBreakHyphen":
                parts.append("-")
            else:
                walk(child, in_run_style)

    walk(p, False)
    return "".join(parts), "".join(head)


def _run_style_is_run_in(run, styles: _Styles) -> bool:
    rpr = run.find(f"{_W}rPr")
    style = rpr.find(f"{_W}rStyle") if rpr is not None else None
    return style is not None and styles.is_run_in(style.get(f"{_W}val"))


def _paragraph(number: int, page: int, text: str, head: str, p, style_id, styles: _Styles) -> Paragraph:
    role, level = styles.role(style_id)
    ppr = p.find(f"{_W}pPr")
    num_pr = _own(ppr, "numPr") if _own(ppr, "numPr") is not None else styles.inherited(style_id, "numPr")
    numbered = num_pr is not None and _val(num_pr.find(f"{_W}numId"), "0") != "0"
    if numbered:
        level = level or int(_val(num_pr.find(f"{_W}ilvl"), "0")) + 1
    outline = _own(ppr, "outlineLvl") if _own(ppr, "outlineLvl") is not None else styles.inherited(style_id, "outlineLvl")
    if role == "body" and outline is not None and _val(outline, "9").isdigit() and int(_val(outline, "9")) < 9:
        role, level = "heading", int(_val(outline, "9")) + 1
    stripped = text.strip()
    for pattern, typed_level in _TYPED_NUMBER:
        match = pattern.match(stripped)
        if match and len(stripped) > match.end():
            stripped, numbered, level = stripped[match.end():], True, level or typed_level
            head = head[match.end():] if head.startswith(match.group(0)) else head
            break
    if role == "body" and numbered:
        role = "item"
    return Paragraph(number, page, stripped, role, level, numbered, head.strip())


def _own(ppr, tag: str):
    return ppr.find(f"{_W}{tag}") if ppr is not None else None


def _val(node, default: str) -> str:
    return node.get(f"{_W}val", default) if node is not None else default


class _Pages:
    """Counts pages: from the page breaks Word's last layout recorded, or estimated on the 22×28 grid."""

    def __init__(self, rendered: bool) -> None:
        self.rendered = rendered
        self.page = 1
        self.lines = 0
        self.pending = 0

    def before(self, p, style_break) -> None:
        """Move to the page paragraph `p` starts on."""
        self.page += self.pending
        self.pending = 0
        if self.rendered:
            marks = list(p.iter(f"{_W}lastRenderedPageBreak"))
            opening = marks and _opens_with(p, marks[0])
            self.page += 1 if opening else 0
            self.pending = len(marks) - (1 if opening else 0)
            return
        ppr = p.find(f"{_W}pPr")
        own = _own(ppr, "pageBreakBefore")
        chosen = own if own is not None else style_break
        if chosen is not None and _val(chosen, "true") not in ("0", "false", "off"):
            self._new_page()

    def after(self, p, text: str) -> None:
        """Account for the lines paragraph `p` fills and the breaks after it."""
        if self.rendered:
            return
        for br in p.iter(f"{_W}br"):
            if br.get(f"{_W}type") == "page":
                self._new_page()
        self.lines += sum(math.ceil(len(line) / _CHARS_PER_LINE) or 1 for line in text.split("\n"))
        while self.lines > _LINES_PER_PAGE:
            self.page += 1
            self.lines -= _LINES_PER_PAGE
        if _own(p.find(f"{_W}pPr"), "sectPr") is not None:
            self._new_page()

    def _new_page(self) -> None:
        if self.lines:
            self.page += 1
        self.lines = 0


def _opens_with(p, mark) -> bool:
    """Whether `mark` comes before any text of the paragraph."""
    for node in p.iter(f"{_W}t", f"{_W}lastRenderedPageBreak"):
        return node is mark
    return False
