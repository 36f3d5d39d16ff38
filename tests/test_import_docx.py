"""`jianguan import`: rendered documents edited in Word, the filled 模版 and older documents back to YAML.

Documents are real .docx files: rendered by `jianguan render`, edited with python-docx the way a clerk
types, their hidden data removed, then imported through the CLI and the YAML read back and linted.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH

from conftest import PROJECT, copy_demo, tree_digest
from docx_editing import (EDITS, edit_one_paragraph, load_yaml, printed, render_docx, retype,
                          strip_hidden)
from jianguan_cli.rendering.docx_body import methods_sentence
from jianguan_cli.rendering.viewmodel import chinese_number

MZ4 = "QLH-MZ-004"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    """The documents of 区民政局 (a 汇编 of four) and 区文广局 (measures with 不适用 actions), rendered once."""
    repo = copy_demo(tmp_path_factory.mktemp("render") / "demo")
    for path in (repo / "measures").glob("*/*.yaml"):
        if path.parent.name not in ("mz", "wg"):
            path.unlink()
    return render_docx(repo, repo / "docx")


@pytest.fixture
def district(tmp_path) -> Path:
    """A writable copy of the demo district to import into."""
    return copy_demo(tmp_path / "district")


def source(code: str) -> dict:
    return load_yaml(next(PROJECT.glob(f"measures/*/{code}.yaml")))


def document(rendered: Path, tmp_path: Path, code: str = MZ4, *, hidden: bool = False) -> Path:
    """A copy of the measure's rendered document, its hidden data removed unless `hidden`."""
    target = tmp_path / f"{code}.docx"
    shutil.copy(rendered / "measures" / f"{code}.docx", target)
    if not hidden:
        strip_hidden(target)
    return target


def target_of(district: Path, code: str) -> Path:
    return next(district.glob(f"measures/*/{code}.yaml"))


def imported_fresh(run_cli, district: Path, docx_path: Path, code: str = MZ4):
    """Import into the district after removing the measure's file; returns the run and the new file."""
    path = target_of(district, code)
    path.unlink()
    return run_cli("import", str(docx_path), cwd=district), path


# --- edited renderings ------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(EDITS))
def test_one_edited_paragraph_imports_as_the_source_with_that_edit(rendered, district, tmp_path, run_cli, kind):
    doc = document(rendered, tmp_path)
    expected = edit_one_paragraph(doc, source(MZ4), kind)
    result, path = imported_fresh(run_cli, district, doc)
    assert result.code == 0, result.out + result.err
    assert printed(load_yaml(path)) == printed(expected)
    assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../../schemas/measure.schema.json\n")
    assert run_cli("lint", str(path), cwd=district).code == 0
    assert run_cli("fmt", "--check", str(path), cwd=district).code == 0


def test_not_applicable_actions_and_single_entry_lists(rendered, district, tmp_path, run_cli):
    data = source("QLH-WG-003")
    assert any(isinstance(v, dict) for v in data["actions"].values())
    result, path = imported_fresh(run_cli, district, document(rendered, tmp_path, "QLH-WG-003"), "QLH-WG-003")
    assert result.code == 0, result.err
    assert printed(load_yaml(path)) == printed(data)


def test_without_hidden_data_the_review_starts_as_a_draft_with_the_printed_number(rendered, district, tmp_path, run_cli):
    result, path = imported_fresh(run_cli, district, document(rendered, tmp_path))
    assert result.code == 0
    assert load_yaml(path)["review"] == {"status": "起草", "doc_number": "七民发〔2017〕35号"}
    assert "revisions" not in load_yaml(path)


def test_hidden_data_fills_the_review_and_revisions_and_nothing_printed(rendered, district, tmp_path, run_cli):
    doc = document(rendered, tmp_path, hidden=True)
    expected = edit_one_paragraph(doc, source(MZ4), "effective_date")  # the hidden record still says 7月1日
    result, path = imported_fresh(run_cli, district, doc)
    assert result.code == 0
    assert load_yaml(path) == expected
    assert load_yaml(path)["effective_date"] == "2017-08-01"


