"""The parts of a 部门文件 around the 正文 (GB/T 9704-2012 §7): 版头, 附件说明, 署名 and date, 版记, draft mark."""

from __future__ import annotations

import math

from docx.enum.text import WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu, Pt

from jianguan_cli.rendering.docx_compose import LINE, TYPE_WIDTH, Composer, keep_with_next, set_property
from jianguan_cli.rendering.title_lines import width

EM = Pt(16)  # one character of 3号 text: the unit of 左空二字, 右空四字
RECORD_EM = Pt(14)  # one character of the 4号 版记
TYPE_HEIGHT_TWIPS = 12755  # 225 mm
_LINE_TWIPS = round(LINE.pt * 20)
DRAFT_MARK = "草稿（未公布）"


def masthead(out: Composer, organ: str, number: str) -> None:
    """发文机关标志 in red on one line (smaller when the name is long), then the 发文字号 over the red rule."""
    mark = out.paragraph(f"{organ}文件", "Issuer Mark")
    style = out.style("Issuer Mark")
    size = style.font.size or Pt(36)
    fitting = Pt(math.floor(TYPE_WIDTH.pt / width(mark.text) * 2) / 2 - 0.5)  # in half points, a little to spare
    if fitting < size:
        _shrink(mark, style, fitting / size)
    out.paragraph(number, "Document Number")


def _shrink(mark, style, ratio: float) -> None:
    """Smaller glyphs on a proportionally lower line: the mark's top stays 35 mm into the type area."""
    for run in mark.runs:
        run.font.size = Emu(int((style.font.size or Pt(36)) * ratio))
    own = style.paragraph_format
    if own.line_spacing_rule == WD_LINE_SPACING.EXACTLY and own.line_spacing:
        mark.paragraph_format.line_spacing = Emu(int(own.line_spacing * ratio))


def attachment_list(out: Composer, names: list[str]) -> list:
    """附件：名称 (one) or 附件：1.名称 / 2.名称 (several), continuation lines under the name; its paragraphs."""
    paragraphs = [out.paragraph("")]
    if len(names) == 1:
        paragraphs.append(out.paragraph(f"附件：{names[0]}"))
        _hanging(paragraphs[-1], EM * 5, EM * 3)
        return paragraphs
    name_at = EM * (5 + math.ceil((width(f"{len(names)}.") + 0.3) * 2) / 2)
    for number, name in enumerate(names, start=1):
        paragraph = out.paragraph(f"{'附件：' if number == 1 else ''}{number}.\t{name}")
        _hanging(paragraph, name_at, name_at - EM * (2 if number == 1 else 5))
        paragraph.paragraph_format.tab_stops.add_tab_stop(Emu(name_at))
        paragraphs.append(paragraph)
    return paragraphs


def _hanging(paragraph, left, hang) -> None:
    fmt = paragraph.paragraph_format
    fmt.left_indent, fmt.first_line_indent = Emu(left), Emu(-hang)


def signature(out: Composer, organ: str, date: str, *last) -> None:
    """署名 centred over the 成文日期 (右空四字), two lines of room for the seal, kept with the paragraphs
    `last` (the end of the body: when the page is full, its last lines go over with the signature)."""
    for paragraph in last:
        keep_with_next(paragraph)
    for _ in range(2):
        keep_with_next(out.paragraph(""))
    name = out.paragraph(organ, "Signature")
    if not date:
        return
    keep_with_next(name)
    out.paragraph(date, "Signature")
    date_indent = out.style("Signature").paragraph_format.right_indent or EM * 4
    centred = date_indent + EM * (width(date) - width(organ)) / 2
    name.paragraph_format.right_indent = Emu(max(0, int(centred)))


def record(out: Composer, copy_to: str, printer: str, date: str) -> None:
    """版记 at the foot of the last page: 抄送, then 印发机关 and 印发日期, between rules (GB/T 9704 7.4).

    Frames anchored after the document's last paragraph: when that page has no room, the last lines move
    to the next page with the 版记, so there is never a page with nothing but the 版记 or a blank page."""
    keep_with_next(out.document.paragraphs[-1])  # the last lines go over with the 版记, never the 版记 alone
    lines = _copy_lines(copy_to) if copy_to else 0
    bottom = TYPE_HEIGHT_TWIPS - _LINE_TWIPS
    frames = []
    if copy_to:
        paragraph = out.paragraph(f"抄送：{copy_to.rstrip('。')}。", "Record")
        _hanging(paragraph, RECORD_EM * 4, RECORD_EM * 3)
        frames.append((paragraph, bottom - lines * _LINE_TWIPS, lines, {"top": 8}))
    paragraph = out.paragraph(f"{printer}\t{date}印发", "Record")
    paragraph.paragraph_format.left_indent = RECORD_EM
    paragraph.paragraph_format.tab_stops.add_tab_stop(Emu(TYPE_WIDTH - RECORD_EM), WD_TAB_ALIGNMENT.RIGHT,
                                                     WD_TAB_LEADER.SPACES)
    frames.append((paragraph, bottom, 1, {"top": 6 if copy_to else 8, "bottom": 8}))
    for paragraph, y, height, borders in frames:
        _frame(paragraph, y, height, borders)
    # The frames' anchor: a paragraph too small to see, after the last lines. Pushed by them, it takes
    # the frames along to the next page (a frame that pushes its own anchor stays behind in LibreOffice).
    out.paragraph("", "Record Anchor")



def _copy_lines(copy_to: str) -> int:
    """How many 4号 lines 抄送：… takes (a little pessimistic, so the frame never cuts a line off)."""
    capacity = (TYPE_WIDTH - RECORD_EM * 2) / (RECORD_EM - Pt(0.25)) - 1
    text = width(f"抄送：{copy_to}。")
    return 1 if text <= capacity else 1 + math.ceil((text - capacity) / (capacity - 3))


def _frame(paragraph, y: int, lines: int, borders: dict[str, int]) -> None:
    """Place `paragraph` at `y` twips below the type area's top, full width, `lines` high, with rules."""
    ppr = paragraph._p.get_or_add_pPr()
    set_property(ppr, parse_xml(f'<w:framePr {nsdecls("w")} w:w="{round(TYPE_WIDTH / 635)}" '
                                f'w:h="{lines * _LINE_TWIPS}" w:hRule="exact" w:wrap="around" w:vAnchor="margin" '
                                f'w:hAnchor="margin" w:x="0" w:y="{y}"/>'))
    edges = "".join(f'<w:{side} w:val="single" w:sz="{size}" w:space="0" w:color="000000"/>'
                    for side, size in borders.items())
    set_property(ppr, parse_xml(f'<w:pBdr {nsdecls("w")}>{edges}</w:pBdr>'))


def draft_mark(document) -> None:
    """草稿（未公布） in the header of every page: a draft is not an issued document."""
    for section in document.sections:
        first = [section.first_page_header] if section.different_first_page_header_footer else []
        for header in (section.header, section.even_page_header, *first):
            header.is_linked_to_previous = False
            paragraph = header.paragraphs[0]
            paragraph.text = DRAFT_MARK
            paragraph.style = document.styles["Draft Mark"]


def bookmark(paragraph, name: str, number: int) -> None:
    """A bookmark around `paragraph`, the target of a PAGEREF in the 目录."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(end)


def page_reference(paragraph, name: str) -> None:
    """The page number of bookmark `name` (LibreOffice computes it; Word updates it on opening)."""
    paragraph._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" PAGEREF {name} \\h ">'
                                  f'<w:r><w:t>1</w:t></w:r></w:fldSimple>'))
