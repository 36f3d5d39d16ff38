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
from jianguan_cli.rendering.docx_package import read_record
from jianguan_cli.rendering.docx_reference import build_reference
from jianguan_cli.rendering.viewmodel import METHOD_WORDING, chinese_date

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
    assert headings == ["监管依据", "监管对象", "监管内容", "监管方式", "监管措施", "监管程序", "违法违规行为处理",
                        "协同监管", "工作要求", "监管计划", "监管责任", "信息公开", "信用监管", "投诉举报"]


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


def test_signature_centred_over_the_date_with_room_for_the_seal_kept_with_the_attachment_list(rendered):
    paragraphs = measure_doc(rendered).paragraphs
    signed = [i for i, p in enumerate(paragraphs) if p.style.name == "Signature"]
    assert [paragraphs[i].text for i in signed] == ["七里河区民政局", "2017年6月28日"]
    name, date = (paragraphs[i] for i in signed)
    assert date.paragraph_format.right_indent is None, "the style's 右空四字"
    assert date.style.paragraph_format.right_indent.pt == 64
    # centred over the date: 7 characters of name over 6.5 of date (digits are half wide)
    assert 56 < name.paragraph_format.right_indent.pt < 64
    listing = next(i for i, p in enumerate(paragraphs) if p.text.startswith("附件："))
    assert [p.text for p in paragraphs[listing + 1:signed[0]]] == ["", ""], "two lines for the seal"
    assert all(p.paragraph_format.keep_with_next for p in paragraphs[listing - 1:signed[0] + 1]), \
        "the 附件说明, the seal's room and the 署名 stay together with the date (GB/T 9704 7.3.5)"




@pytest.mark.parametrize("code", ["QLH-MZ-004", "QLH-WJ-005", "QLH-JY-004"])
def test_the_text_of_every_field_is_in_the_document_and_the_review_state_in_its_properties(rendered, code):
    path = next((PROJECT / "measures").glob(f"*/{code}.yaml"))
    data = load_file(path, "x", frozenset()).data
    document = measure_doc(rendered, code)
    text = "".join(p.text for p in document.paragraphs).replace("\n", "")
    printed = {k: v for k, v in data.items() if k not in ("schema_version", "review", "revisions", "effective_date")}
    printed["item"] = {"name": data["item"]["name"]}  # the code is in the properties, the name in the title
    for value in flatten(printed):
        shown = chinese_date(value) if isinstance(value, str) else f"{value:g}%" if isinstance(value, int) else value
        assert str(METHOD_WORDING.get(shown, shown)) in text, value
    for internal in ("审核与公布", "编办审核通过", "法制审查", "http://", "修订记录"):
        assert internal not in text, "review state is metadata, not 正文"
    record = read_record(rendered / "build" / "docx" / "measures" / f"{code}.docx")
    assert record["kind"] == "部门文件" and [m["code"] for m in record["measures"]] == [code]
    assert record["measures"][0]["review"] == data["review"]
    assert record["measures"][0]["revisions"] == data.get("revisions")
    assert document.core_properties.keywords == code and document.core_properties.subject == data["review"]["doc_number"]


def test_measures_with_their_own_numbers_make_a_compilation_not_a_notice(rendered):
    document = docx.Document(str(rendered / "build" / "docx" / "departments" / "mz.docx"))
    paragraphs = [p for p in document.paragraphs if p.text]
    styles = {p.style.name for p in paragraphs}
    assert not styles & {"Issuer Mark", "Document Number", "Addressee", "Signature"}, "no notice is invented"
    assert paragraphs[0].text == "七里河区民政局\n行政审批事项事中事后监管办法汇编"
    entries = [p for p in paragraphs if p.style.name == "Contents Entry"]
    assert [p.text.split("\t")[0] for p in entries] == [
        "1.养老机构设立许可事中事后监管办法", "2.社会团体成立、变更、注销登记事中事后监管办法",
        "3.民办非企业单位成立、变更、注销登记事中事后监管办法", "4.假肢和矫形器(辅助器具)生产装配企业资格认定事中事后监管办法"]
    assert all("PAGEREF jianguan" in p._p.xml for p in entries), "the 目录 shows each measure's page"
    notes = [p.text for p in paragraphs if p.style.name == "Title Note"]
    assert notes[0] == "（七民发〔2017〕33号　2017年6月28日）" and len(notes) == 4
    assert read_record(rendered / "build" / "docx" / "departments" / "mz.docx")["kind"] == "汇编"
    assert document.sections[0].different_first_page_header_footer, "the cover has no page number"