def test_stale_hidden_data_is_ignored(rendered, district, tmp_path, run_cli):
    doc = document(rendered, tmp_path, hidden=True)
    other = rendered / "measures" / "QLH-MZ-001.docx"
    with zipfile.ZipFile(other) as package:
        foreign = package.read("docProps/custom.xml")
    _replace_member(doc, "docProps/custom.xml", foreign)
    result, path = imported_fresh(run_cli, district, doc)
    assert "与正文的标题不符" in result.out
    data = load_yaml(path)
    assert data["item"]["code"] == MZ4 and data["review"]["status"] == "起草"
    assert printed(data) == printed(source(MZ4))


def _replace_member(path: Path, name: str, content: bytes) -> None:
    with zipfile.ZipFile(path) as package:
        entries = [(info, package.read(info.filename)) for info in package.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for info, old in entries:
            package.writestr(info, content if info.filename == name else old)


def test_tracked_changes_count_as_accepted(rendered, district, tmp_path, run_cli):
    doc = document(rendered, tmp_path)
    first = source(MZ4)["objects"][0]
    with zipfile.ZipFile(doc) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    revision = ('<w:ins w:id="901" w:author="审核人" w:date="2017-06-01T00:00:00Z"><w:r><w:t>（新增）</w:t></w:r></w:ins>'
                '<w:del w:id="902" w:author="审核人" w:date="2017-06-01T00:00:00Z"><w:r><w:delText>删去的字</w:delText>'
                '</w:r></w:del>')
    xml = xml.replace(f"<w:t>{first}</w:t></w:r>", f"<w:t>{first}</w:t></w:r>{revision}", 1)
    assert revision in xml
    _replace_member(doc, "word/document.xml", xml.encode("utf-8"))
    result, path = imported_fresh(run_cli, district, doc)
    assert result.code == 0, result.err
    assert load_yaml(path)["objects"][0] == first + "（新增）"


def test_a_paragraph_nobody_can_map_is_reported_with_page_and_paragraph_and_kept_as_a_comment(
        rendered, district, tmp_path, run_cli):
    doc = document(rendered, tmp_path)
    document_ = docx.Document(str(doc))
    document_.add_paragraph("本办法由区民政局负责解释。")
    document_.save(str(doc))
    result, path = imported_fresh(run_cli, district, doc)
    assert result.code == 1
    number = len(docx.Document(str(doc)).paragraphs)
    assert re.search(rf"约第[2-9]页第{number}段“本办法由区民政局负责解释。”：附则中的这句话没有对应的项", result.err)
    text = path.read_text(encoding="utf-8")
    assert "段：本办法由区民政局负责解释。\n" in text and text.splitlines()[1].startswith("# jianguan import：")
    assert printed(load_yaml(path)) == printed(source(MZ4)), "the rest is imported all the same"
    assert run_cli("fmt", "--check", str(path), cwd=district).code == 0


def measure_title(document_):
    """The attachment's title (not the notice's, not the 附件说明 line)."""
    return next(p for p in document_.paragraphs if p.style.name == "Title" and p.text.endswith("监管办法"))


def test_an_edited_title_is_matched_to_the_closest_catalogue_name_and_said_so(rendered, district, tmp_path, run_cli):
    doc = document(rendered, tmp_path)
    document_ = docx.Document(str(doc))
    title = measure_title(document_)
    for run in title.runs:
        run.text = run.text.replace("生产装配", "生产")
    document_.save(str(doc))
    result, path = imported_fresh(run_cli, district, doc)
    assert result.code == 1 and "按最接近的事项 QLH-MZ-004" in result.out
    assert load_yaml(path)["item"] == {"code": MZ4, "name": "假肢和矫形器(辅助器具)生产企业资格认定"}


def test_an_item_outside_the_catalogue_needs_output(rendered, district, tmp_path, run_cli):
    doc = document(rendered, tmp_path)
    document_ = docx.Document(str(doc))
    title = measure_title(document_)
    retype(title, "城市道路占用挖掘许可事中事后监管办法")
    document_.save(str(doc))
    before = tree_digest(district)
    refused = run_cli("import", str(doc), cwd=district)
    assert refused.code == 1 and "事项目录中没有名为“城市道路占用挖掘许可”的事项" in refused.out
    assert "用 --output 指定文件" in refused.err and tree_digest(district) == before
    written = run_cli("import", str(doc), "--output", "新办法.yaml", cwd=district)
    assert written.code == 1
    data = load_yaml(district / "新办法.yaml")
    assert data["item"] == {"code": "待填写", "name": "城市道路占用挖掘许可"}


# --- existing files ---------------------------------------------------------------------------------------


def test_an_existing_file_is_kept_without_force_and_the_change_shown(rendered, district, tmp_path, run_cli):
    doc = document(rendered, tmp_path)
    edit_one_paragraph(doc, source(MZ4), "objects")
    before = tree_digest(district)
    result = run_cli("import", str(doc), cwd=district)
    assert result.code == 2
    assert "已存在 measures/mz/QLH-MZ-004.yaml：加 --force 覆盖" in result.err
    assert "+  - 经认定取得" in result.out and "（含分支机构）" in result.out
    assert tree_digest(district) == before


def test_force_replaces_the_printed_fields_and_keeps_comments_and_the_review(rendered, district, tmp_path, run_cli):
    path = target_of(district, MZ4)
    original = path.read_text(encoding="utf-8").replace("objects:\n", "objects:  # 监管对象按年度报告核对\n", 1)
    original = original.replace("review:\n", "# 审核信息由编办填写\nreview:\n", 1)
    path.write_text(original, encoding="utf-8")
    doc = document(rendered, tmp_path)
    edit_one_paragraph(doc, source(MZ4), "objects")
    result = run_cli("import", str(doc), "--force", cwd=district)
    assert result.code == 0, result.err
    assert "已覆盖 measures/mz/QLH-MZ-004.yaml" in result.out
    after = path.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(original.splitlines(), after.splitlines()) if a != b]
    assert len(original.splitlines()) == len(after.splitlines()) and len(changed) == 1
    assert changed[0][1].endswith("（含分支机构）")
    assert "objects:  # 监管对象按年度报告核对" in after and "# 审核信息由编办填写\nreview:" in after
    assert load_yaml(path)["review"] == source(MZ4)["review"], "the hidden data was stripped; the file keeps its own"
    assert run_cli("lint", str(path), cwd=district).code == 0
    again = run_cli("import", str(doc), "--force", cwd=district)
    assert again.code == 0 and "未改动" in again.out and path.read_text(encoding="utf-8") == after


