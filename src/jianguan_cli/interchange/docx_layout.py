"""Where the measures are in a document's paragraphs: titles, numbered sections, the closing sentence.

A 部门文件 carries its measures as attachments after the notice, a 汇编 one after another after its 目录, an
older document just one; each starts at its title (…事中事后监管办法) and runs to the next. Sections start at
a heading whose text is a schema title or one of the domain's older headings (HEADING_SYNONYMS); a level-one
heading nobody knows starts a section of its own that is reported, never guessed into another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jianguan_cli.domain import HEADING_SYNONYMS, MEASURE_TITLE_ENDINGS
from jianguan_cli.interchange.docx_source import Paragraph
from jianguan_cli.rendering.viewmodel import FOLDED
from jianguan_cli.schema import SchemaIndex

# paragraphs that belong to the notice or the page furniture, never to a measure
_FURNITURE = frozenset({"masthead", "addressee", "signature", "record", "contents", "cover", "header"})
_TEMPLATE_MARK = re.compile(r"[（(]模[版板][）)]$")
DOC_NUMBER = re.compile(r"[^\s（(]+?〔\d{4}〕\d+号")
_CODE_LINE = re.compile(r"^(?:事项编码|事项代码|项目编码|编码)[：:]\s*(\S+)$")
_LABEL = re.compile(r"^附件\s*\d*$")
_CLOSING_START = ("本办法", "本制度", "本细则", "本实施办法")
_HEADING_END = "：:"
_SPLIT_AFTER_HEADING = "：:。"
_TITLE_LOOKAHEAD = 3  # an older title may be followed by a preamble before the first heading
_SHORT_HEADING = 20


@dataclass
class Section:
    """A heading and the paragraphs under it; `path` is where its content goes (None: unknown heading)."""

    path: tuple[str, ...] | None
    heading: Paragraph
    body: list[Paragraph] = field(default_factory=list)


@dataclass
class MeasureText:
    """One measure's paragraphs, sorted out."""

    title: list[Paragraph]
    name: str
    doc_number: str = ""
    code: str = ""
    sections: list[Section] = field(default_factory=list)
    closing: list[Paragraph] = field(default_factory=list)
    unplaced: list[Paragraph] = field(default_factory=list)


class HeadingTable:
    """Section headings: the schema's titles of the printed keys and the domain's older headings."""

    def __init__(self, index: SchemaIndex) -> None:
        self.paths: dict[str, tuple[str, ...]] = {}
        for key, node in index.properties(()).items():
            if "title" in node:
                self.paths[_normal(node["title"])] = (key,)
        for written, path in HEADING_SYNONYMS.items():
            self.paths.setdefault(_normal(written), path)
        for key in FOLDED:
            self.paths[_normal(index.at((key,))["title"])] = (key,)

    def lookup(self, text: str) -> tuple[str, ...] | None:
        """The path a heading's text stands for, or None."""
        return self.paths.get(_normal(text.rstrip(_HEADING_END)))

    def split(self, paragraph: Paragraph) -> tuple[tuple[str, ...] | None, str] | None:
        """(path, text after the heading) when `paragraph` is a section heading; path None for an unknown one."""
        if paragraph.level >= 2:
            return None
        path = self.lookup(paragraph.text)
        if path is not None:
            return path, ""
        if paragraph.level != 1:
            return None
        for position, char in enumerate(paragraph.text):
            if char in _SPLIT_AFTER_HEADING:
                path = self.lookup(paragraph.text[:position])
                if path is not None:
                    return path, paragraph.text[position + 1:].strip()
                break
        if paragraph.role == "heading" or (len(paragraph.text) <= _SHORT_HEADING and "。" not in paragraph.text):
            return None, ""
        return None


def _normal(text: str) -> str:
    return "".join(text.split())


def measure_name(title: str) -> str:
    """The item name in a measure's title: 养老机构设立许可事中事后监管办法 → 养老机构设立许可."""
    name = _TEMPLATE_MARK.sub("", title.replace("\n", "").strip()).strip()
    for ending in MEASURE_TITLE_ENDINGS:
        if name.endswith(ending) and len(name) > len(ending):
            return name[: -len(ending)].strip()
    return name