def test_a_department_with_one_measure_is_its_notice_with_a_single_unnumbered_attachment(rendered):
    document = docx.Document(str(rendered / "build" / "docx" / "departments" / "aj.docx"))
    paragraphs = [p for p in document.paragraphs if p.text]
    assert [(p.text, p.style.name) for p in paragraphs[:2]] == [("七里河区安全生产监督管理局文件", "Issuer Mark"),
                                                                ("七安监发〔2017〕26号", "Document Number")]
    texts = [p.text for p in paragraphs]
    name = "烟花爆竹经营(零售)许可证核发事中事后监管办法"
    assert paragraphs[2].style.name == "Title"
    assert paragraphs[2].text.replace("\n", "") == f"七里河区安全生产监督管理局关于印发《{name}》的通知"
    assert f"附件：{name}" in texts and "附件" in texts and not any(re.fullmatch(r"附件\d+", t) for t in texts)
    label = paragraphs[texts.index("附件")]
    assert label.style.name == "Attachment Label" and label.paragraph_format.page_break_before
    assert document.styles["Attachment Label"].element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"


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


def test_blank_template_has_the_sections_of_a_rendered_measure_with_chinese_guidance(tmp_path, run_cli, rendered):
    (tmp_path / "jianguan.toml").write_text("", encoding="utf-8")
    result = run_cli("render", "--blank", cwd=tmp_path)
    assert result.code == 0
    document = docx.Document(str(tmp_path / "build" / "blank" / "blank-template.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [p.text for p in measure_doc(rendered).paragraphs if p.style.name == "Heading 1"], \
        "the same sections, in the same order and numbering, as a rendered measure"
    assert "审核与公布" not in headings
    assert document.paragraphs[0].text == "××××（事项）事中事后监管办法（模版）"
    text = "\n".join(p.text for p in document.paragraphs)
    assert "实施意见六(三)要求的七类" in text and "日常监管：" in text and "每项写明：监管要点、具体内容。" in text
    assert not re.search(r"[A-Za-z_]{3,}", text), "guidance in Chinese, without YAML keys"
    assert document.paragraphs[-1].text == "本办法自××××年×月×日起施行。"


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
    generated, shipped = (docx.Document(str(path)) for path in (tmp_path / "reference.docx",
                                                                 PROJECT / "templates" / "docx" / "reference.docx"))
    for part in (lambda d: d.styles.element, lambda d: d.part.numbering_part.element, lambda d: d.settings.element,
                 lambda d: d.sections[0]._sectPr):
        assert part(generated).xml == part(shipped).xml, \
            "run: python -m jianguan_cli.rendering.docx_reference templates/docx/reference.docx"


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


# --- the 部门文件 (GB/T 9704-2012 §7), read from the XML ---------------------------------------------------

def body(document) -> list:
    return [p for p in document.paragraphs if p.text or p.style.name.startswith("Heading")]


def test_masthead_is_red_on_one_line_with_number_and_red_rule(rendered):
    for code, organ in (("QLH-MZ-004", "七里河区民政局"), ("QLH-RS-001", "七里河区人力资源和社会保障局")):
        document = measure_doc(rendered, code)
        mark, number = document.paragraphs[:2]
        assert (mark.text, mark.style.name, number.style.name) == (f"{organ}文件", "Issuer Mark", "Document Number")
        assert str(mark.style.font.color.rgb) == "E00000"
        size = mark.runs[0].font.size or mark.style.font.size
        assert size.pt * len(mark.text) <= 442, "shrunk to fit the 156 mm type area on one line"
        rule = number.style.element.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
        assert rule.get(qn("w:color")) == "E00000" and not number.paragraph_format.left_indent
        assert number.text == load_file(next((PROJECT / "measures").glob(f"*/{code}.yaml")), "x",
                                        frozenset()).data["review"]["doc_number"]
    assert measure_doc(rendered, "QLH-RS-001").paragraphs[0].runs[0].font.size.pt < 36 == \
        measure_doc(rendered).styles["Issuer Mark"].font.size.pt


def test_recipients_copy_to_and_printing_office_come_from_the_settings(rendered):
    paragraphs = measure_doc(rendered).paragraphs
    addressee = next(p for p in paragraphs if p.style.name == "Addressee")
    assert addressee.text == "各乡镇人民政府、街道办事处，区政府各部门、各有关单位："
    framed = [p for p in paragraphs if p._p.pPr is not None and p._p.pPr.find(qn("w:framePr")) is not None]
    assert [p.text for p in framed] == ["抄送：区政府办公室，区编办，区法制办。", "七里河区民政局办公室\t2017年6月28日印发"]
    rules = [[(edge.tag.split("}")[1], edge.get(qn("w:sz"))) for edge in p._p.pPr.find(qn("w:pBdr"))] for p in framed]
    assert rules == [[("top", "8")], [("top", "6"), ("bottom", "8")]], "0.35 mm outside, 0.25 mm between"
    frame = framed[-1]._p.pPr.find(qn("w:framePr"))
    assert int(frame.get(qn("w:y"))) + int(frame.get(qn("w:h"))) == 12755, "the last rule on the type area's foot"
    closing, anchor = paragraphs[-4], paragraphs[-1]
    assert closing.text == "本办法自2017年7月1日起施行。" and closing.paragraph_format.keep_with_next, \
        "the last lines go over to the next page with the 版记"
    assert (anchor.text, anchor.style.name) == ("", "Record Anchor"), "the frames' anchor after the last lines"


def test_without_publication_settings_the_lines_are_left_out(tmp_path, run_cli):
    repo = copy_demo(tmp_path / "demo")
    (repo / "jianguan.toml").write_text('district = "兰州市七里河区"\n', encoding="utf-8")
    assert run_cli("render", "--format", "docx", "QLH-MZ-004", cwd=repo).code == 0
    paragraphs = measure_doc(repo).paragraphs
    texts = [p.text for p in paragraphs]
    assert not any(p.style.name == "Addressee" for p in paragraphs) and not any(t.startswith("抄送") for t in texts)
    assert "七里河区民政局\t2017年6月28日印发" in texts, "the department prints its own documents"
    notice = next(t for t in texts if t.startswith("现将"))
    assert notice == "现将《假肢和矫形器(辅助器具)生产装配企业资格认定事中事后监管办法》印发给你们，请认真贯彻执行。"


def test_measures_sharing_a_number_or_given_one_are_one_notice(tmp_path, run_cli):
    repo = copy_demo(tmp_path / "demo")
    for path in (repo / "measures" / "mz").glob("*.yaml"):  # a department's notice holds all its published measures
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"doc_number: .*", "doc_number: 七民发〔2017〕40号", text), encoding="utf-8")
    with (repo / "jianguan.toml").open("a", encoding="utf-8") as settings:
        settings.write('\n[publication.notice_numbers]\nsw = "七水发〔2017〕50号"\n')
    assert run_cli("render", "--format", "docx", "--force", "--department", "mz", cwd=repo).code == 0
    assert run_cli("render", "--format", "docx", "--force", "--department", "sw", cwd=repo).code == 0
    for dept, number, count in (("mz", "七民发〔2017〕40号", 4), ("sw", "七水发〔2017〕50号", 9)):
        paragraphs = [p for p in docx.Document(str(repo / "build" / "docx" / "departments" / f"{dept}.docx")).paragraphs
                      if p.text]
        assert paragraphs[1].text == number and paragraphs[1].style.name == "Document Number"
        assert paragraphs[2].text.replace("\n", "").endswith("事中事后监管办法的通知")
        texts = [p.text for p in paragraphs]
        assert [t for t in texts if re.fullmatch(r"附件\d+", t)] == [f"附件{n}" for n in range(1, count + 1)]
        first = next(p for p in paragraphs if p.text.startswith("附件：1.\t"))
        second = paragraphs[paragraphs.index(first) + 1]
        assert second.text.startswith("2.\t") and first.paragraph_format.left_indent == second.paragraph_format.left_indent
        assert -first.paragraph_format.first_line_indent.pt - -second.paragraph_format.first_line_indent.pt == 48, \
            "2. stands under 1., the names aligned (附件： is three characters)"