def test_standard_output(rendered, district, tmp_path, run_cli):
    before = tree_digest(district)
    result = run_cli("import", str(document(rendered, tmp_path)), "-o", "-", cwd=district)
    assert result.code == 0
    assert tree_digest(district) == before
    from ruamel.yaml import YAML

    assert printed(YAML(typ="safe").load(result.out)) == printed(source(MZ4))
    assert "已输出到标准输出" in result.err


# --- documents with several measures ---------------------------------------------------------------------


def test_a_compilation_gives_one_file_per_measure(rendered, district, run_cli):
    for path in (district / "measures" / "mz").glob("*.yaml"):
        path.unlink()
    result = run_cli("import", str(rendered / "departments" / "mz.docx"), cwd=district)
    assert result.code == 0, result.err
    codes = sorted(p.stem for p in (district / "measures" / "mz").glob("*.yaml"))
    assert codes == ["QLH-MZ-001", "QLH-MZ-002", "QLH-MZ-003", "QLH-MZ-004"]
    for code in codes:
        assert load_yaml(target_of(district, code)) == source(code), code
    assert run_cli("lint", "measures/mz", cwd=district).code == 0


def test_several_measures_cannot_go_to_one_file(rendered, district, run_cli):
    for output in ("-", "一个文件.yaml"):
        result = run_cli("import", str(rendered / "departments" / "mz.docx"), "-o", output, cwd=district)
        assert result.code == 2 and "有 4 份监管办法" in result.err
    folder = district / "导入"
    folder.mkdir()
    result = run_cli("import", str(rendered / "departments" / "mz.docx"), "-o", "导入", cwd=district)
    assert result.code == 0 and len(list(folder.glob("QLH-MZ-00?.yaml"))) == 4


