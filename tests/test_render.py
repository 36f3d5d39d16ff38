"""`jianguan render --format html`: every page parsed, every field shown, escaped, deterministic, atomic."""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
from pathlib import Path

import html5lib
import pytest

from conftest import DEMO_ITEMS, FIXTURE_REPO, copy_demo, flatten, tree_digest
from jianguan_cli.loading import load_file
from jianguan_cli.rendering import html as html_module
from jianguan_cli.rendering.viewmodel import METHOD_WORDING, chinese_date, chinese_number
from jianguan_cli.safe_text import safe_name

TODAY = ("--today", "2017-05-01")


@pytest.fixture
def demo(tmp_path) -> Path:
    """A writable copy of the demo district."""
    return copy_demo(tmp_path / "demo")


def render(run_cli, repo: Path, *args: str):
    result = run_cli("render", *args, cwd=repo)
    return result, repo / "build" / "html"


def parse(path: Path):
    """Parse strictly: any HTML5 parse error fails the test."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(path.read_bytes())


def text_of(tree) -> str:
    return re.sub(r"\s+", "", "".join(tree.itertext()))


def test_demo_site_has_every_page_and_each_parses(demo, run_cli):
    result, site = render(run_cli, demo)
    assert result.code == 0, result.err
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert "index.html" in pages and len([p for p in pages if p.startswith("measures/")]) == DEMO_ITEMS
    assert len([p for p in pages if p.startswith("departments/")]) == 11
    for page in site.rglob("*.html"):
        tree = parse(page)
        assert tree.get("lang") == "zh-CN"
        assert tree.find("head/meta[@http-equiv='Content-Security-Policy']") is not None


def test_index_lists_every_item_with_status_and_document_number(demo, run_cli):
    _, site = render(run_cli, demo)
    tree = parse(site / "index.html")
    rows = tree.findall(".//table[@id='items']/tbody/tr")
    assert len(rows) == DEMO_ITEMS
    codes = [row.find("td").text for row in rows]
    assert "QLH-MZ-004" in codes
    text = text_of(tree)
    assert "七民发〔2017〕35号" in text and "2017年6月28日" in text and "已公布" in text




def test_every_field_of_a_measure_appears(demo, run_cli):
    _, site = render(run_cli, demo)
    data = load_file(demo / "measures" / "mz" / "QLH-MZ-004.yaml", "x", frozenset()).data
    page = text_of(parse(site / "measures" / "QLH-MZ-004.html"))
    for value in flatten({k: v for k, v in data.items() if k != "schema_version"}):
        shown = chinese_date(str(value)) if isinstance(value, str) else f"{value:g}%" if isinstance(value, int) else value
        assert re.sub(r"\s+", "", str(METHOD_WORDING.get(shown, shown))) in page, value
    assert "“双随机、一公开”抽查" in page, "methods in the wording of the 实施意见"
    for title in ("监管依据", "监管对象", "监管内容", "监管方式", "监管措施", "监管程序", "违法违规行为处理",
                  "协同监管", "监管计划", "工作要求", "监管责任", "信息公开", "信用监管", "投诉举报", "审核与公布"):
        assert title in page


def test_sections_follow_the_order_of_a_measure_document(demo, run_cli):
    _, site = render(run_cli, demo)
    tree = parse(site / "measures" / "QLH-MZ-004.html")
    headings = [h.text for h in tree.findall(".//h2")]
    assert headings == ["一、监管依据", "二、监管对象", "三、监管内容", "四、监管方式", "五、监管措施", "六、监管程序",
                        "七、违法违规行为处理", "八、协同监管", "九、工作要求", "十、监管计划", "十一、监管责任",
                        "十二、信息公开", "十三、信用监管", "十四、投诉举报"], "实施意见四(二)1: …程序、工作要求、监管计划"
    meta = text_of(tree.find(".//div[@class='meta']"))
    assert "审核与公布" in meta and "已公布" in meta and "2017年5月22日" in meta and "修订记录" in meta
    assert "本办法自2017年7月1日起施行。" in text_of(tree.find(".//p[@class='closing']"))


def test_data_is_text_never_markup_or_template_code(demo, run_cli):
    path = demo / "measures" / "mz" / "QLH-MZ-004.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  - 执法人员持证上岗", "  - \"<script>alert(1)</script> {{ 7*7 }} {% include 'x' %} A&B\"\n  - 执法人员持证上岗", 1)
    path.write_text(text, encoding="utf-8")
    result, site = render(run_cli, demo)
    assert result.code == 0, result.err
    raw = (site / "measures" / "QLH-MZ-004.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} {% include &#39;x&#39; %} A&amp;B" in raw
    tree = parse(site / "measures" / "QLH-MZ-004.html")
    assert tree.findall(".//script") == []
    assert "<script>alert(1)</script>{{7*7}}{%include'x'%}A&B" in text_of(tree)


def test_no_external_resources_and_only_published_links_are_absolute(demo, run_cli):
    _, site = render(run_cli, demo)
    allowed = {"http://www.qilihe.gov.cn/art/2017/6/28/art_1042_35.html"}
    for page in site.rglob("*.html"):
        tree = parse(page)
        assert tree.findall(".//*[@src]") == [] and tree.findall(".//link") == []
        for anchor in tree.iter("a"):
            href = anchor.get("href")
            if re.match(r"^[a-z]+:", href):
                assert href.startswith("http://www.qilihe.gov.cn/"), (page, href)
            else:
                assert not href.startswith("/") and (page.parent / href.split("#")[0]).resolve().exists(), (page, href)
    measure = parse(site / "measures" / "QLH-MZ-004.html")
    assert {a.get("href") for a in measure.iter("a") if a.get("href").startswith("http")} == allowed


def test_content_security_policy_allows_exactly_the_inline_style_and_script(demo, run_cli):
    _, site = render(run_cli, demo)
    tree = parse(site / "index.html")
    policy = tree.find("head/meta[@http-equiv='Content-Security-Policy']").get("content")

    def digest(text):
        return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()

    assert digest(tree.find("head/style").text) in policy and digest(tree.find("body/script").text) in policy
    assert "default-src 'none'" in policy
    measure_policy = parse(site / "measures" / "QLH-MZ-004.html").find("head/meta[@http-equiv='Content-Security-Policy']")
    assert "script-src 'none'" in measure_policy.get("content")


def test_two_renders_are_byte_identical(demo, run_cli, tmp_path):
    render(run_cli, demo)
    first = {p.relative_to(demo / "build"): p.read_bytes() for p in (demo / "build").rglob("*") if p.is_file()}
    render(run_cli, demo)
    second = {p.relative_to(demo / "build"): p.read_bytes() for p in (demo / "build").rglob("*") if p.is_file()}
    assert first == second


def test_a_published_measure_with_an_error_is_not_published(demo, run_cli):
    path = demo / "measures" / "mz" / "QLH-MZ-004.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("objects:", "objcts:"), encoding="utf-8")
    (demo / "measures" / "sw" / "QLH-SW-007.yaml").unlink()  # a missing item is no reason to withhold the rest
    result, site = render(run_cli, demo, *TODAY)
    assert result.code == 1 and "拒绝发布" in result.err and "S203" in result.err and "V901" not in result.err
    assert not site.exists()
    forced, site = render(run_cli, demo, "--force", *TODAY)
    assert forced.code == 0 and (site / "index.html").exists()
    assert "未编写" in text_of(parse(site / "index.html"))


def test_errors_outside_the_published_measures_are_a_note(repo_with, run_cli):
    result, site = render(run_cli, repo_with("missing"), *TODAY)
    assert result.code == 0 and "不影响本次发布" in result.err and "V901" not in result.err
    assert not list(site.glob("measures/*.html")), "nothing in the fixture repository is published yet"


@pytest.mark.parametrize(("failure", "code", "says"), [
    (OSError(28, "No space left on device"), 3, "写入输出文件夹失败（No space left on device），原有输出保持不变"),
    (KeyboardInterrupt(), 130, "已中断"),
], ids=["disk full", "Ctrl-C"])
def test_a_failed_render_leaves_the_previous_site_intact(demo, run_cli, monkeypatch, failure, code, says):
    render(run_cli, demo)
    site = demo / "build" / "html"
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    original = html_module.HtmlSite.measure_pages
    calls = []

    def broken(self, state, data, fragment):
        calls.append(state)
        if len(calls) == 3:
            raise failure
        yield from original(self, state, data, fragment)

    monkeypatch.setattr(html_module.HtmlSite, "measure_pages", broken)
    result, _ = render(run_cli, demo)
    assert result.code == code and says in result.err
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert [p.name for p in site.parent.iterdir()] == ["html"], "no half-written folder is left behind"


@pytest.mark.parametrize("out", [".", "measures", "other"])
def test_render_refuses_to_replace_a_folder_it_did_not_make(demo, run_cli, out):
    (demo / "other").mkdir()
    (demo / "other" / "notes.txt").write_text("重要", encoding="utf-8")
    result = run_cli("render", "--out", out, cwd=demo)
    assert result.code == 2 and "换一个" in result.err
    assert (demo / "other" / "notes.txt").exists() and (demo / "measures" / "mz" / "QLH-MZ-004.yaml").exists()


def test_fragments_are_body_only_with_inline_styles(demo, run_cli):
    render(run_cli, demo, "--fragment")
    fragment = (demo / "build" / "html" / "fragments" / "QLH-MZ-004.html").read_text(encoding="utf-8")
    assert fragment.lstrip().startswith('<section class="jianguan-measure"')
    assert "<html" not in fragment and "<script" not in fragment and "<style" not in fragment
    assert 'style="border-collapse:collapse;width:100%"' in fragment
    tree = html5lib.parseFragment(fragment, namespaceHTMLElements=False)
    assert "七民发〔2017〕35号" in text_of(tree)


def test_two_fragments_on_one_cms_page_neither_collide_nor_need_a_stylesheet(demo, run_cli):
    render(run_cli, demo, "--fragment")
    folder = demo / "build" / "html" / "fragments"
    page = "".join((folder / f"{code}.html").read_text(encoding="utf-8") for code in ("QLH-MZ-004", "QLH-MZ-001"))
    tree = html5lib.parseFragment(page, namespaceHTMLElements=False)
    ids = [element.get("id") for element in tree.iter() if element.get("id")]
    assert len(ids) == len(set(ids)) and all(i.startswith(("QLH-", "jianguan-QLH-")) for i in ids)
    wrappers = [element for element in tree.iter("div") if element.get("class") == "table-wrap"]
    assert wrappers and all("overflow-x:auto" in element.get("style", "") for element in wrappers)


def test_department_and_code_selection_keep_the_rest_of_the_site(demo, run_cli):
    _, site = render(run_cli, demo)
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    path = demo / "measures" / "mz" / "QLH-MZ-001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("社会福利科", "养老服务科"), encoding="utf-8")
    result, site = render(run_cli, demo, "--department", "区民政局")
    assert result.code == 0 and f"保留未改动的 {DEMO_ITEMS - 4} 个" in result.out
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert set(after) == set(before)
    changed = {p.relative_to(site).as_posix() for p in after if after[p] != before[p]}
    assert changed == {"measures/QLH-MZ-001.html"}, "only the edited page differs; index and departments are rebuilt"
    result, _ = render(run_cli, demo, "QLH-SW-007")
    assert result.code == 0 and set(p for p in site.rglob("*") if p.is_file()) == set(before)
    assert run_cli("render", "QLH-XX-999", cwd=demo).code == 2


def test_a_repository_may_override_templates(demo, run_cli):
    (demo / "templates" / "html").mkdir(parents=True)
    (demo / "templates" / "html" / "department.html").write_text(
        "{% extends 'base.html' %}{% block main %}<h1>自定义：{{ dept.name }}</h1>{% endblock %}", encoding="utf-8")
    _, site = render(run_cli, demo)
    assert "自定义：七里河区民政局" in text_of(parse(site / "departments" / "mz.html"))


def test_templates_cannot_read_outside_their_folder(demo, run_cli):
    (demo / "templates" / "html").mkdir(parents=True)
    (demo / "templates" / "html" / "department.html").write_text("{% include '../../catalog.yaml' %}",
                                                                 encoding="utf-8")
    result = run_cli("render", cwd=demo)
    assert result.code == 3 and "模板错误" in result.err and "district:" not in result.out + result.err


@pytest.mark.parametrize(("text", "name"), [("QLH-MZ-004", "QLH-MZ-004"), ("../../etc/passwd", "_.._etc_passwd"),
                                            ("CON", "_CON"), ("nul.txt", "_nul.txt"), (".hidden", "hidden"),
                                            ("a/b\\c", "a_b_c"), ("", "_"), ("事项", "__")])
def test_file_names_from_data_are_sanitised(text, name):
    assert safe_name(text) == name


@pytest.mark.parametrize(("n", "text"), [(1, "一"), (10, "十"), (11, "十一"), (15, "十五"), (20, "二十"), (23, "二十三")])
def test_chinese_section_numbers(n, text):
    assert chinese_number(n) == text


def test_a_template_error_names_the_template(demo, run_cli):
    (demo / "templates" / "html").mkdir(parents=True)
    (demo / "templates" / "html" / "department.html").write_text("\n{{ nosuch.value }}", encoding="utf-8")
    result = run_cli("render", cwd=demo)
    assert result.code == 3 and "模板错误" in result.err and "nosuch" in result.err


def test_codes_and_department_ids_cannot_steer_files_out_of_the_output(tmp_path, run_cli):
    """Catalogue values that are Windows device names or dotted paths still land inside build/."""
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURE_REPO, repo)
    catalog = repo / "catalog.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("items:\n", """\
  - id: con
    name: 测试区设备局
    short: 区设备局
