"""The .docx package around the text: properties written by jianguan, no template leftovers, fixed bytes."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from xml.sax.saxutils import escape

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_APP_CT = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
_CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
# The custom property that carries what the printed page does not: item codes, review state, revisions.
CUSTOM_PROPERTY = "jianguan"


def deterministic(docx_bytes: bytes) -> bytes:
    """The same package with fixed entry timestamps, so identical input gives identical bytes."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes))
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, _FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(fixed, source.read(info.filename))
    return target.getvalue()


def clean_package(document) -> None:
    """Drop what a template leaves behind: its thumbnail, preview setting and a non-Chinese theme language."""
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rel_id]
    settings = document.settings.element
    for preview in settings.findall(qn("w:savePreviewPicture")):
        settings.remove(preview)
    language = settings.find(qn("w:themeFontLang"))
    if language is None:
        language = OxmlElement("w:themeFontLang")
        settings.append(language)
    language.set(qn("w:val"), "zh-CN")
    language.set(qn("w:eastAsia"), "zh-CN")


def write_properties(document, title: str, organ: str, date: str, record: dict) -> None:
    """Core, extended (app.xml) and custom properties from the data, never from the clock or the template."""
    when = _when(date)
    props = document.core_properties
    props.title, props.author, props.last_modified_by = title, organ, organ
    props.created = props.modified = props.last_printed = when
    props.revision = 1
    props.subject = "、".join(m["doc_number"] for m in record.get("measures", []) if m.get("doc_number"))
    props.keywords = "、".join(m["code"] for m in record.get("measures", []) if m.get("code"))
    props.category = record.get("kind", "")
    props.comments = props.content_status = props.identifier = props.language = props.version = ""
    _replace_part(document, RT.EXTENDED_PROPERTIES, "/docProps/app.xml", _APP_CT, _app_xml(organ))
    _replace_part(document, RT.CUSTOM_PROPERTIES, "/docProps/custom.xml", _CUSTOM_CT, _custom_xml(record))


def _when(date: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(date) if date else dt.datetime(2000, 1, 1)
    except ValueError:
        return dt.datetime(2000, 1, 1)


def _replace_part(document, reltype: str, name: str, content_type: str, blob: bytes) -> None:
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == reltype:
            del package.rels[rel_id]
    package.relate_to(Part(PackURI(name), content_type, blob, package), reltype)


def _app_xml(organ: str) -> bytes:
    return ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            f"<Application>jianguan</Application><DocSecurity>0</DocSecurity><Company>{escape(organ)}</Company>"
            "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc></Properties>").encode("utf-8")


def _custom_xml(record: dict) -> bytes:
    value = json.dumps(record, ensure_ascii=False, sort_keys=True, default=str)
    return ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            f'<property fmtid="{_CUSTOM_FMTID}" pid="2" name="{CUSTOM_PROPERTY}">'
            f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property></Properties>").encode("utf-8")


def read_record(docx_path) -> dict:
    """The jianguan custom property of a rendered .docx (what `jianguan import` reads back)."""
    with zipfile.ZipFile(docx_path) as package:
        if "docProps/custom.xml" not in package.namelist():
            return {}
        from xml.etree import ElementTree

        root = ElementTree.fromstring(package.read("docProps/custom.xml"))
    for prop in root:
        if prop.get("name") == CUSTOM_PROPERTY:
            return json.loads("".join(prop.itertext()))
    return {}