def test_a_notice_with_several_attachments_keeps_each_measures_own_number(tmp_path, run_cli):
    repo = copy_demo(tmp_path / "notice")
    for path in (repo / "measures").glob("*/*.yaml"):
        if path.parent.name != "mz":
            path.unlink()
    settings = repo / "jianguan.toml"
    settings.write_text(settings.read_text(encoding="utf-8") + '\n[publication.notice_numbers]\nmz = "七民发〔2017〕30号"\n',
                        encoding="utf-8")
    out = render_docx(repo, tmp_path / "docx")
    notice = out / "departments" / "mz.docx"
    assert "七民发〔2017〕30号" in [p.text for p in docx.Document(str(notice)).paragraphs][:3]
    strip_hidden(notice)
    folder = tmp_path / "imported"
    folder.mkdir()
    result = run_cli("import", str(notice), "-o", str(folder), cwd=repo)
    assert result.code == 0, result.err
    for code in ("QLH-MZ-001", "QLH-MZ-004"):
        data = load_yaml(folder / f"{code}.yaml")
        assert printed(data) == printed(source(code))
        assert data["review"] == {"status": "起草"}, "the notice's number is not the measure's"


# --- the blank 模版 filled in by a clerk ------------------------------------------------------------------


def _typed_records(key: str, rows: list[dict]) -> list[str]:
    """Records as a clerk types them from the 模版's “每项写明：……”."""
    if key == "content":
        return [f"{row['topic']}。{row['text']}" for row in rows]
    if key == "handling":
        return [f"{row['situation']}：{row['action']}" for row in rows]
    if key == "disclosure":
        return [f"{row['content']}。公开渠道：{row['channel']}；公开时限：{row['deadline']}。" for row in rows]
    return [f"{row['title']}（{row['doc_number']}）{row.get('articles', '')}" if row.get("doc_number")
            else f"{row['title']}{row.get('articles', '')}" for row in rows]


def _fill_list(document, heading: str, entries: list[str], leave_guidance: bool) -> None:
    paragraphs = document.paragraphs
    at = next(i for i, p in enumerate(paragraphs) if p.style.name == "Heading 1" and p.text == heading)
    guidance = paragraphs[at + 1]
    following = paragraphs[at + 2]
    retype(guidance, entries[0])
    for entry in entries[1:]:  # Enter after the line: a new paragraph of the same style
        following.insert_paragraph_before(entry, style=guidance.style)
    if following.text.startswith("每项写明：") and not leave_guidance:
        retype(following, "")


def _fill_fields(document, values: dict[str, str]) -> None:
    for paragraph in document.paragraphs:
        head = paragraph.runs[0].text if paragraph.runs else ""
        if paragraph.style.name == "Item 2" and head.endswith("："):
            title = head[:-1]
            if title in values:
                retype(paragraph, values[title])
            elif title not in ("工作安排", "协办部门"):
                for run in paragraph.runs:  # the clerk deletes a line that does not apply
                    run.text = ""


def blank_template(run_cli, district: Path, tmp_path: Path) -> Path:
    """`jianguan render --blank`: the 模版 a clerk fills in."""
    assert run_cli("render", "--blank", "--out", str(tmp_path / "blank"), cwd=district).code == 0
    return tmp_path / "blank" / "blank-template.docx"