items:
  - {code: CON, name: 设备名事项, category: 保留, department: con}
  - {code: aux.1, name: 带点事项, category: 保留, department: con}
  - {code: a..b, name: 双点事项, category: 保留, department: con}
""", 1), encoding="utf-8")
    outside = tree_digest(repo.parent)
    result = run_cli("render", "--force", "--format", "html,docx", cwd=repo)
    assert result.code == 0, result.err
    written = [p for p in (repo / "build").rglob("*") if p.is_file()]
    assert all((repo / "build").resolve() in p.resolve().parents for p in written)
    reserved = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))}
    assert not [p for p in written if p.name.split(".")[0].lower() in reserved]
    assert (repo / "build" / "html" / "departments" / "_con.html").is_file()
    shutil.rmtree(repo / "build")
    assert tree_digest(repo.parent) == outside, "nothing was written outside build/"


def test_a_javascript_url_is_a_finding_and_never_a_link(demo, run_cli):
    path = demo / "measures" / "mz" / "QLH-MZ-004.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  urls:\n", "  urls:\n    - \"javascript:alert(document.cookie)\"\n", 1), encoding="utf-8")
    result, site = render(run_cli, demo)
    assert result.code == 1 and "S206" in result.err, "render refuses: the URL is a finding"
    result, site = render(run_cli, demo, "--force")
    assert result.code == 0
    page = parse(site / "measures" / "QLH-MZ-004.html")
    assert "javascript:alert(document.cookie)" in text_of(page)
    assert not [a for a in page.iter("a") if not a.get("href", "").startswith(("http://", "https://", "../", "#"))
                and ":" in a.get("href", "")]


def test_the_site_names_the_districts_own_document_and_office(demo, run_cli):
    _, site = render(run_cli, demo)
    footer = text_of(parse(site / "index.html").find(".//footer"))
    assert "兰州市七里河区人民政府办公室" in footer and "《兰州市七里河区人民政府办公室关于加强行政审批事中事后监管的实施意见》" in footer


def test_without_publication_settings_the_site_names_no_other_district(tmp_path, run_cli):
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURE_REPO, repo)
    for path in (repo / "measures").rglob("*.yaml"):  # publish every fixture measure
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("status: 起草", "status: 已公布\n  submitted: 2017-05-02\n  bianban_approved: "
                                     "2017-05-03\n  legal_approved: 2017-05-04\n  published: 2017-05-05\n"
                                     "  doc_number: 测民发〔2017〕1号\n  urls:\n    - http://www.example.gov.cn/1.html"),
                        encoding="utf-8")
    result, site = render(run_cli, repo, *TODAY)
    assert result.code == 0, result.err
    pages = [page.read_text(encoding="utf-8") for page in site.rglob("*.html")]
    assert len(pages) == 1 + 4 + 7
    assert not any("七里河" in page or "兰州" in page for page in pages)
    assert text_of(parse(site / "index.html").find(".//footer")) == "测试区各部门事中事后监管办法汇编，接受社会各界监督。"


def test_a_standard_is_headed_as_a_standard_number(demo, run_cli):
    _, site = render(run_cli, demo)
    section = parse(site / "measures" / "QLH-MZ-004.html").find(".//section[@id='basis']")
    assert [th.text for th in section.findall(".//th")] == ["文件名称", "文号或标准编号", "条款"]
    page = parse(site / "measures" / "QLH-FG-001.html").find(".//section[@id='basis']")
    assert "文号" in [th.text for th in page.findall(".//th")], "no standard cited: still 文号"
