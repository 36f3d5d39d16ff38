"""Which paragraph mark carries the insertion or deletion of whole paragraphs, so Word and LibreOffice agree.

A paragraph that goes away (deleted ones on accepting, inserted ones on rejecting) takes its mark along and
joins the next paragraph. Word keeps the properties of the last mark of the joined paragraphs, LibreOffice
those of the first one that keeps text. LibreOffice also numbers lists in 修订 view by the paragraph marks:
the paragraph after a tracked mark is the inserted or deleted one, left out of the original (or accepted)
numbering. So a run of inserted or deleted paragraphs is hung on the mark of the paragraph before it, its
own last mark stays, and that mark gets the properties the joined paragraph must have (the old ones in a
w:pPrChange): then the unchanged paragraph after the run keeps its number in both views.
"""

from __future__ import annotations

import copy

from docx.oxml.ns import qn

from jianguan_cli.diffing.paragraphs import pristine_properties, same_properties
from jianguan_cli.diffing.tracked import DELETED, Revisions, mark_status, paragraph_properties, unmark


class Numbering:
    """The list level a paragraph's properties number it at: its own w:numPr or its style's (and their bases)."""

    def __init__(self, styles) -> None:
        self._styles = {style.get(qn("w:styleId")): style for style in styles.iter(qn("w:style"))}

    def of(self, properties) -> tuple[str, str] | None:
        """(numId, ilvl) of a w:pPr, None when it is not numbered."""
        num_id, level = _numbering_fields(properties)
        style = _value(properties, "w:pStyle")
        seen = set()
        while (num_id is None or level is None) and style in self._styles and style not in seen:
            seen.add(style)
            found = self._styles[style].find(qn("w:pPr"))
            style_num, style_level = _numbering_fields(found)
            num_id, level = num_id or style_num, level or style_level
            style = _value(self._styles[style], "w:basedOn")
        return None if num_id in (None, "0") else (num_id, level or "0")


def _numbering_fields(properties) -> tuple[str | None, str | None]:
    numbering = properties.find(qn("w:numPr")) if properties is not None else None
    if numbering is None:
        return None, None
    return _value(numbering, "w:numId"), _value(numbering, "w:ilvl")


def _value(parent, tag: str) -> str | None:
    found = parent.find(qn(tag)) if parent is not None else None
    return found.get(qn("w:val")) if found is not None else None


def attach_marks(blocks: list, revisions: Revisions, numbering: Numbering) -> None:
    """Hang each run of inserted (or deleted) paragraphs on the paragraph mark before it.

    The document's last mark can never be inserted or deleted, so there the move is forced.
    """
    start = 0
    while start < len(blocks):
        status = mark_status(blocks[start]) if blocks[start].tag == qn("w:p") else set()
        if len(status) != 1:
            start += 1
            continue
        end = start
        while end + 1 < len(blocks) and blocks[end + 1].tag == qn("w:p") and mark_status(blocks[end + 1]) == status:
            end += 1
        before = blocks[start - 1] if start and blocks[start - 1].tag == qn("w:p") else None
        _move_mark(before, blocks[end], next(iter(status)), end == len(blocks) - 1, revisions, numbering)
        start = end + 1


def _move_mark(before, last, kind: str, forced: bool, revisions: Revisions, numbering: Numbering) -> None:
    # once the change is accepted (deletion) or rejected (insertion), `last`'s mark ends `before`
    needed = pristine_properties(before, current=kind == DELETED)
    own = pristine_properties(last, current=True)
    alike = same_properties(needed, own)
    if not forced and not _hang_on_before(before, kind, alike, numbering.of(needed), numbering.of(own)):
        return
    unmark(last)
    if before is not None:
        revisions.mark_paragraph(before, kind)
    if alike:
        return
    if kind == DELETED:
        original = copy.deepcopy(last.find(qn("w:pPr")))
        _replace_properties(last, needed)
        revisions.record_properties(paragraph_properties(last), original)
    else:
        revisions.record_properties(paragraph_properties(last), needed)


def _hang_on_before(before, kind: str, alike: bool, needed: tuple | None, own: tuple | None) -> bool:
    """Whether the run's change goes on `before`'s mark (else it stays on the run's last mark)."""
    if before is None:
        return False
    if alike or kind != DELETED:
        return True
    # LibreOffice numbers a deleted paragraph of the original by its present properties: given those of
    # another list level (a heading's, when the first entry of a list goes) it would renumber that level
    return needed in (None, own)


def _replace_properties(paragraph, properties) -> None:
    old = paragraph.find(qn("w:pPr"))
    if old is not None:
        paragraph.remove(old)
    paragraph.insert(0, properties)