def test_the_blank_template_filled_in_as_a_clerk_types_imports_exactly(district, tmp_path, run_cli):
    blank = blank_template(run_cli, district, tmp_path)
    data = source(MZ4)
    document_ = docx.Document(str(blank))
    retype(document_.paragraphs[0], f"{data['item']['name']}事中事后监管办法")
    for key, heading in (("basis", "监管依据"), ("content", "监管内容"), ("handling", "违法违规行为处理"),
                         ("disclosure", "信息公开")):
        _fill_list(document_, heading, _typed_records(key, data[key]), leave_guidance=key == "content")
    for key, heading in (("objects", "监管对象"), ("procedure", "监管程序"), ("requirements", "工作要求"),
                         ("credit", "信用监管")):
        _fill_list(document_, heading, data[key], leave_guidance=False)
    _fill_list(document_, "监管方式", [methods_sentence(data["methods"])], leave_guidance=False)
    partner = data["collaboration"]["partners"][0]
    plan, duty = data["plan"], data["responsibility"]
    _fill_fields(document_, {
        **{title: data["actions"][key] for key, title in
           (("daily", "日常监管"), ("periodic_check", "定期抽查"), ("random_check", "随机抽查"),
            ("special_inspection", "专项检查"), ("traceability", "源头追溯"), ("hazard_screening", "危险隐患排查"),
            ("major_case", "重大案件查处"))},
        "主办部门": data["collaboration"]["lead"], "协办部门": f"{partner['department']}。{partner['duties']}",
        "监管周期": plan["cycle"], "随机抽查比例": f"{plan['random_check_ratio']}%", "随机抽查频次": plan["random_check_frequency"],
        "工作安排": "", "监管责任科室": data["responsible_unit"], "第一责任人": duty["first"], "主要责任人": duty["main"],
        "直接责任人": duty["direct"], "责任追究": duty["accountability"], **{title: data["complaints"][key] for key, title in
                                                                       (("phone", "举报电话"), ("address", "通信地址"),
                                                                        ("online", "网上渠道"))}})
    schedule = next(p for p in document_.paragraphs if p.text == "工作安排：")
    anchor = next(p for p in document_.paragraphs if p.text.startswith("监管责任") and p.style.name == "Heading 1")
    for row in plan["schedule"]:
        anchor.insert_paragraph_before(f"{row['period']}。{row['task']}", style=schedule.style)
    closing = next(p for p in document_.paragraphs if p.text.startswith("本办法自"))
    retype(closing, "本办法自2017年7月1日起施行。")
    document_.save(str(blank))
    result, path = imported_fresh(run_cli, district, blank)
    assert result.code == 0, result.out + result.err
    assert printed(load_yaml(path)) == printed(data)
    assert run_cli("lint", str(path), cwd=district).code == 0


def test_a_blank_template_left_unfilled_is_reported_and_left_as_placeholders(district, tmp_path, run_cli):
    blank = blank_template(run_cli, district, tmp_path)
    document_ = docx.Document(str(blank))
    retype(document_.paragraphs[0], "假肢和矫形器(辅助器具)生产装配企业资格认定事中事后监管办法（模版）")
    _fill_list(document_, "监管对象", ["本区内的假肢和矫形器生产装配企业"], leave_guidance=False)
    document_.save(str(blank))
    result, path = imported_fresh(run_cli, district, blank)
    assert result.code == 1
    assert "「监管措施 › 日常监管」没有填写" in result.err and "施行日期没有填写" in result.err
    data = load_yaml(path)
    assert data["objects"] == ["本区内的假肢和矫形器生产装配企业"]
    assert data["actions"]["daily"] == "待填写" and data["procedure"] == ["待填写"]
    assert "jianguan import：" not in path.read_text(encoding="utf-8"), "nothing typed was lost"
    lint = run_cli("lint", str(path), cwd=district)
    assert lint.code == 1 and "T601" in lint.out


# --- older documents ----------------------------------------------------------------------------------------


def _older_document(path: Path) -> None:
    """A 2017-style Word file: no styles, numbers typed by hand, the older headings, a title on two lines."""
    document_ = docx.Document()
    lines = ["附件2", "假肢和矫形器(辅助器具)生产装配企业", "资格认定事中事后监管制度",
             "为加强假肢和矫形器生产装配企业资格认定的事中事后监管，制定本制度。",
             "一、监督检查依据",
             "1、《国务院对确需保留的行政审批项目设定行政许可的决定》（国务院令第412号）",
             "2、《假肢和矫形器（辅助器具）生产装配企业资格认定办法》第五条至第九条",
             "二、监督检查对象：在本区注册经营的假肢和矫形器生产装配企业。",
             "三、监督检查内容",
             "（一）履行法定义务。企业是否按期报送年度报告。",
             "（二）审批条件符合性：企业是否持续具备认定时的条件。",
             "（三）对企业收费情况进行监管。",
             "四、监督检查方式",
             "采取书面检查、实地检查和“双随机、一公开”抽查等方式实施监管。",
             "五、监督检查措施",
             "（一）日常监管：审查企业年度报告。", "（二）定期抽查：每年检查一次。", "（三）随机抽查：按20%比例抽查。",
             "（四）专项检查：助残日前后开展专项检查。", "（五）源头追溯：建立产品档案。",
             "（六）危险隐患排查：不适用。该事项不涉及危险作业。", "（七）重大案件查处：依法移送司法机关。",
             "六、监督检查程序", "（1）制定检查计划。", "（2）实施现场检查。", "（3）依法作出处理。",
             "七、监督检查处理", "1.一般问题：当场责令改正。", "2.严重问题：依法立案查处。",
             "八、责任追究", "对不履行监管职责的，依法追究相关人员责任。",
             "九、其他事项", "本制度由区民政局负责解释。",
             "本制度自2017年7月1日起施行。"]
    for number, text in enumerate(lines):
        paragraph = document_.add_paragraph(text)
        if number in (1, 2):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.runs[0].bold = True
    document_.save(str(path))