def test_headings_restart_at_one_in_every_attachment(tmp_path, run_cli):
    repo = copy_demo(tmp_path / "demo")
    with (repo / "jianguan.toml").open("a", encoding="utf-8") as settings:
        settings.write('\n[publication.notice_numbers]\nsw = "七水发〔2017〕50号"\n')
    assert run_cli("render", "--format", "docx", "--department", "sw", cwd=repo).code == 0
    document = docx.Document(str(repo / "build" / "docx" / "departments" / "sw.docx"))
    num_ids = [p._p.pPr.numPr.numId.val for p in document.paragraphs if p.style.name == "Heading 1"]
    lists = list(dict.fromkeys(num_ids))
    assert len(lists) == 9, "one list per attachment"
    assert num_ids == sorted(num_ids, key=lists.index), "each attachment's headings in a list of their own"
    numbering = document.part.numbering_part.element
    abstracts = {n.get(qn("w:numId")): n.find(qn("w:abstractNumId")).get(qn("w:val"))
                 for n in numbering.findall(qn("w:num"))}
    assert len({abstracts[str(n)] for n in lists}) == 9


def numbered_levels(document) -> list[tuple[int, object]]:
    return [(p._p.pPr.numPr.ilvl.val, p) for p in document.paragraphs
            if p._p.pPr is not None and p._p.pPr.numPr is not None]


