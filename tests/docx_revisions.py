"""Reading Word tracked changes back: what accepting or rejecting every change leaves (as Word does).

Accepting removes deleted text and deleted paragraph marks and keeps inserted ones; rejecting
does the opposite and restores the old properties. A paragraph whose mark goes away joins the
next one, which keeps its own properties (the mark that remains).
"""

from __future__ import annotations

import copy
import io
import zipfile

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def body_of(docx_bytes: bytes):
    """The w:body of a .docx package."""
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(docx_bytes)).read("word/document.xml")).find(f"{W}body")


def _mark_has(paragraph, status: str) -> bool:
    return paragraph.find(f"{W}pPr/{W}rPr/{W}{status}") is not None


def resolved(body, accept: bool):
    """A copy of `body` with every change accepted (or rejected)."""
    body = copy.deepcopy(body)
    gone, kept = ("del", "ins") if accept else ("ins", "del")
    joining = [p for p in body.iter(f"{W}p") if _mark_has(p, gone)]
    for row in [r for r in body.iter(f"{W}tr") if r.find(f"{W}trPr/{W}{gone}") is not None]:
        row.getparent().remove(row)
    for element in list(body.iter(f"{W}{gone}", f"{W}{kept}")):
        parent = element.getparent()
        if parent is None:
            continue
        if parent.tag in (f"{W}rPr", f"{W}trPr") or element.tag == f"{W}{gone}":
            parent.remove(element)
        else:  # kept content: unwrap it
            for child in list(element):
                element.addprevious(child)
            parent.remove(element)
    if not accept:
        for text in body.iter(f"{W}delText"):
            text.tag = f"{W}t"
    _resolve_properties(body, accept)
    for paragraph in reversed(joining):
        if paragraph.getparent() is None:
            continue
        following = paragraph.getnext()
        content = [c for c in paragraph if c.tag != f"{W}pPr"]
        if following is not None and following.tag == f"{W}p":
            anchor = following.find(f"{W}pPr")
            for child in reversed(content):
                if anchor is not None:
                    anchor.addnext(child)
                else:
                    following.insert(0, child)
            paragraph.getparent().remove(paragraph)
    return body


def _resolve_properties(body, accept: bool) -> None:
    for tag in ("pPrChange", "rPrChange"):
        for change in list(body.iter(f"{W}{tag}")):
            properties = change.getparent()
            properties.remove(change)
            if accept:
                continue
            for child in [c for c in properties if c.tag != f"{W}rPr" or tag == "rPrChange"]:
                properties.remove(child)
            old = change[0]
            for position, child in enumerate(old):
                properties.insert(position, child)


def paragraphs(body) -> list[tuple[str, str]]:
    """(paragraph properties without the mark's run properties, text) of every paragraph."""
    found = []
    for paragraph in body.iter(f"{W}p"):
        properties = paragraph.find(f"{W}pPr")
        shown = b""
        if properties is not None:
            properties = copy.deepcopy(properties)
            for mark in properties.findall(f"{W}rPr"):
                properties.remove(mark)
            shown = etree.tostring(properties) if len(properties) else b""
        text = "".join(t.text or "" if t.tag == f"{W}t" else "\t" if t.tag == f"{W}tab" else "\n"
                       for t in paragraph.iter(f"{W}t", f"{W}tab", f"{W}br"))
        found.append((shown.decode(), text))
    return found


def tracked(body, status: str) -> list[str]:
    """The text inside every w:ins (status "ins") or w:del ("del") that wraps runs, in order."""
    tag = "t" if status == "ins" else "delText"
    return ["".join(t.text or "" for t in element.iter(f"{W}{tag}"))
            for element in body.iter(f"{W}{status}") if element.getparent().tag not in (f"{W}rPr", f"{W}trPr")]


def _styles_numbering(docx_bytes: bytes) -> dict[str, tuple]:
    """styleId → (numId, ilvl) for every paragraph style that numbers its paragraphs (through its bases too)."""
    styles = etree.fromstring(zipfile.ZipFile(io.BytesIO(docx_bytes)).read("word/styles.xml"))
    own, based = {}, {}
    for style in styles.iter(f"{W}style"):
        name = style.get(f"{W}styleId")
        number = style.find(f"{W}pPr/{W}numPr")
        if number is not None:
            own[name] = _number_fields(number)
        base = style.find(f"{W}basedOn")
        if base is not None:
            based[name] = base.get(f"{W}val")
    found = {}
    for name in set(own) | set(based):
        current, seen = name, set()
        while current not in own and current in based and current not in seen:
            seen.add(current)
            current = based[current]
        if current in own:
            found[name] = own[current]
    return found


def _number_fields(number) -> tuple:
    return tuple(None if (e := number.find(f"{W}{tag}")) is None else e.get(f"{W}val") for tag in ("numId", "ilvl"))


def _list_level(paragraph, by_style: dict) -> tuple | None:
    number = paragraph.find(f"{W}pPr/{W}numPr")
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    num_id, level = by_style.get(style.get(f"{W}val") if style is not None else "Normal", (None, None))
    if number is not None:
        direct_id, direct_level = _number_fields(number)
        num_id, level = direct_id or num_id, direct_level or level
    return None if num_id in (None, "0") else (num_id, level or "0")


def _numbers(paragraphs, by_style: dict) -> dict[str, tuple]:
    """Each numbered paragraph's number (its counters from the list's top level down), by its tag."""
    counters, found = {}, {}
    for paragraph in paragraphs:
        level = _list_level(paragraph, by_style)
        if level is None:
            continue
        counts = counters.setdefault(level[0], [0] * 10)
        depth = int(level[1])
        counts[depth] += 1
        counts[depth + 1:] = [0] * (len(counts) - depth - 1)
        found[paragraph.get(_TAG)] = tuple(counts[:depth + 1])
    return found


_TAG = "{urn:jianguan:test}at"


def _unchanged(paragraph) -> bool:
    return not any(e.tag in (f"{W}ins", f"{W}del", f"{W}pPrChange", f"{W}rPrChange") for e in paragraph.iter())


def libreoffice_misnumbered(docx_bytes: bytes) -> list[str]:
    """Unchanged paragraphs that LibreOffice's 修订 view numbers otherwise than the accepted or rejected document.

    LibreOffice shows each list number as accepting all changes gives it and, in brackets when it differs,
    as rejecting all gives it. It counts the paragraphs by their present properties and leaves out, for
    the accepted numbers, every paragraph whose start lies in a tracked deletion (after a deleted paragraph
    mark), for the original numbers every one after an inserted mark.
    """
    by_style = _styles_numbering(docx_bytes)
    body = body_of(docx_bytes)
    items = list(body.iter(f"{W}p"))
    for position, paragraph in enumerate(items):
        paragraph.set(_TAG, str(position))
    found = []
    for accept, gone in ((True, "del"), (False, "ins")):
        counted = [p for before, p in zip([None, *items], items) if before is None or not _mark_has(before, gone)]
        shown = _numbers(counted, by_style)
        truth = _numbers(resolved(body, accept).iter(f"{W}p"), by_style)
        found += ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in items
                  if _unchanged(p) and shown.get(p.get(_TAG)) != truth.get(p.get(_TAG))]
    return found
