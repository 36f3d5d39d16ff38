"""The reference .docx: GB/T 9704-2012 page setup, styles, numbering and page-number footers.

Staff may restyle the generated file in Word or WPS; rendering copies its styles and setup.
Regenerate the shipped one with:

    python -m jianguan_cli.rendering.docx_reference templates/docx/reference.docx
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

from jianguan_cli.rendering.docx_compose import set_property
from jianguan_cli.rendering.docx_package import clean_package, write_properties

BODY_FONT, TITLE_FONT, HEI, KAI, SONG = "仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "宋体"
SIZE_1, SIZE_2, SIZE_3, SIZE_4 = Pt(26), Pt(22), Pt(16), Pt(14)  # 1号, 2号, 3号, 4号
LINE_PITCH = Pt(28.95)  # 225 mm type area / 22 lines
TYPE_WIDTH = Mm(156)
RED = RGBColor(0xE0, 0x00, 0x00)
# 版头 (GB/T 9704 7.2): the mark's top 35 mm below the type area's top, the 发文字号 two lines under it,
# the red rule 4 mm under the 发文字号, the title two lines under the rule (measured in LibreOffice's PDF).
SIZE_MARK = Pt(36)
MARK_LINE = Pt(45)
MARK_BEFORE = Mm(35) - Pt(2.5)  # the line box starts a little above the glyphs
NUMBER_BEFORE = LINE_PITCH * 2
RULE_GAP_PT = 9  # 4 mm under the glyphs (the gap is measured from the line, a little below them)
NUMBER_AFTER = LINE_PITCH * 2 - Pt(RULE_GAP_PT)
FOOTER_DISTANCE = Mm(26.3)  # the page number's dashes 7 mm under the type area
CHAR_SPACING = -5  # twentieths of a point: 16 pt - 0.25 pt = 15.75 pt, 28 characters on 156 mm
NUMBERING_ID = 9704

# (style name, font, bold, numbering level text, numbering format)
HEADINGS = (
    ("Heading 1", HEI, False, "%1、", "chineseCounting"),
    ("Heading 2", KAI, False, "（%2）", "chineseCounting"),
    ("Heading 3", BODY_FONT, True, "%3.", "decimal"),
    ("Heading 4", BODY_FONT, False, "（%4）", "decimal"),
)


def set_fonts(element, name: str) -> None:
    """Set ascii, hAnsi and eastAsia fonts on a style or run, drop theme fonts, mark zh-CN."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def _style(document, name: str, font: str, size, *, bold=False, base="Normal", kind=WD_STYLE_TYPE.PARAGRAPH):
    styles = document.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, kind)
    if name != "Normal" and base is not None:
        style.base_style = styles[base]
    style.font.size, style.font.bold = size, bold
    style.font.color.rgb = None
    set_fonts(style.element, font)
    return style


def _page_setup(section) -> None:
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    # A line grid only: a character grid narrower than the 3号 glyphs makes LibreOffice give
    # each character two cells. The 28 characters per line come from CHAR_SPACING instead.
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(int(LINE_PITCH.pt * 20)))


def _numbering(document) -> None:
    """One multilevel list 一、/（一）/1./（1） that the heading styles use."""
    numbering = document.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(NUMBERING_ID))
    for level, (name, _, _, text, fmt) in enumerate(HEADINGS):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(level))
        for tag, value in (("w:start", "1"), ("w:numFmt", fmt), ("w:pStyle", name.replace(" ", "")),
                           ("w:suff", "nothing"), ("w:lvlText", text), ("w:lvlJc", "left")):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            lvl.append(child)
        # the number stands where the paragraph's text would: two characters in (LibreOffice ignores the style's)
        lvl.append(parse_xml(f'<w:pPr {nsdecls("w")}><w:ind w:left="0" w:firstLine="640"/></w:pPr>'))
        abstract.append(lvl)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(NUMBERING_ID))
    reference = OxmlElement("w:abstractNumId")
    reference.set(qn("w:val"), str(NUMBERING_ID))
    num.append(reference)
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(num)


def _heading_styles(document) -> None:
    for level, (name, font, bold, _, _) in enumerate(HEADINGS):
        style = _style(document, name, font, SIZE_3, bold=bold)
        style.font.italic = None
        style.paragraph_format.first_line_indent = Pt(32)
        style.paragraph_format.space_before = style.paragraph_format.space_after = Pt(0)
        style.paragraph_format.keep_with_next = True
        _number(style, level)