@pytest.mark.parametrize("code", ["QLH-MZ-004", "QLH-WJ-005", "QLH-SW-001"])
def test_a_consistent_hierarchy_without_jumps_or_lone_sub_headings(rendered, code):
    levels = numbered_levels(measure_doc(rendered, code))
    for (before, _), (after, _) in zip(levels, levels[1:]):
        assert after <= before + 1, "no jump from 一、 to （1）"
    for index, (level, paragraph) in enumerate(levels):
        if paragraph.style.name.startswith("Heading") and level > 0:
            children = []
            for child_level, _ in levels[index + 1:]:
                if child_level <= level:
                    break
                children += [child_level] if child_level == level + 1 else []
            assert len(children) >= 2, f"lone sub-heading: {paragraph.text}"
    assert max(level for level, _ in levels) <= 3 and not any(p.style.name == "Heading 4" for _, p in levels)


def test_run_in_headings_methods_sentence_citations_and_closing(rendered):
    document = measure_doc(rendered)
    paragraphs = body(document)
    texts = [p.text for p in paragraphs]
    after = {p.text: paragraphs[i + 1].text for i, p in enumerate(paragraphs[:-1]) if p.style.name == "Heading 1"}
    assert after["监管方式"] == "采取书面检查、实地检查、“双随机、一公开”抽查、网络核查和信用监管等方式实施监管。"
    assert "《假肢和矫形器 质量管理要求》（GB/T 24431-2009）" in texts and "《假肢和矫形器（辅助器具）生产装配企业资格认定办法》第五条至第九条" in texts
    assert not any("文号：GB" in t for t in texts), "a standard has a 标准编号, not a 文号"
    content = next(p for p in paragraphs if p.text.startswith("承接能力。"))
    assert content.runs[0].text == "承接能力。" and content.runs[0].style.name == "Run-in 2"
    assert content.style.name == "Item 2" and content._p.pPr.numPr.ilvl.val == 1
    assert "危险隐患排查：对热塑成型" in "".join(texts) and "监管责任科室：区民政局社会事务科" in texts
    assert texts[texts.index("监管计划") + 4] == "工作安排" and texts[texts.index("监管计划") + 5].startswith("每年1月。")
    assert texts[-3] == "本办法自2017年7月1日起施行。", "the closing sentence ends the 正文 (the 版记 follows)"
    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    assert headings.index("监管程序") < headings.index("工作要求") < headings.index("监管计划"), "实施意见四(二)1"


def test_not_applicable_action_reads_as_a_reason(rendered):
    texts = [p.text for p in measure_doc(rendered, "QLH-WJ-005").paragraphs]
    assert any(re.match(r"^[^：]+：不适用。\S{6,}", t) for t in texts)