def test_an_older_document_with_other_headings_and_typed_numbers(district, tmp_path, run_cli):
    old = tmp_path / "假肢监管制度.docx"
    _older_document(old)
    result, path = imported_fresh(run_cli, district, old)
    assert result.code == 1
    data = load_yaml(path)
    assert data["item"] == {"code": MZ4, "name": "假肢和矫形器(辅助器具)生产装配企业资格认定"}
    assert data["basis"] == [{"title": "《国务院对确需保留的行政审批项目设定行政许可的决定》", "doc_number": "国务院令第412号"},
                             {"title": "《假肢和矫形器（辅助器具）生产装配企业资格认定办法》", "articles": "第五条至第九条"}]
    assert data["objects"] == ["在本区注册经营的假肢和矫形器生产装配企业。"]
    assert data["content"] == [{"topic": "履行法定义务", "text": "企业是否按期报送年度报告。"},
                               {"topic": "审批条件符合性", "text": "企业是否持续具备认定时的条件。"},
                               {"topic": "待填写", "text": "对企业收费情况进行监管。"}]
    assert data["methods"] == ["书面检查", "实地检查", "双随机一公开抽查"]
    assert data["actions"]["hazard_screening"] == {"not_applicable": "该事项不涉及危险作业。"}
    assert data["actions"]["random_check"] == "按20%比例抽查。"
    assert data["procedure"] == ["制定检查计划。", "实施现场检查。", "依法作出处理。"]
    assert data["handling"] == [{"situation": "一般问题", "action": "当场责令改正。"},
                                {"situation": "严重问题", "action": "依法立案查处。"}]
    assert data["responsibility"]["accountability"] == "对不履行监管职责的，依法追究相关人员责任。"
    assert data["responsibility"]["first"] == "待填写" and data["requirements"] == ["待填写"]
    assert data["effective_date"] == "2017-07-01"
    assert "认不出章节标题“其他事项”" in result.err and "本制度由区民政局负责解释。" in result.err
    assert "不属于任何一节" in result.err and "监管要点" in result.err
    text = path.read_text(encoding="utf-8")
    assert "段：为加强假肢和矫形器生产装配企业资格认定的事中事后监管，制定本制度。" in text
    lint = run_cli("lint", str(path), cwd=district)
    assert lint.code == 1 and "T601" in lint.out
    assert run_cli("fmt", "--check", str(path), cwd=district).code == 0


def test_several_documents_in_one_run(rendered, district, tmp_path, run_cli):
    first = document(rendered, tmp_path, "QLH-MZ-001")
    second = document(rendered, tmp_path, "QLH-WG-001")
    for code in ("QLH-MZ-001", "QLH-WG-001"):
        target_of(district, code).unlink()
    result = run_cli("import", str(first), str(second), cwd=district)
    assert result.code == 0 and "读取了 2 份监管办法：写入 2 份。" in result.out
    for code in ("QLH-MZ-001", "QLH-WG-001"):
        assert printed(load_yaml(target_of(district, code))) == printed(source(code))


# --- another word processor's file -------------------------------------------------------------------------


