"""Opening a .docx that staff hand over: anything that is not one is refused with the advice to save it as
one; macros, zip bombs and oversized files are refused before any XML is parsed."""

from __future__ import annotations

import io
import json
import posixpath
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from jianguan_cli.findings import JianguanError
from jianguan_cli.interchange.input_files import check_unpacked, read_limited
from jianguan_cli.rendering.docx_package import CUSTOM_PROPERTY

MAX_DOCX_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 (.doc), WPS (.wps) and .et files
_SAVE_AS = "请在 Word 或 WPS 中打开，选“另存为”→“Word 文档（*.docx）”后再导入"
_REFUSED_SUFFIXES = {".doc": "Word 97-2003 文档（.doc）", ".wps": "WPS 文字文档（.wps）", ".rtf": "RTF 文档",
                     ".odt": "OpenDocument 文档（.odt）", ".wpt": "WPS 模板", ".dot": "Word 97-2003 模板"}
_MACRO_TYPES = ("macroEnabled", "vbaProject")


@dataclass
class OpenedDocx:
    """A parsed python-docx Document, the renderer's hidden record ({} when absent) and notes on it."""

    document: object
    record: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def open_docx(path: Path) -> OpenedDocx:
    """The document at `path`; JianguanError (exit 1, or 2 when missing) when it cannot be read safely."""
    suffix = path.suffix.lower()
    if suffix in _REFUSED_SUFFIXES:
        raise JianguanError(f"{path} 是{_REFUSED_SUFFIXES[suffix]}，jianguan 只读 .docx：{_SAVE_AS}。", exit_code=1)
    if suffix in (".docm", ".dotm"):
        raise JianguanError(f"{path} 是带宏的 Word 文件，出于安全不读取：{_SAVE_AS}（不含宏）。", exit_code=1)
    try:
        raw = read_limited(path, MAX_DOCX_BYTES, "Word 文档")
    except JianguanError as error:
        raise JianguanError(str(error), exit_code=min(error.exit_code, 2)) from None
    archive = _archive(raw, path)
    document = _parsed(_without_dangling_relationships(archive, raw, path), path)
    opened = OpenedDocx(document, _record(archive))
    if not opened.record and "docProps/custom.xml" in archive.namelist():
        opened.notes.append("文件属性中的 jianguan 数据无法读取，已忽略")
    return opened


def _archive(raw: bytes, path: Path) -> zipfile.ZipFile:
    if raw.startswith(_OLE):
        raise JianguanError(f"{path} 实际是 Word 97-2003（.doc）或 WPS 格式的文件：{_SAVE_AS}。", exit_code=1)
    if raw.lstrip()[:5].lower() == b"{\\rtf":
        raise JianguanError(f"{path} 实际是 RTF 文档：{_SAVE_AS}。", exit_code=1)
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        names = archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise JianguanError(f"{path} 不是有效的 .docx 文件（不是 zip 压缩包，可能已损坏或只是改了扩展名）：{_SAVE_AS}。",
                            exit_code=1) from None
    try:
        check_unpacked(archive, path, MAX_UNPACKED_BYTES, "Word 文档")
    except JianguanError as error:
        raise JianguanError(str(error), exit_code=1) from None
    content_types = _member(archive, "[Content_Types].xml", path)
    if any(marker.encode() in content_types for marker in _MACRO_TYPES) or any(
            name.lower().endswith("vbaproject.bin") for name in names):
        raise JianguanError(f"{path} 含有宏（VBA），出于安全不读取：{_SAVE_AS}（不含宏）。", exit_code=1)
    if b"wordprocessingml.document.main" not in content_types:
        raise JianguanError(f"{path} 不是 Word 文档（.docx）：{_SAVE_AS}。", exit_code=1)
    return archive


def _member(archive: zipfile.ZipFile, name: str, path: Path) -> bytes:
    try:
        return archive.read(name)
    except KeyError:
        raise JianguanError(f"{path} 不是有效的 .docx 文件（缺少 {name}）：{_SAVE_AS}。", exit_code=1) from None
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, RuntimeError, NotImplementedError) as error:
        raise JianguanError(f"{path} 已损坏，无法解压（{error.__class__.__name__}）：{_SAVE_AS}。", exit_code=1) from None


def _without_dangling_relationships(archive: zipfile.ZipFile, raw: bytes, path: Path) -> bytes:
    """The package without relationships to parts it lacks (a deleted docProps/custom.xml, say): Word opens
    such a file, python-docx would not."""
    from xml.etree import ElementTree

    names = set(archive.namelist())
    repaired: dict[str, bytes] = {}
    for name in (n for n in names if n.endswith(".rels")):
        try:
            root = ElementTree.fromstring(_member(archive, name, path))
        except ElementTree.ParseError:
            continue  # python-docx reports the broken part
        folder = posixpath.dirname(posixpath.dirname(name))
        dangling = [rel for rel in root if rel.get("TargetMode") != "External"
                    and _part_name(folder, rel.get("Target", "")) not in names]
        for rel in dangling:
            root.remove(rel)
        if dangling:
            repaired[name] = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
    if not repaired:
        return raw
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in archive.infolist():
            target.writestr(info, repaired.get(info.filename) or _member(archive, info.filename, path))
    return buffer.getvalue()


def _part_name(folder: str, target: str) -> str:
    """The zip member a relationship's target names, relative to the folder of its source part."""
    joined = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
    return posixpath.normpath(joined).lstrip("/")


def _parsed(raw: bytes, path: Path):
    from docx import Document

    try:
        return Document(io.BytesIO(raw))
    except Exception as error:  # python-docx and lxml raise many kinds on a broken package
        raise JianguanError(f"{path} 不是有效的 .docx 文件（{error.__class__.__name__}），无法读取：{_SAVE_AS}。",
                            exit_code=1) from None


def _record(archive: zipfile.ZipFile) -> dict:
    """The renderer's hidden record, or {} when absent or unreadable (it only ever fills unprinted fields)."""
    from xml.etree import ElementTree

    try:
        info = archive.getinfo("docProps/custom.xml")
        if info.file_size > 1024 * 1024:
            return {}
        root = ElementTree.fromstring(archive.read(info))
        for prop in root:
            if prop.get("name") == CUSTOM_PROPERTY:
                value = json.loads("".join(prop.itertext()))
                return value if isinstance(value, dict) else {}
    except (KeyError, ElementTree.ParseError, ValueError, zipfile.BadZipFile, OSError, RuntimeError):
        return {}
    return {}
