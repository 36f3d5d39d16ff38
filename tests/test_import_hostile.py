"""`jianguan import` on files that are no honest .docx: a Chinese message naming the file, exit 1 (2 for a
folder), never a traceback, bounded time and memory, and nothing written."""

from __future__ import annotations

import io
import random
import zipfile
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import PROJECT, copy_demo, tree_digest
from test_hostile import HOSTILE, assert_clear_failure, jianguan

OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                 'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                 'relationships+xml"/><Override PartName="/word/document.xml" ContentType="{main}"/></Types>')
DOCUMENT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def package(document_xml: bytes, main: str = DOCUMENT_MAIN, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal .docx around `document_xml`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES.format(main=main))
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("word/document.xml", document_xml)
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def body(*paragraphs: str) -> bytes:
    runs = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in paragraphs)
    return f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{runs}</w:body></w:document>'.encode()


def zip_bomb(path: Path) -> None:
    """Under a megabyte on disk, 250 MB unpacked."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES.format(main=DOCUMENT_MAIN))
        with archive.open("word/document.xml", "w", force_zip64=True) as stream:
            block = b"\0" * (1024 * 1024)
            for _ in range(250):
                stream.write(block)


def billion_laughs() -> bytes:
    entities = '<!ENTITY a0 "哈哈">' + "".join(f'<!ENTITY a{n} "{f"&a{n - 1};" * 10}">' for n in range(1, 10))
    return (f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]><w:document {W}><w:body><w:p><w:r>'
            '<w:t>&a9;</w:t></w:r></w:p></w:body></w:document>').encode()


def deep_nesting() -> bytes:
    return (f'<?xml version="1.0"?><w:document {W}><w:body>' + "<w:sdt><w:sdtContent>" * 5000
            + "</w:sdtContent></w:sdt>" * 5000 + "</w:body></w:document>").encode()


DOCX_CASES = {
    "zip-bomb": zip_bomb,
    "not-a-zip": lambda p: p.write_bytes(b"PK\x03\x04" + random.Random(3).randbytes(4096)),
    "doc-named-docx": lambda p: p.write_bytes(OLE_HEADER + bytes(4096)),
    "rtf-named-docx": lambda p: p.write_bytes("{\\rtf1\\ansi \\b 监管办法\\b0}".encode("gbk")),
    "macros": lambda p: p.write_bytes(package(body("监管办法"), MACRO_MAIN, {"word/vbaProject.bin": b"\0" * 64})),
    "spreadsheet": lambda p: p.write_bytes(package(body("x"), "application/vnd.openxmlformats-officedocument."
                                                                  "spreadsheetml.sheet.main+xml")),
    "no-document-part": lambda p: p.write_bytes(_without_document()),
    "broken-xml": lambda p: p.write_bytes(package(b"<w:document><w:body><w:p>")),
    "billion-laughs": lambda p: p.write_bytes(package(billion_laughs())),
    "deep-nesting": lambda p: p.write_bytes(package(deep_nesting())),
    "corrupt-member": lambda p: p.write_bytes(_corrupted(package(body("监管办法")))),
    "no-measure": lambda p: p.write_bytes(package(body("关于开展安全检查的通知", "各科室："))),
}


def _without_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES.format(main=DOCUMENT_MAIN))
    return buffer.getvalue()


def _corrupted(raw: bytes) -> bytes:
    """A package whose document part fails its checksum."""
    at = raw.find(b"word/document.xml") + len("word/document.xml") + 5
    return raw[:at] + bytes(b ^ 0xFF for b in raw[at:at + 8]) + raw[at + 8:]


@pytest.fixture
def district(tmp_path) -> Path:
    return copy_demo(tmp_path / "district")


@pytest.mark.parametrize("case", [c for c in HOSTILE if c not in ("gbk", "utf-16", "symlink-outside")])
def test_hostile_bytes_named_docx(district, case):
    HOSTILE[case](district / "办法.docx")
    before = tree_digest(district / "measures")
    result = jianguan("import", "办法.docx", cwd=district)
    assert_clear_failure(result, (1, 2), "办法.docx")
    assert tree_digest(district / "measures") == before


# what each message must say: the cause and what to do
EXPLAINED = {"zip-bomb": ("解压后有 250 MB", "未读取"), "doc-named-docx": ("Word 97-2003", "另存为"),
             "rtf-named-docx": ("RTF", "另存为"), "macros": ("含有宏", "另存为"), "spreadsheet": ("不是 Word 文档", "另存为"),
             "billion-laughs": ("不是有效的 .docx", "另存为"), "not-a-zip": ("不是 zip 压缩包", "另存为"),
             "no-measure": ("不像一份监管办法", "导入它的附件")}


@pytest.mark.parametrize("case", DOCX_CASES)
def test_hostile_docx(district, case):
    DOCX_CASES[case](district / "办法.docx")
    before = tree_digest(district / "measures")
    result = jianguan("import", "办法.docx", cwd=district)
    assert_clear_failure(result, (1,), "办法.docx")
    assert tree_digest(district / "measures") == before
    assert result.seconds < 30
    for words in EXPLAINED.get(case, ()):
        assert words in result.stderr, result.stderr


@pytest.mark.parametrize(("name", "words"), [("旧办法.doc", "Word 97-2003 文档（.doc）"), ("旧办法.wps", "WPS 文字文档"),
                                             ("旧办法.docm", "带宏"), ("旧办法.odt", "OpenDocument")])
def test_other_formats_are_refused_with_the_advice_to_save_as_docx(district, name, words):
    (district / name).write_bytes(OLE_HEADER + bytes(512))
    result = jianguan("import", name, cwd=district)
    assert_clear_failure(result, (1,), name)
    assert words in result.stderr and "另存为" in result.stderr and ".docx" in result.stderr


def test_a_missing_file_is_a_usage_error(district, run_cli):
    result = run_cli("import", "没有这个文件.docx", cwd=district)
    assert result.code == 2 and "找不到Word 文档 没有这个文件.docx" in result.err


@pytest.fixture(scope="module")
def shared_district(tmp_path_factory) -> Path:
    return copy_demo(tmp_path_factory.mktemp("mutated") / "district")


@lru_cache(maxsize=1)
def blank_docx() -> bytes:
    """A real document: the blank 模版 as jianguan renders it."""
    from jianguan_cli.rendering.docx import DocxWriter
    from jianguan_cli.rendering.viewmodel import MeasureView
    from jianguan_cli.resources import load_schema
    from jianguan_cli.schema import SchemaIndex

    view = MeasureView(SchemaIndex(load_schema("measure")))
    return DocxWriter(PROJECT / "templates" / "docx" / "reference.docx", view).blank_document("兰州市七里河区")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_mutated_documents_never_crash(shared_district, run_cli, data):
    with zipfile.ZipFile(io.BytesIO(blank_docx())) as archive:
        entries = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    name = data.draw(st.sampled_from(sorted(entries)))
    content = bytearray(entries[name])
    for _ in range(data.draw(st.integers(1, 20))):
        content[data.draw(st.integers(0, len(content) - 1))] = data.draw(st.integers(0, 255))
    entries[name] = bytes(content)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for entry, value in entries.items():
            archive.writestr(entry, value)
    (shared_district / "变异.docx").write_bytes(buffer.getvalue())
    result = run_cli("import", "变异.docx", "-o", "-", cwd=shared_district)
    assert result.code in (0, 1), result.err
    assert "内部错误" not in result.err and "Traceback" not in result.err