def test_no_italic_anywhere(rendered):
    document = measure_doc(rendered)
    assert not list(document.styles.element.iter(qn("w:i"))) and not list(document.element.iter(qn("w:i")))
    assert document.styles["Heading 4"].font.italic is None


def test_titles_break_between_words_into_a_good_shape(rendered):
    from jianguan_cli.rendering.title_lines import width, words

    for path in (rendered / "build" / "docx").rglob("*.docx"):
        for paragraph in docx.Document(str(path)).paragraphs:
            if paragraph.style.name != "Title" or "\n" not in paragraph.text:
                continue
            lines = paragraph.text.split("\n")
            pieces = words("".join(lines))
            ends = {sum(len(piece) for piece in pieces[:n]) for n in range(len(pieces) + 1)}
            offset = 0
            for line in lines[:-1]:
                offset += len(line)
                assert offset in ends, f"{path.name}: broken inside a word: {line}|"
            assert max(width(line) for line in lines) <= 20.3, f"{path.name}: a title line wider than the type area"


def test_package_properties_are_jianguans_own(rendered):
    import zipfile

    with zipfile.ZipFile(rendered / "build" / "docx" / "measures" / "QLH-MZ-004.docx") as package:
        names = package.namelist()
        app = package.read("docProps/app.xml").decode()
        settings = package.read("word/settings.xml").decode()
    assert "docProps/thumbnail.jpeg" not in names and "<Application>jianguan</Application>" in app
    assert "Microsoft" not in app and "<Company>七里河区民政局</Company>" in app
    assert '<w:themeFontLang w:val="zh-CN" w:eastAsia="zh-CN"/>' in settings and "savePreviewPicture" not in settings


def test_page_number_footer_keeps_the_body_at_22_lines(rendered):
    document = measure_doc(rendered)
    footer = document.styles["Page Number Footer"]
    assert footer.paragraph_format.line_spacing.pt == 14, "its own line, not the body's 28.95 pt"
    spacing = footer.element.rPr.find(qn("w:spacing"))
    assert spacing is not None and spacing.get(qn("w:val")) == "0"
    section = document.sections[0]
    assert section.footer_distance.mm + 14 / 72 * 25.4 < section.bottom_margin.mm, "the footer fits in the margin"


def test_a_draft_is_marked_on_every_page_without_masthead_number_or_record(rendered):
    from jianguan_cli.rendering.docx import DocxWriter
    from jianguan_cli.rendering.viewmodel import MeasureView
    from jianguan_cli.resources import load_schema
    from jianguan_cli.schema import SchemaIndex
    from jianguan_cli.settings import load_settings

    settings = load_settings(rendered)
    writer = DocxWriter(PROJECT / "templates" / "docx" / "reference.docx",
                        MeasureView(SchemaIndex(load_schema("measure"))), settings.publication)
    data = load_file(rendered / "measures" / "mz" / "QLH-MZ-004.yaml", "x", frozenset()).data
    other = load_file(rendered / "measures" / "mz" / "QLH-MZ-001.yaml", "x", frozenset()).data
    target = rendered / "draft.docx"
    for content in (writer.measure_document("某事项事中事后监管办法", "七里河区民政局", data, draft=True),
                    writer.department_document("七里河区民政局", [("甲事中事后监管办法", data), ("乙事中事后监管办法", data)],
                                               draft=True),
                    writer.department_document("七里河区民政局", [("甲事中事后监管办法", data), ("乙事中事后监管办法", other)],
                                               draft=True)):
        target.write_bytes(content)
        document = docx.Document(str(target))
        styles = {p.style.name for p in document.paragraphs}
        assert not styles & {"Issuer Mark", "Document Number"}
        assert not any(p._p.pPr is not None and p._p.pPr.find(qn("w:framePr")) is not None for p in document.paragraphs)
        assert "七民发〔2017〕" not in "".join(p.text for p in document.paragraphs), "a draft has no 发文字号"
        section = document.sections[0]
        headers = [section.header, section.even_page_header]
        headers += [section.first_page_header] if section.different_first_page_header_footer else []
        assert {header.paragraphs[0].text for header in headers} == {"草稿（未公布）"}
        assert "Title" in styles and "Heading 1" in styles
        assert read_record(target)["draft"] is True
