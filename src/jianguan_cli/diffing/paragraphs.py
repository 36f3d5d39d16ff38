"""One changed paragraph rebuilt word by word from the runs of both versions, formatting kept."""

from __future__ import annotations

import copy
from dataclasses import dataclass

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from jianguan_cli.diffing.tracked import DELETED, INSERTED, Revisions, paragraph_properties
from jianguan_cli.diffing.words import word_diff

_OBJECT = "\ufffc"  # stands for a drawing, a field character … when texts are compared
_CHARACTERS = {qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-"}
_SKIPPED = {qn("w:rPr"), qn("w:lastRenderedPageBreak")}
# a paragraph of only these can be rebuilt run by run; any other (hyperlinks, fields, bookmarks …)
# is replaced whole: the old one deleted, the new one inserted
_PLAIN_CONTENT = {qn("w:pPr"), qn("w:r"), qn("w:proofErr")}
_MARK_ONLY = {qn("w:rPr"), qn("w:pPrChange")}


@dataclass(frozen=True)
class Atom:
    """One character of a paragraph with its run's properties (and the element of a tab, break, object)."""

    char: str
    properties: object  # the run's w:rPr, or None
    element: object = None


def atoms(paragraph, strict: bool = True) -> list[Atom] | None:
    """The paragraph's characters; with `strict`, None when it holds more than plain runs."""
    if strict and any(child.tag not in _PLAIN_CONTENT for child in paragraph):
        return None
    found = []
    for run in (paragraph.findall(qn("w:r")) if strict else paragraph.iter(qn("w:r"))):
        properties = run.find(qn("w:rPr"))
        for child in run:
            if child.tag == qn("w:t"):
                found.extend(Atom(char, properties) for char in child.text or "")
            elif child.tag in _CHARACTERS:
                found.append(Atom(_CHARACTERS[child.tag], properties, child))
            elif child.tag not in _SKIPPED:
                found.append(Atom(_OBJECT, properties, child))
    return found


def paragraph_text(paragraph) -> str:
    """The text of a paragraph as compared (tabs and breaks as characters)."""
    return "".join(atom.char for atom in atoms(paragraph, strict=False) or [])


def _xml(element) -> bytes:
    return etree.tostring(element) if element is not None else b""


def pristine_properties(paragraph, current: bool):
    """A copy of a paragraph's own w:pPr (without the mark's run properties): as it is now with
    `current`, else as it was before (from its w:pPrChange); empty for no paragraph."""
    properties = paragraph.find(qn("w:pPr")) if paragraph is not None else None
    change = properties.find(qn("w:pPrChange")) if properties is not None else None
    source = change.find(qn("w:pPr")) if change is not None and not current else properties
    result = OxmlElement("w:pPr")
    for child in (source if source is not None else []):
        if child.tag not in _MARK_ONLY:
            result.append(copy.deepcopy(child))
    return result


def same_properties(a, b) -> bool:
    """Two w:pPr (or w:rPr) elements say the same."""
    return _xml(a) == _xml(b)


def merge_paragraph(old, new, revisions: Revisions):
    """`new` with the differences from `old` tracked, or None when either is not plain runs."""
    old_atoms, new_atoms = atoms(old), atoms(new)
    if old_atoms is None or new_atoms is None:
        return None
    paragraph = OxmlElement("w:p")
    for name, value in new.attrib.items():
        paragraph.set(name, value)
    if new.find(qn("w:pPr")) is not None:
        paragraph.append(copy.deepcopy(new.find(qn("w:pPr"))))
    if not same_properties(pristine_properties(old, True), pristine_properties(new, True)):
        revisions.record_properties(paragraph_properties(paragraph), old.find(qn("w:pPr")))
    i = j = 0
    for piece in word_diff("".join(a.char for a in old_atoms), "".join(a.char for a in new_atoms)):
        size = len(piece.text)
        if piece.op == "equal":
            paragraph.extend(_kept_runs(old_atoms[i:i + size], new_atoms[j:j + size], revisions))
        elif piece.op == "delete":
            paragraph.append(revisions.wrap(runs_of(old_atoms[i:i + size]), DELETED))
        else:
            paragraph.append(revisions.wrap(runs_of(new_atoms[j:j + size]), INSERTED))
        i += size if piece.op != "insert" else 0
        j += size if piece.op != "delete" else 0
    return paragraph


def _kept_runs(old_atoms: list[Atom], new_atoms: list[Atom], revisions: Revisions) -> list:
    """Unchanged text in the newer formatting; a w:rPrChange where the formatting changed."""
    result, start = [], 0
    for end in range(1, len(new_atoms) + 1):
        if end < len(new_atoms) and _formats(old_atoms[end], new_atoms[end]) == _formats(
                old_atoms[start], new_atoms[start]):
            continue
        runs = runs_of(new_atoms[start:end])
        old_properties, new_properties = _formats(old_atoms[start], new_atoms[start])
        if old_properties != new_properties:
            for run in runs:
                properties = run.find(qn("w:rPr"))
                if properties is None:
                    properties = OxmlElement("w:rPr")
                    run.insert(0, properties)
                revisions.record_run_properties(properties, old_atoms[start].properties)
        result.extend(runs)
        start = end
    return result


def _formats(old: Atom, new: Atom) -> tuple[bytes, bytes]:
    return _xml(old.properties), _xml(new.properties)


def runs_of(found: list[Atom]) -> list:
    """Runs holding `found`: one per stretch of equal formatting, text joined into one w:t."""
    runs, current, key = [], None, None
    for atom in found:
        if current is None or _xml(atom.properties) != key:
            current, key = OxmlElement("w:r"), _xml(atom.properties)
            if atom.properties is not None:
                current.append(copy.deepcopy(atom.properties))
            runs.append(current)
        if atom.element is not None:
            current.append(copy.deepcopy(atom.element))
        elif len(current) and current[-1].tag == qn("w:t"):
            current[-1].text += atom.char
        else:
            text = OxmlElement("w:t")
            text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            text.text = atom.char
            current.append(text)
    return runs