def _typed_numbers(path: Path) -> None:
    """Replace the automatic list numbers by numbers typed into the text, as a converter writes them."""
    document_ = docx.Document(str(path))
    counters = {1: 0, 2: 0, 3: 0}
    for paragraph in document_.paragraphs:
        level = {"Heading 1": 1, "Heading 2": 2, "Item 2": 2, "Heading 3": 3, "Item 3": 3}.get(paragraph.style.name)
        if level is None or not paragraph.runs:
            continue
        counters[level] += 1
        for deeper in range(level + 1, 4):
            counters[deeper] = 0
        number = counters[level]
        typed = {1: f"{chinese_number(number)}、", 2: f"（{chinese_number(number)}）", 3: f"{number}."}[level]
        paragraph.runs[0].text = typed + paragraph.runs[0].text
    document_.save(str(path))


def _renamed_styles_split_runs_no_numbering(path: Path) -> None:
    with zipfile.ZipFile(path) as package:
        styles = package.read("word/styles.xml").decode("utf-8")
        body = package.read("word/document.xml").decode("utf-8")
    for old, new in (("heading 1", "标题 1"), ("heading 2", "标题 2"), ("Title", "标题"), ("Item 2", "正文编号 2"),
                     ("Item 3", "正文编号 3"), ("Run-in 2", "小标题 2"), ("Run-in 3", "小标题 3")):
        styles = styles.replace(f'<w:name w:val="{old}"/>', f'<w:name w:val="{new}"/>')
    styles, body = (re.sub(r"<w:numPr>.*?</w:numPr>", "", xml) for xml in (styles, body))
    # every run in two, each half with the run's own properties
    body = re.sub(r"<w:r>(<w:rPr>(?:(?!</w:rPr>).)*</w:rPr>)?<w:t>([^<])([^<]+)</w:t></w:r>",
                  lambda m: f"<w:r>{m[1] or ''}<w:t>{m[2]}</w:t></w:r><w:r>{m[1] or ''}<w:t>{m[3]}</w:t></w:r>", body)
    _replace_member(path, "word/styles.xml", styles.encode("utf-8"))
    _replace_member(path, "word/document.xml", body.encode("utf-8"))


def test_styles_renamed_numbering_typed_and_runs_split_import_the_same(rendered, district, tmp_path, run_cli):
    doc = document(rendered, tmp_path)
    _typed_numbers(doc)
    _renamed_styles_split_runs_no_numbering(doc)
    paragraphs = [p.text for p in docx.Document(str(doc)).paragraphs]
    assert "一、监管依据" in paragraphs and "（四）工作安排" in paragraphs and "numPr" not in _member(doc, "word/document.xml")
    assert '<w:name w:val="Run-in 2"/>' not in _member(doc, "word/styles.xml")
    result, path = imported_fresh(run_cli, district, doc)
    assert result.code == 0, result.err
    assert printed(load_yaml(path)) == printed(source(MZ4))


def _member(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as package:
        return package.read(name).decode("utf-8")


def test_a_printed_item_code_wins_over_the_title(district, tmp_path, run_cli):
    old = tmp_path / "旧办法.docx"
    document_ = docx.Document()
    for text in ("养老院管理事中事后监管办法", "事项编码：QLH-MZ-001", "一、监督检查对象", "本区内的养老机构。"):
        document_.add_paragraph(text)
    document_.save(str(old))
    result, path = imported_fresh(run_cli, district, old, "QLH-MZ-001")
    assert result.code == 1, "most sections are missing"
    data = load_yaml(path)
    assert data["item"] == {"code": "QLH-MZ-001", "name": "养老院管理"} and data["objects"] == ["本区内的养老机构。"]


def test_hidden_data_deleted_from_the_zip_alone_still_opens(rendered, district, tmp_path, run_cli):
    doc = document(rendered, tmp_path, hidden=True)
    with zipfile.ZipFile(doc) as package:
        entries = [(info, package.read(info.filename)) for info in package.infolist()]
    with zipfile.ZipFile(doc, "w", zipfile.ZIP_DEFLATED) as package:
        for info, content in entries:
            if info.filename != "docProps/custom.xml":  # its relationship and content type stay behind
                package.writestr(info, content)
    result, path = imported_fresh(run_cli, district, doc)
    assert result.code == 0, result.err
    assert printed(load_yaml(path)) == printed(source(MZ4)) and load_yaml(path)["review"]["status"] == "起草"
