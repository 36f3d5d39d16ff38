"""PDF by LibreOffice: all documents of a render converted by one soffice process, then made byte-stable.

LibreOffice stamps each PDF with the time of conversion and a random /ID; pikepdf replaces the dates with
the document's own date (from the .docx core properties) and derives the /ID from the content.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

from jianguan_cli.findings import JianguanError, UsageError

INSTALL_HINT = ("生成 PDF 需要 LibreOffice：Debian/Ubuntu 上运行 sudo apt-get install libreoffice-writer fonts-noto-cjk，"
                "Windows 上从 https://www.libreoffice.org 下载安装；也可以先用 --format docx 生成 Word 文件，"
                "再在 WPS 或 Word 中另存为 PDF。")
_CREATED = re.compile(rb"<dcterms:created[^>]*>(\d{4})-(\d{2})-(\d{2})")
_SECONDS_PER_DOCUMENT = 30


def soffice() -> str:
    """The LibreOffice program, or a usage error that says how to install it."""
    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        raise UsageError(INSTALL_HINT)
    return program


def to_pdf(documents: Iterable[tuple[str, bytes]], advance: Callable[[], None] = lambda: None) -> list[tuple[str, bytes]]:
    """(relative path, .docx bytes) → (relative path with .pdf, stable PDF bytes), in one LibreOffice run."""
    program = soffice()
    documents = list(documents)
    with tempfile.TemporaryDirectory(prefix="jianguan-pdf-") as work:
        folder = Path(work)
        sources = []
        for number, (_, content) in enumerate(documents):
            source = folder / "in" / f"{number:05d}.docx"  # flat, unique names: one --outdir for all
            source.parent.mkdir(exist_ok=True)
            source.write_bytes(content)
            sources.append(source)
        _run(program, folder, sources, advance)
        converted = []
        for (relative, content), source in zip(documents, sources):
            pdf = folder / "out" / f"{source.stem}.pdf"
            if not pdf.is_file():
                raise JianguanError(f"LibreOffice 没有转换 {relative}。请用 LibreOffice 打开该 Word 文件检查，"
                                    "或先用 --format docx 生成 Word 文件。")
            converted.append((str(Path(relative).with_suffix(".pdf")), stable(pdf.read_bytes(), _date(content))))
        return converted


def _run(program: str, folder: Path, sources: list[Path], advance: Callable[[], None]) -> None:
    """soffice --convert-to pdf for every source at once; each finished file advances the progress."""
    command = [program, "--headless", "--norestore", "--nologo",
               f"-env:UserInstallation={(folder / 'profile').as_uri()}",
               "--convert-to", "pdf", "--outdir", str(folder / "out"), *map(str, sources)]
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    except OSError as error:
        raise JianguanError(f"无法启动 LibreOffice（{error.strerror or error}）。{INSTALL_HINT}") from None
    try:
        for line in process.stdout:
            if line.startswith(b"convert "):
                advance()
        process.wait(timeout=60 + _SECONDS_PER_DOCUMENT * len(sources))
    except subprocess.TimeoutExpired:
        process.kill()
        raise JianguanError("LibreOffice 转换超时，已停止。请关闭正在运行的 LibreOffice 后重试。") from None
    if process.returncode != 0:
        message = process.stderr.read().decode(errors="replace")[-300:]
        raise JianguanError(f"LibreOffice 转换失败（退出码 {process.returncode}）：{message}")


def _date(docx_bytes: bytes) -> str:
    """The document's own date (its core property `created`) as a PDF date, e.g. D:20170628000000Z."""
    try:
        with zipfile.ZipFile(io.BytesIO(docx_bytes)) as package:
            match = _CREATED.search(package.read("docProps/core.xml"))
    except (KeyError, zipfile.BadZipFile):
        match = None
    year, month, day = (g.decode() for g in match.groups()) if match else ("2000", "01", "01")
    return f"D:{year}{month}{day}000000Z"


def stable(pdf_bytes: bytes, date: str) -> bytes:
    """The same PDF with fixed creation and modification dates, an /ID computed from its content and the
    embedded fonts' UniqueIDs numbered within the document (LibreOffice counts them across its process)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        _number_fonts(pdf)
        pdf.docinfo["/CreationDate"] = date
        pdf.docinfo["/ModDate"] = date
        if "/Metadata" in pdf.Root:  # XMP repeats the conversion time
            del pdf.Root["/Metadata"]
        for key in ("/ID", "/DocChecksum"):  # LibreOffice's random /ID (qpdf would keep half of it), its checksum
            if key in pdf.trailer:
                del pdf.trailer[key]
        target = io.BytesIO()
        pdf.save(target, deterministic_id=True, linearize=False)
    return target.getvalue()


_UNIQUE_ID = re.compile(rb"/UniqueID (\d+)")
_EEXEC_KEY, _C1, _C2 = 55665, 52845, 22719


def _number_fonts(pdf) -> None:
    """Renumber the /UniqueID of each embedded Type 1 font 4100001, 4100002 … in the order of first use."""
    import pikepdf

    seen: dict[int, int] = {}
    for page in pdf.pages:
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        for name in sorted(fonts.keys()):
            descriptor = fonts[name].get("/FontDescriptor")
            program = descriptor.get("/FontFile") if descriptor is not None else None
            if isinstance(program, pikepdf.Stream) and program.objgen not in seen:
                seen[program.objgen] = len(seen) + 1
                _renumber(program, 4100000 + seen[program.objgen])


def _renumber(program, number: int) -> None:
    """Set the UniqueID in both the clear part and the eexec-encrypted part of a Type 1 font program."""
    data = program.read_bytes()
    clear_length = int(program.get("/Length1"))
    encrypted_length = int(program.get("/Length2"))
    clear, encrypted, rest = (data[:clear_length], data[clear_length:clear_length + encrypted_length],
                              data[clear_length + encrypted_length:])
    same_width = lambda m: b"/UniqueID " + str(number).rjust(len(m.group(1)), "0")[-len(m.group(1)):].encode()
    plain = _UNIQUE_ID.sub(same_width, _eexec(encrypted, decrypt=True))
    program.write(_UNIQUE_ID.sub(same_width, clear) + _eexec(plain, decrypt=False) + rest)


def _eexec(data: bytes, decrypt: bool) -> bytes:
    """Adobe Type 1 eexec encryption (Type 1 Font Format, 7.2); lengths never change."""
    key, out = _EEXEC_KEY, bytearray()
    for byte in data:
        result = byte ^ (key >> 8)
        cipher = byte if decrypt else result
        key = ((cipher + key) * _C1 + _C2) & 0xFFFF
        out.append(result)
    return bytes(out)
