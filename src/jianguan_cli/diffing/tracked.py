"""Word tracked changes (修订) in WordprocessingML: w:ins, w:del, w:pPrChange, w:rPrChange.

A change is signed with the author and date of the commit and numbered in document order, so
the same comparison always gives the same XML.
"""

from __future__ import annotations

import copy

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

INSERTED, DELETED = "ins", "del"
CHANGES = {qn("w:ins"), qn("w:del"), qn("w:pPrChange"), qn("w:rPrChange")}
# children of w:pPr that come after w:rPr (everything else comes before it)
_AFTER_RPR = {qn("w:sectPr"), qn("w:pPrChange")}
# w:pPrChange holds the old properties without these (CT_PPrBase)
_NOT_IN_PPR_CHANGE = {qn("w:rPr"), qn("w:sectPr"), qn("w:pPrChange")}
_DELETED_FORMS = {qn("w:t"): "w:delText", qn("w:instrText"): "w:delInstrText"}


class Revisions:
    """Signs tracked changes: every one gets the next id, the author and (for commits) the date."""

    def __init__(self, author: str, date: str | None, first_id: int) -> None:
        self.author = author
        # Word writes the author's wall-clock time with a "Z" and shows it unchanged; so do we
        self.date = f"{date}Z" if date else None
        self.next_id = first_id

    def sign(self, tag: str):
        """A new w:ins, w:del, w:pPrChange or w:rPrChange element."""
        element = OxmlElement(tag)
        element.set(qn("w:id"), str(self.next_id))
        element.set(qn("w:author"), self.author)
        if self.date:
            element.set(qn("w:date"), self.date)
        self.next_id += 1
        return element

    def wrap(self, runs: list, status: str):
        """`runs` inside one w:ins or w:del (deleted text becomes w:delText)."""
        container = self.sign(f"w:{status}")
        for run in runs:
            if status == DELETED:
                as_deleted(run)
            container.append(run)
        return container

    def mark_whole(self, element, status: str):
        """A copy of `element` (paragraph, table, …) entirely inserted or deleted."""
        element = copy.deepcopy(element)
        for run in [r for r in element.iter(qn("w:r")) if not _inside_change(r)]:
            parent, index = run.getparent(), run.getparent().index(run)
            parent.insert(index, self.wrap([run], status))
        for paragraph in element.iter(qn("w:p")):
            self.mark_paragraph(paragraph, status)
        for row in element.iter(qn("w:tr")):
            row_properties = _child(row, "w:trPr", 0)
            row_properties.append(self.sign(f"w:{status}"))
        return element

    def mark_paragraph(self, paragraph, status: str) -> None:
        """Mark the paragraph mark (the end of the paragraph) as inserted or deleted."""
        mark = paragraph_mark_properties(paragraph)
        position = 1 if status == DELETED and mark.find(qn("w:ins")) is not None else 0
        mark.insert(position, self.sign(f"w:{status}"))  # w:ins and w:del come first in CT_ParaRPr

    def record_properties(self, properties, old) -> None:
        """Add w:pPrChange to a paragraph's w:pPr holding its old properties `old` (a w:pPr or None)."""
        change = self.sign("w:pPrChange")
        before = OxmlElement("w:pPr")
        for child in (old if old is not None else []):
            if child.tag not in _NOT_IN_PPR_CHANGE:
                before.append(copy.deepcopy(child))
        change.append(before)
        properties.append(change)

    def record_run_properties(self, run_properties, old) -> None:
        """Add w:rPrChange to a run's w:rPr holding its old properties `old` (a w:rPr or None)."""
        change = self.sign("w:rPrChange")
        before = OxmlElement("w:rPr")
        for child in (old if old is not None else []):
            if child.tag != qn("w:rPrChange"):
                before.append(copy.deepcopy(child))
        change.append(before)
        run_properties.append(change)


def renumber(body, first_id: int) -> None:
    """Number every tracked change in document order (they are made out of order)."""
    for number, element in enumerate((e for e in body.iter() if e.tag in CHANGES), start=first_id):
        element.set(qn("w:id"), str(number))


def as_deleted(run) -> None:
    """Deleted runs hold w:delText (and w:delInstrText) instead of w:t (and w:instrText)."""
    for child in run:
        if child.tag in _DELETED_FORMS:
            replacement = OxmlElement(_DELETED_FORMS[child.tag])
            replacement.text = child.text
            for name, value in child.attrib.items():
                replacement.set(name, value)
            run.replace(child, replacement)


def _inside_change(element) -> bool:
    parent = element.getparent()
    return parent is not None and parent.tag in (qn("w:ins"), qn("w:del"))


def _child(parent, tag: str, position: int):
    """The child `tag` of `parent`, created at `position` when missing."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.insert(position, found)
    return found


def paragraph_properties(paragraph):
    """The paragraph's w:pPr, created when missing."""
    return _child(paragraph, "w:pPr", 0)


def paragraph_mark_properties(paragraph):
    """The w:rPr of the paragraph mark inside w:pPr (placed before w:sectPr and w:pPrChange)."""
    properties = paragraph_properties(paragraph)
    found = properties.find(qn("w:rPr"))
    if found is None:
        found = OxmlElement("w:rPr")
        later = [i for i, child in enumerate(properties) if child.tag in _AFTER_RPR]
        properties.insert(later[0] if later else len(properties), found)
    return found


def mark_status(paragraph) -> set[str]:
    """How the paragraph's mark is tracked: {}, {"ins"}, {"del"} or both (inserted, then deleted)."""
    properties = paragraph.find(qn("w:pPr"))
    mark = properties.find(qn("w:rPr")) if properties is not None else None
    if mark is None:
        return set()
    return {status for status in (INSERTED, DELETED) if mark.find(qn(f"w:{status}")) is not None}


def unmark(paragraph) -> None:
    """Take the insertion or deletion off the paragraph's mark."""
    properties = paragraph.find(qn("w:pPr"))
    mark = properties.find(qn("w:rPr")) if properties is not None else None
    for status in (INSERTED, DELETED):
        found = mark.find(qn(f"w:{status}")) if mark is not None else None
        if found is not None:
            mark.remove(found)
