"""Which paragraph mark carries the insertion or deletion of whole paragraphs, so Word and LibreOffice agree.

A paragraph that goes away (deleted ones on accepting, inserted ones on rejecting) takes its mark along
and joins the next paragraph: Word keeps the properties of the last mark of the joined paragraphs,
LibreOffice those of the first one that keeps text. In 修订 view LibreOffice numbers lists by the marks:
the paragraph after a tracked mark counts as the inserted (or deleted) one, and all paragraphs count by
their present properties, deleted ones too. So a run of inserted or deleted paragraphs is hung on the mark
of the paragraph before it and the run's last mark stays, taking the properties the joined paragraph needs
(its own kept in a w:pPrChange): the paragraph after the run keeps its number in both views. Where those
properties would renumber the original, the run keeps its own mark (`Run.on_before`).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass

from docx.oxml.ns import qn

from jianguan_cli.diffing.paragraphs import pristine_properties, same_properties
from jianguan_cli.diffing.tracked import DELETED, Revisions, mark_status, paragraph_properties, unmark


class Numbering:
    """The list level a paragraph is numbered at: its own w:numPr or its style's (and the style's bases')."""

    def __init__(self, styles) -> None:
        self._styles = {style.get(qn("w:styleId")): style for style in styles.iter(qn("w:style"))}
        defaults = [name for name, style in self._styles.items()
                    if style.get(qn("w:type")) == "paragraph" and style.get(qn("w:default")) in ("1", "true")]
        self._default = defaults[0] if defaults else None

    def at(self, paragraph) -> tuple[str, int] | None:
        """(numId, ilvl) of a paragraph (or None) as it is now; None when it is not numbered."""
        properties = paragraph.find(qn("w:pPr")) if paragraph is not None else None
        num_id, level = _numbering_fields(properties)
        style, seen = _value(properties, "w:pStyle") or self._default, set()
        while (num_id is None or level is None) and style in self._styles and style not in seen:
            seen.add(style)
            style_num, style_level = _numbering_fields(self._styles[style].find(qn("w:pPr")))
            num_id, level = num_id or style_num, level or style_level
            style = _value(self._styles[style], "w:basedOn")
        return None if num_id in (None, "0") else (num_id, int(level) if level and level.isdigit() else 0)


def _numbering_fields(properties) -> tuple[str | None, str | None]:
    numbering = properties.find(qn("w:numPr")) if properties is not None else None
    return (_value(numbering, "w:numId"), _value(numbering, "w:ilvl")) if numbering is not None else (None, None)


def _value(parent, tag: str) -> str | None:
    found = parent.find(qn(tag)) if parent is not None else None
    return found.get(qn("w:val")) if found is not None else None


def attach_marks(blocks: list, revisions: Revisions, numbering: Numbering) -> None:
    """Hang each run of inserted (or deleted) paragraphs on the paragraph mark before it.

    The document's last mark can never be inserted or deleted, so there the move is forced.
    """
    start = 0
    while start < len(blocks):
        status = mark_status(blocks[start]) if _is_paragraph(blocks[start]) else set()
        if len(status) != 1:
            start += 1
            continue
        end = start
        while end + 1 < len(blocks) and _is_paragraph(blocks[end + 1]) and mark_status(blocks[end + 1]) == status:
            end += 1
        before = blocks[start - 1] if start and _is_paragraph(blocks[start - 1]) else None
        run = Run(blocks[start:end + 1], next(iter(status)), before, blocks[end + 1:])
        _move_mark(run, end == len(blocks) - 1, revisions, numbering)
        start = end + 1


def _is_paragraph(block) -> bool:
    return block.tag == qn("w:p")


@dataclass
class Run:
    """Consecutive paragraphs inserted (or deleted) as a whole, the paragraph before them and the blocks after."""

    paragraphs: list
    kind: str
    before: object
    following: list

    def on_before(self, numbering: Numbering) -> bool:
        """Whether the change goes on `before`'s mark although the run's last paragraph differs from it.

        On its own mark LibreOffice takes the paragraph after the run for the changed one (leaving it
        unnumbered) and counts the run's first paragraph in its place. On `before`'s mark the last
        paragraph takes `before`'s properties, by which LibreOffice numbers the original: a deleted first
        entry of a list given its heading's would renumber the headings. So an insertion goes on `before`'s
        mark when the paragraph after it is numbered or its own mark would renumber others; a deletion
        unless only its own mark keeps the other numbers (LibreOffice 7.4 also leaves a paragraph with
        deleted text out of the accepted numbering, which costs its own mark one more).
        """
        after = self.following[0] if self.following and _is_paragraph(self.following[0]) else None
        own_mark = _renumbers(numbering, self.following[1:], numbering.at(self.paragraphs[0]), numbering.at(after))
        if self.kind != DELETED:
            return own_mark or numbering.at(after) is not None
        on_before = _renumbers(numbering, self.following, numbering.at(self.before), numbering.at(self.paragraphs[-1]))
        return own_mark or not on_before


def _renumbers(numbering: Numbering, later: list, counted, left_out) -> bool:
    """Whether counting a paragraph at list level `counted` instead of one at `left_out` changes the
    number of a paragraph in `later`."""
    return counted != left_out and any(_counts_on(numbering, later, level) for level in (counted, left_out) if level)


def _counts_on(numbering: Numbering, later: list, level: tuple) -> bool:
    """Whether a paragraph in `later` is numbered on from `level` (before a higher level of its list ends it)."""
    for block in later:
        found = numbering.at(block) if _is_paragraph(block) else None
        if found is not None and found[0] == level[0]:
            return found[1] >= level[1]
    return False


def _move_mark(run: Run, forced: bool, revisions: Revisions, numbering: Numbering) -> None:
    last = run.paragraphs[-1]
    # once the change is accepted (deletion) or rejected (insertion), `last`'s mark ends `before`
    needed = pristine_properties(run.before, current=run.kind == DELETED)
    alike = same_properties(needed, pristine_properties(last, current=True))
    if not forced and (run.before is None or not (alike or run.on_before(numbering))):
        return
    unmark(last)
    if run.before is not None:
        revisions.mark_paragraph(run.before, run.kind)
    if alike:
        return
    if run.kind == DELETED:
        original = copy.deepcopy(last.find(qn("w:pPr")))
        _replace_properties(last, needed)
        revisions.record_properties(paragraph_properties(last), original)
    else:
        revisions.record_properties(paragraph_properties(last), needed)


def _replace_properties(paragraph, properties) -> None:
    old = paragraph.find(qn("w:pPr"))
    if old is not None:
        paragraph.remove(old)
    paragraph.insert(0, properties)
