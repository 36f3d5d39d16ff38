"""`jianguan render --format docx`: official documents read back and checked against GB/T 9704-2012."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from conftest import DEMO_ITEMS, PROJECT, copy_demo, flatten
from jianguan_cli.loading import load_file
from jianguan_cli.rendering.docx_reference import build_reference
from jianguan_cli.rendering.viewmodel import chinese_date

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
STYLE_FONTS = {"Normal": "仿宋_GB2312", "Title": "方正小标宋简体", "Heading 1": "黑体", "Heading 2": "楷体_GB2312",
               "Heading 3": "仿宋_GB2312", "Heading 4": "仿宋_GB2312", "Page Number Footer": "宋体"}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    """The demo district rendered to .docx once; returns the repository copy."""
    repo = copy_demo(tmp_path_factory.mktemp("base") / "demo")
    subprocess.run([sys.executable, "-m", "jianguan_cli", "render", "--format", "docx", "--no-cache"], cwd=repo, check=True,
                   capture_output=True)
    return repo


def measure_doc(repo: Path, code: str = "QLH-MZ-004"):
    return docx.Document(str(repo / "build" / "docx" / "measures" / f"{code}.docx"))


def test_a4_page_and_margins(rendered):
    section = measure_doc(rendered).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(getattr(section, f"{side}_margin").mm) for side in ("top", "bottom", "left", "right")] == [37, 35, 28, 26]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579", "22 lines on the 225 mm type area"
    type_height_pt = (297 - 37 - 35) / 25.4 * 72
    assert int(type_height_pt / 28.95) == 22


def test_twenty_eight_characters_per_line(rendered):
    document = measure_doc(rendered)
    spacing = document.styles["Normal"].element.rPr.find(qn("w:spacing"))
    pitch_pt = document.styles["Normal"].font.size.pt + int(spacing.get(qn("w:val"))) / 20
    line_pt = (210 - 28 - 26) / 25.4 * 72
    assert int(line_pt / pitch_pt) == 28


@pytest.mark.parametrize(("style", "font"), list(STYLE_FONTS.items()))
def test_style_fonts_ascii_and_east_asian_without_theme_fonts(rendered, style, font):
    fonts = measure_doc(rendered).styles[style].element.rPr.rFonts
    assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:eastAsia")) == font
    assert not any(name.endswith("Theme") for name in fonts.attrib)


def test_no_style_anywhere_uses_a_theme_font_and_all_are_zh_cn(rendered):
    styles = measure_doc(rendered).styles.element
    assert not [f for f in styles.iter(qn("w:rFonts")) if any(k.endswith("Theme") for k in f.attrib)]
    for style in STYLE_FONTS:
        assert measure_doc(rendered).styles[style].element.rPr.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"


def test_sizes_indent_and_line_spacing(rendered):
    styles = measure_doc(rendered).styles
    assert styles["Normal"].font.size.pt == 16 and styles["Title"].font.size.pt == 22
    assert styles["Page Number Footer"].font.size.pt == 14
    assert styles["Normal"].paragraph_format.first_line_indent.pt == 32, "two characters"
    assert styles["Normal"].paragraph_format.line_spacing.pt == pytest.approx(28.95, abs=0.05)
    assert styles["Title"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert styles["Heading 3"].font.bold and not styles["Heading 4"].font.bold


def test_headings_are_numbered_automatically_in_official_order(rendered):
    document = measure_doc(rendered)
    numbering = document.part.numbering_part.element
    abstract = next(a for a in numbering.iter(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == "9704")
    levels = [(lvl.find(qn("w:numFmt")).get(qn("w:val")), lvl.find(qn("w:lvlText")).get(qn("w:val")))
              for lvl in abstract.findall(qn("w:lvl"))]
    assert levels == [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3."), ("decimal", "（%4）")]
    for level in range(4):
        numpr = document.styles[f"Heading {level + 1}"].element.pPr.find(qn("w:numPr"))
        assert numpr.find(qn("w:ilvl")).get(qn("w:val")) == str(level)
        assert numpr.find(qn("w:numId")).get(qn("w:val")) == "9704"
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == ["监管依据", "监管对象", "监管内容"] and headings[-1] == "修订记录"


def test_page_numbers_on_odd_and_even_footers(rendered):
    document = measure_doc(rendered)
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == align
        assert paragraph._p.find(qn("w:fldSimple")).get(qn("w:instr")).strip() == "PAGE"
        runs = [t.text for t in paragraph._p.iter(qn("w:t"))]
        assert runs == ["— ", "1", " —"]


def test_issuer_and_date_at_the_end(rendered):
    paragraphs = [p for p in measure_doc(rendered).paragraphs if p.text]
    assert [p.text for p in paragraphs[-2:]] == ["七里河区民政局", "2017年6月28日"]
    assert all(p.style.name == "Signature" for p in paragraphs[-2:])




@pytest.mark.parametrize("code", ["QLH-MZ-004", "QLH-WJ-005", "QLH-JY-004"])
def test_the_text_of_every_field_is_in_the_document(rendered, code):
    path = next((PROJECT / "measures").glob(f"*/{code}.yaml"))
    data = load_file(path, "x", frozenset()).data
    text = "".join(p.text for p in measure_doc(rendered, code).paragraphs)
    for value in flatten({k: v for k, v in data.items() if k != "schema_version"}):
        shown = chinese_date(value) if isinstance(value, str) else f"{value:g}%" if isinstance(value, int) else value
        assert str(shown) in text, value


def test_department_document_is_a_notice_with_attachments(rendered):
    document = docx.Document(str(rendered / "build" / "docx" / "departments" / "mz.docx"))
    paragraphs = [p for p in document.paragraphs if p.text]
    assert (paragraphs[0].text, paragraphs[0].style.name) == ("七里河区民政局文件", "Issuer Mark")
    assert paragraphs[1].text == "七里河区民政局关于印发行政审批事项事中事后监管办法的通知"
    assert paragraphs[1].style.name == "Title", "measures with their own numbers: no notice number is invented"
    texts = [p.text for p in paragraphs]
    assert "附件：1.养老机构设立许可事中事后监管办法" in texts
    assert "4.假肢和矫形器(辅助器具)生产装配企业资格认定事中事后监管办法" in texts
    labels = [p for p in paragraphs if re.fullmatch(r"附件\d+", p.text)]
    assert [p.text for p in labels] == ["附件1", "附件2", "附件3", "附件4"]
    assert all(p.paragraph_format.page_break_before and p.style.name == "Attachment Label" for p in labels)
    assert document.styles["Attachment Label"].element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"


def test_a_department_with_one_measure_shows_its_number(rendered):
    paragraphs = [p for p in docx.Document(str(rendered / "build" / "docx" / "departments" / "aj.docx")).paragraphs
                  if p.text]
    assert [(p.text, p.style.name) for p in paragraphs[:2]] == [("七里河区安全生产监督管理局文件", "Issuer Mark"),
                                                                ("七安监发〔2017〕26号", "Document Number")]


def test_documents_are_byte_identical_across_renders(rendered):
    first = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (rendered / "build" / "docx").rglob("*.docx")}
    subprocess.run([sys.executable, "-m", "jianguan_cli", "render", "--format", "docx", "--no-cache"], cwd=rendered,
                   check=True, capture_output=True)
    second = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (rendered / "build" / "docx").rglob("*.docx")}
    assert first == second and len(first) == DEMO_ITEMS + 11, "a document per measure and per department"
    core = measure_doc(rendered).core_properties
    assert core.created.year == 2017 and core.author == "七里河区民政局"


def test_characters_xml_forbids_are_removed_with_a_warning(tmp_path, run_cli):
    repo = copy_demo(tmp_path / "demo")
    path = repo / "measures" / "mz" / "QLH-MZ-004.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  - 执法人员持证上岗", '  - "响铃\\a字符"\n  - 执法人员持证上岗', 1), encoding="utf-8")
    result = run_cli("render", "--format", "docx", "QLH-MZ-004", cwd=repo)
    assert result.code == 0, result.err
    assert "警告：已删除 Word 不允许的控制字符" in result.err
    text = "".join(p.text for p in docx.Document(str(repo / "build" / "docx" / "measures" / "QLH-MZ-004.docx")).paragraphs)
    assert "响铃字符" in text


def test_blank_template_has_every_section_with_guidance(tmp_path, run_cli):
    (tmp_path / "jianguan.toml").write_text("", encoding="utf-8")
    result = run_cli("render", "--blank", cwd=tmp_path)
    assert result.code == 0
    document = docx.Document(str(tmp_path / "build" / "blank" / "blank-template.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == ["监管责任科室", "监管依据", "监管对象"] and "审核与公布" in headings
    assert document.paragraphs[0].text == "××××（事项）事中事后监管办法（模版）"
    assert any("实施意见六(三)要求的七类" in p.text for p in document.paragraphs)


def test_a_repository_may_bring_its_own_reference_docx(tmp_path, run_cli):
    repo = copy_demo(tmp_path / "demo")
    reference = repo / "templates" / "docx" / "reference.docx"
    build_reference(reference)
    restyled = docx.Document(str(reference))
    restyled.styles["Normal"].font.size = docx.shared.Pt(15)
    restyled.save(str(reference))
    run_cli("render", "--format", "docx", "QLH-MZ-004", cwd=repo)
    assert measure_doc(repo).styles["Normal"].font.size.pt == 15


def test_shipped_reference_is_what_the_script_generates(tmp_path):
    build_reference(tmp_path / "reference.docx")
    generated = docx.Document(str(tmp_path / "reference.docx")).styles.element.xml
    shipped = docx.Document(str(PROJECT / "templates" / "docx" / "reference.docx")).styles.element.xml
    assert generated == shipped, "run: python -m jianguan_cli.rendering.docx_reference templates/docx/reference.docx"


SOFFICE = shutil.which("soffice")


@pytest.mark.skipif(SOFFICE is None or shutil.which("pdftotext") is None, reason="LibreOffice or poppler missing")
def test_pdf_through_libreoffice(rendered, run_cli):
    result = run_cli("render", "--format", "pdf", "QLH-MZ-004", cwd=rendered)
    assert result.code == 0, result.err
    for pdf, title in ((rendered / "build" / "pdf" / "measures" / "QLH-MZ-004.pdf",
                        "假肢和矫形器(辅助器具)生产装配企业资格认定事中事后监管办法"),
                       (rendered / "build" / "pdf" / "departments" / "mz.pdf",
                        "七里河区民政局关于印发行政审批事项事中事后监管办法的通知")):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) > 0
        assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)
        text = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout)
        assert title in text and "监管依据" in text


def test_pdf_without_libreoffice_says_how_to_install_it(rendered, run_cli, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    result = run_cli("render", "--format", "pdf", "QLH-MZ-004", cwd=rendered)
    assert result.code == 2 and "apt-get install libreoffice-writer" in result.err


def test_markup_and_template_code_are_text_in_word(tmp_path, run_cli):
    repo = copy_demo(tmp_path / "demo")
    path = repo / "measures" / "mz" / "QLH-MZ-004.yaml"
    hostile = "<script>alert(1)</script> {{ 7*7 }} {% include 'x' %} <w:p/> A&B"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  - 执法人员持证上岗", f'  - "{hostile}"\n  - 执法人员持证上岗', 1), encoding="utf-8")
    assert run_cli("render", "--format", "docx", "QLH-MZ-004", cwd=repo).code == 0
    paragraphs = [p.text for p in docx.Document(str(repo / "build" / "docx" / "measures" / "QLH-MZ-004.docx")).paragraphs]
    assert any(hostile in text for text in paragraphs), "rendered once, as the very text"
    assert not any("49" == text.strip() for text in paragraphs)