def is_measure_title(text: str) -> bool:
    """Whether `text` reads as the title of a measure (not the notice's 关于印发…的通知)."""
    flat = _TEMPLATE_MARK.sub("", text.replace("\n", "").strip())
    return flat.endswith(MEASURE_TITLE_ENDINGS) and not flat.startswith(("附件：", "附件:"))


def measures_in(paragraphs: list[Paragraph], headings: HeadingTable) -> list[MeasureText]:
    """The measures of a document, in order; [] when no measure title is found."""
    content = [p for p in paragraphs if p.text and p.role not in _FURNITURE]
    starts = _title_starts(content, headings)
    measures = []
    for number, (first, last) in enumerate(starts):
        end = starts[number + 1][0] if number + 1 < len(starts) else len(content)
        title = content[first:last + 1]
        measure = MeasureText(title, measure_name("".join(p.text for p in title)))
        _fill(measure, content[last + 1:end], headings)
        measures.append(measure)
    _shared_doc_number(measures, content[: starts[0][0]] if starts else [])
    return measures


def _title_starts(content: list[Paragraph], headings: HeadingTable) -> list[tuple[int, int]]:
    """(first, last) paragraph of each measure title: styled titles, else an older document's title line(s)."""
    styled = [(i, i) for i, p in enumerate(content) if p.role == "title" and is_measure_title(p.text)]
    if styled:
        return styled
    for i, paragraph in enumerate(content):
        ahead = content[i + 1: i + 1 + _TITLE_LOOKAHEAD]
        if is_measure_title(paragraph.text) and any(headings.split(p) for p in ahead):
            first = i - 1 if i and _title_line(content[i - 1]) else i
            return [(first, i)]
    return []


def _title_line(paragraph: Paragraph) -> bool:
    """The first line of a title typed as two paragraphs: short, no sentence punctuation, not a label."""
    text = paragraph.text
    return (len(text) <= _SHORT_HEADING and not any(c in text for c in "。：:；，")
            and not _LABEL.match(text) and paragraph.role not in ("label", "number", "note"))


def _fill(measure: MeasureText, paragraphs: list[Paragraph], headings: HeadingTable) -> None:
    current: Section | None = None
    for paragraph in paragraphs:
        if paragraph.role == "label" or _LABEL.match(paragraph.text):
            continue  # 附件2 heads the next attachment's page
        found = headings.split(paragraph)
        if found is not None:
            path, rest = found
            current = Section(path, paragraph)
            measure.sections.append(current)
            if rest:
                current.body.append(Paragraph(paragraph.number, paragraph.page, rest))
        elif current is not None:
            current.body.append(paragraph)
        elif paragraph.role in ("note", "number") and DOC_NUMBER.search(paragraph.text):
            measure.doc_number = DOC_NUMBER.search(paragraph.text).group(0)
        elif _CODE_LINE.match(paragraph.text):
            measure.code = _CODE_LINE.match(paragraph.text).group(1)
        else:
            measure.unplaced.append(paragraph)
    _take_closing(measure)


def _take_closing(measure: MeasureText) -> None:
    """本办法自…起施行 and the other 附则 sentences after the last section are the closing, not its content."""
    for section in [s for s in measure.sections if s.path == ("effective_date",)]:
        measure.closing.extend(section.body)
        measure.sections.remove(section)
    if not measure.sections:
        return
    body = measure.sections[-1].body
    while body and body[-1].text.startswith(_CLOSING_START) and not body[-1].numbered:
        measure.closing.insert(0, body.pop())


def _shared_doc_number(measures: list[MeasureText], notice: list[Paragraph]) -> None:
    """The 发文字号 under the 版头 of a notice with one attachment is that measure's own; a notice issuing
    several measures has a number of its own, which is none of theirs."""
    number = next((DOC_NUMBER.search(p.text).group(0) for p in notice
                   if p.role == "number" and DOC_NUMBER.search(p.text)), "")
    if len(measures) == 1 and not measures[0].doc_number:
        measures[0].doc_number = number