def _number(style, level: int) -> None:
    """The style's paragraphs are numbered at `level` of the 一、/（一）/1./（1） list."""
    numpr = OxmlElement("w:numPr")
    for tag, value in (("w:ilvl", str(level)), ("w:numId", str(NUMBERING_ID))):
        child = OxmlElement(tag)
        child.set(qn("w:val"), value)
        numpr.append(child)
    set_property(style.element.get_or_add_pPr(), numpr)


def _spacing(twentieths: int):
    """Character spacing (w:spacing in run properties), in twentieths of a point."""
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(twentieths))
    return spacing


def _fonts_everywhere(document) -> None:
    """Document defaults and every other style (linked heading characters, hyperlinks, …) get
    an explicit East Asian font too, so no text falls back to a theme font."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    holder = type("Holder", (), {"get_or_add_rPr": lambda self: rpr})()
    set_fonts(holder, BODY_FONT)
    # The character grid's pitch is relative to the default size: it must be the body's 3号.
    for tag in ("w:sz", "w:szCs"):
        size = rpr.find(qn(tag))
        if size is None:
            size = OxmlElement(tag)
            rpr.append(size)
        size.set(qn("w:val"), str(int(SIZE_3.pt * 2)))
    heading_fonts = {name: font for name, font, *_ in HEADINGS}
    for style in document.styles.element.findall(qn("w:style")):
        name = style.find(qn("w:name")).get(qn("w:val"))
        linked = name.removesuffix(" Char").replace("heading", "Heading")
        fonts = style.find(qn("w:rPr"))
        fonts = fonts.find(qn("w:rFonts")) if fonts is not None else None
        if name.endswith(" Char") and linked in heading_fonts:
            set_fonts(style, heading_fonts[linked])
        elif fonts is None or not fonts.get(qn("w:eastAsia")) or fonts.get(qn("w:asciiTheme")):
            set_fonts(style, BODY_FONT)
    for fonts in document.styles.element.iter(qn("w:rFonts")):  # nested ones, e.g. in table styles
        if any(fonts.get(qn(f"w:{kind}Theme")) for kind in ("ascii", "hAnsi", "eastAsia", "cs")):
            for kind in ("ascii", "hAnsi", "eastAsia", "cs"):
                fonts.attrib.pop(qn(f"w:{kind}Theme"), None)
                fonts.set(qn(f"w:{kind}"), fonts.get(qn(f"w:{kind}")) or BODY_FONT)


def _page_number(paragraph, align, style) -> None:
    """"— n —" with a PAGE field, 4号 宋体, one character in from the edge."""
    paragraph.alignment = align
    indent = Pt(14)
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        paragraph.paragraph_format.right_indent = indent
    else:
        paragraph.paragraph_format.left_indent = indent
    paragraph.style = style
    paragraph.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    paragraph.add_run(" —")


def _no_italic(document) -> None:
    """No style slants its text (python-docx's Heading 4, Quote, Emphasis … do): 公文 have no italic."""
    for tag in ("w:i", "w:iCs"):
        for italic in list(document.styles.element.iter(qn(tag))):
            italic.getparent().remove(italic)


def _official_styles(document) -> None:
    """Title, 版头, 附件, 署名 and 版记 styles (GB/T 9704-2012 §7)."""
    title = _style(document, "Title", TITLE_FONT, SIZE_2)
    border = title.element.pPr.find(qn("w:pBdr")) if title.element.pPr is not None else None
    if border is not None:  # python-docx's default title has a rule under it; a 公文 title does not
        title.element.pPr.remove(border)
    for loose in [*title.element.rPr.findall(qn("w:spacing")), *title.element.rPr.findall(qn("w:kern"))]:
        title.element.rPr.remove(loose)  # and wider spacing: the title keeps Normal's 28-a-line pitch
    _paragraph(title, WD_ALIGN_PARAGRAPH.CENTER, line=Pt(35), after=LINE_PITCH)
    issuer = _style(document, "Issuer Mark", TITLE_FONT, SIZE_MARK)  # 发文机关标志, red, top 35 mm into the type area
    issuer.font.color.rgb = RED
    _paragraph(issuer, WD_ALIGN_PARAGRAPH.CENTER, line=MARK_LINE, before=MARK_BEFORE)
    number = _style(document, "Document Number", BODY_FONT, SIZE_3)  # 发文字号 two lines under the mark
    _paragraph(number, WD_ALIGN_PARAGRAPH.CENTER, before=NUMBER_BEFORE, after=NUMBER_AFTER)
    set_property(number.element.get_or_add_pPr(), parse_xml(  # the red rule 4 mm under it, as wide as the type area
        f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="12" w:space="{RULE_GAP_PT}" '
        f'w:color="{RED}"/></w:pBdr>'))
    _paragraph(_style(document, "Title Note", KAI, SIZE_3), WD_ALIGN_PARAGRAPH.CENTER, after=LINE_PITCH)
    _paragraph(_style(document, "Cover Title", TITLE_FONT, SIZE_1), WD_ALIGN_PARAGRAPH.CENTER, line=Pt(48),
               before=LINE_PITCH * 5)
    _paragraph(_style(document, "Cover Date", KAI, SIZE_3), WD_ALIGN_PARAGRAPH.CENTER, before=LINE_PITCH * 9)
    for name, font, align in (("Attachment Label", HEI, WD_ALIGN_PARAGRAPH.LEFT),
                              ("Signature", BODY_FONT, WD_ALIGN_PARAGRAPH.RIGHT),
                              ("Addressee", BODY_FONT, WD_ALIGN_PARAGRAPH.LEFT),
                              ("Contents Entry", BODY_FONT, WD_ALIGN_PARAGRAPH.LEFT)):
        _paragraph(_style(document, name, font, SIZE_3), align)
    document.styles["Signature"].paragraph_format.right_indent = Pt(64)  # 成文日期 右空四字
    contents = document.styles["Contents Entry"].paragraph_format
    contents.left_indent, contents.first_line_indent = Pt(32), Pt(-32)
    contents.tab_stops.add_tab_stop(TYPE_WIDTH, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    record = _style(document, "Record", BODY_FONT, SIZE_4)  # 版记: 4号, on the body's line grid
    _paragraph(record, WD_ALIGN_PARAGRAPH.LEFT)
    _paragraph(_style(document, "Record Anchor", BODY_FONT, Pt(1)), WD_ALIGN_PARAGRAPH.LEFT, line=Pt(1))
    draft = _style(document, "Draft Mark", HEI, SIZE_3)
    draft.font.color.rgb = RED
    _paragraph(draft, WD_ALIGN_PARAGRAPH.CENTER, line=Pt(20))


def _paragraph(style, align, *, line=None, before=Pt(0), after=Pt(0)) -> None:
    """Alignment, spacing and an exact line height that, unlike body text, does not snap to the 22-line grid."""
    fmt = style.paragraph_format
    fmt.alignment, fmt.first_line_indent = align, Pt(0)
    fmt.space_before, fmt.space_after = before, after
    if line is not None:
        fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, line
        set_property(style.element.get_or_add_pPr(), parse_xml(f'<w:snapToGrid {nsdecls("w")} w:val="0"/>'))


def _numbered_body_styles(document) -> None:
    """Item 2-4: body paragraphs numbered （一） / 1. / （1）; Run-in 2-4: the run-in heading's font."""
    for level, (_, font, bold, _, _) in enumerate(HEADINGS[1:], start=1):
        _number(_style(document, f"Item {level + 1}", BODY_FONT, SIZE_3), level)
        _style(document, f"Run-in {level + 1}", font, SIZE_3, bold=bold, base=None, kind=WD_STYLE_TYPE.CHARACTER)


def _page_number_footer(document, section) -> None:
    """— n — 7 mm under the type area, on a line of its own height so the body keeps its 22 lines."""
    footer = _style(document, "Page Number Footer", SONG, SIZE_4)
    _paragraph(footer, WD_ALIGN_PARAGRAPH.LEFT, line=SIZE_4)
    footer.element.get_or_add_rPr().append(_spacing(0))
    section.footer_distance = FOOTER_DISTANCE
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT, footer)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT, footer)


def build_reference(target: Path) -> None:
    """Write the reference document with every style rendering uses."""
    document = Document()
    normal = _style(document, "Normal", BODY_FONT, SIZE_3)
    normal.element.get_or_add_rPr().append(_spacing(CHAR_SPACING))
    fmt = normal.paragraph_format
    fmt.first_line_indent, fmt.space_before, fmt.space_after = Pt(32), Pt(0), Pt(0)
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, LINE_PITCH
    fmt.widow_control = True
    _official_styles(document)
    _heading_styles(document)
    _numbering(document)
    _numbered_body_styles(document)
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    _page_setup(section)
    _page_number_footer(document, section)
    _fonts_everywhere(document)
    _no_italic(document)
    clean_package(document)
    write_properties(document, "GB/T 9704-2012 公文格式参考样式", "jianguan", "",
                     {"version": 1, "kind": "参考样式", "measures": []})
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(target))


if __name__ == "__main__":
    build_reference(Path(sys.argv[1] if len(sys.argv) > 1 else "templates/docx/reference.docx"))
