"""A redline .docx: the newer document with every difference from the older one as a tracked change.

Both documents come from the same writer, so the redline does not need to know their layout:
the bodies are aligned paragraph by paragraph (and table by table), and a changed paragraph is
rebuilt from its runs, word by word, keeping each run's own formatting. Accepting every change
gives the newer document, rejecting every change the older one.
"""

from __future__ import annotations

import copy
import io

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from jianguan_cli.diffing.align import align
from jianguan_cli.diffing.marks import Numbering, attach_marks
from jianguan_cli.diffing.paragraphs import merge_paragraph, paragraph_text
from jianguan_cli.diffing.tracked import DELETED, INSERTED, Revisions, renumber
from jianguan_cli.rendering.docx import deterministic

# settings that come before w:trackRevisions in CT_Settings
_BEFORE_TRACK = {qn(f"w:{name}") for name in (
    "writeProtection view zoom removePersonalInformation removeDateAndTime doNotDisplayPageBoundaries "
    "displayBackgroundShape printPostScriptOverText printFractionalCharacterWidth printFormsData "
    "embedTrueTypeFonts embedSystemFonts saveSubsetFonts saveFormsData mirrorMargins alignBordersAndEdges "
    "bordersDoNotSurroundHeader bordersDoNotSurroundFooter gutterAtTop hideSpellingErrors hideGrammaticalErrors "
    "activeWritingStyle proofState formsDesign attachedTemplate linkStyles stylePaneFormatFilter "
    "stylePaneSortMethod documentType mailMerge revisionView").split()}


def redline(old: bytes | None, new: bytes | None, author: str, date: str | None) -> bytes:
    """The newer document with the changes from the older one tracked.

    Without an older document everything is inserted; without a newer one (a removed measure)
    the older document is shown entirely deleted.
    """
    document = docx.Document(io.BytesIO(new if new is not None else old))
    body = document.element.body
    old_body = docx.Document(io.BytesIO(old)).element.body if old is not None else None
    first_id = _largest_id(body, old_body) + 1
    revisions = Revisions(author, date, first_id)
    merged = merge_blocks(_blocks(old_body), _blocks(body) if new is not None else [], revisions)
    attach_marks(merged, revisions, Numbering(document.styles.element))
    for child in _blocks(body):
        body.remove(child)
    for position, block in enumerate(merged):
        body.insert(position, block)
    renumber(body, first_id)
    _track_further_edits(document.settings.element)
    buffer = io.BytesIO()
    document.save(buffer)
    return deterministic(buffer.getvalue())


def _blocks(body) -> list:
    return [child for child in body if child.tag != qn("w:sectPr")] if body is not None else []


def _largest_id(*bodies) -> int:
    ids = [int(value) for body in bodies if body is not None for element in body.iter()
           if (value := element.get(qn("w:id"))) is not None and value.lstrip("-").isdigit()]
    return max(ids, default=0)


def _track_further_edits(settings) -> None:
    """Turn on 修订 (w:trackRevisions), so the reviewer's own edits are tracked too."""
    if settings.find(qn("w:trackRevisions")) is not None:
        return
    before = [i for i, child in enumerate(settings) if child.tag in _BEFORE_TRACK]
    settings.insert(before[-1] + 1 if before else 0, OxmlElement("w:trackRevisions"))


def block_text(block) -> str:
    """The text of a paragraph, table or other block, as compared."""
    if block.tag == qn("w:p"):
        return paragraph_text(block)
    return "\n".join(block_text(p) for p in block.iter(qn("w:p")))


def _key(block) -> str:
    return f"{etree.QName(block).localname}\0{block_text(block)}"


def merge_blocks(old: list, new: list, revisions: Revisions) -> list:
    """The merged sequence of body (or table cell) blocks."""
    merged = []
    for step in align(old, new, _key, block_text):
        if step.old is None:
            merged.append(revisions.mark_whole(new[step.new], INSERTED))
        elif step.new is None:
            merged.append(revisions.mark_whole(old[step.old], DELETED))
        else:
            merged.extend(_merge_pair(old[step.old], new[step.new], revisions))
    return merged


def _merge_pair(old, new, revisions: Revisions) -> list:
    if etree.tostring(old) == etree.tostring(new):
        return [copy.deepcopy(new)]
    if old.tag == new.tag == qn("w:p"):
        paragraph = merge_paragraph(old, new, revisions)
        if paragraph is not None:
            return [paragraph]
    elif old.tag == new.tag == qn("w:tbl"):
        table = _merge_table(old, new, revisions)
        if table is not None:
            return [table]
    return [revisions.mark_whole(old, DELETED), revisions.mark_whole(new, INSERTED)]


def _merge_table(old, new, revisions: Revisions):
    """Cell by cell, when both tables have the same rows and columns; None otherwise."""
    old_cells, new_cells = _cells(old), _cells(new)
    if [len(row) for row in old_cells] != [len(row) for row in new_cells]:
        return None
    table = copy.deepcopy(new)
    for old_row, new_row, row in zip(old_cells, new_cells, _cells(table)):
        for old_cell, new_cell, cell in zip(old_row, new_row, row):
            blocks = merge_blocks(_cell_blocks(old_cell), _cell_blocks(new_cell), revisions)
            for child in _cell_blocks(cell):
                cell.remove(child)
            cell.extend(blocks)
    return table


def _cells(table) -> list[list]:
    return [row.findall(qn("w:tc")) for row in table.findall(qn("w:tr"))]


def _cell_blocks(cell) -> list:
    return [child for child in cell if child.tag != qn("w:tcPr")]
