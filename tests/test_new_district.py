"""A new district's first month, as its staff go through it: from a spreadsheet no one here has
seen to a partly published portal. Everything runs through the command line, on a district the
test builds itself (兰州市红古区), never on the demo data."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import html5lib
import openpyxl
import pytest
from ruamel.yaml import YAML

TODAY = dt.date.today()
SUBMIT_BY = (TODAY + dt.timedelta(days=60)).isoformat()
PUBLISH_BY = (TODAY + dt.timedelta(days=90)).isoformat()
CODES = ["HG-MZ-001", "HG-MZ-002", "HG-WJ-001", "HG-WJ-002", "HG-SW-001", "HG-SW-002"]
PUBLISHED_CODE, DRAFT_CODE = "HG-MZ-001", "HG-WJ-001"


def licence_list(path: Path) -> Path:
    """The list as a 编办 sends it: a merged title, 实施主体 only in section rows, a 协办 column
    naming departments by their short names, real-world category spellings and a footnote."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "行政许可事项清单"
    rows = [
        ["兰州市红古区行政许可事项清单（2027年版）"],
        ["序号", "事项编码", "事项名称", "事项类别", "实施主体", "协办部门", "设定依据", "备注"],
        ["一、区民政局（2项）"],
        [1, "HG-MZ-001", "养老机构设立许可", "保留事项", None, None, "《养老机构设立许可办法》(民政部令第48号)"],
        [2, "HG-MZ-002", "假肢和矫形器(辅助器具)生产装配企业资格认定", "市级下放", None, "区市场监管局",
         "《国务院对确需保留的行政审批项目设定行政许可的决定》"],
        ["二、区卫生健康局（2项）"],
        [3, "HG-WJ-001", "公共场所卫生许可", "改革后置", None, "区市场监管局、红古公安分局", "《公共场所卫生管理条例》"],
        [4, "HG-WJ-002", "医疗机构执业登记", "保留", None, None, "《医疗机构管理条例》"],
        ["三、区水务局（2项）"],
        [5, "HG-SW-001", "取水许可", "保留", None, None, "《取水许可和水资源费征收管理条例》"],
        [6, "HG-SW-002", "河道管理范围内建设项目审批", "后置审批", None, None, "《中华人民共和国水法》"],
        ["注：本清单共6项，协办部门为共同审批或配合监管的部门。"],
    ]
    for row in rows:
        sheet.append(row)
    for number in (1, 3, 6, 9):
        sheet.merge_cells(f"A{number}:H{number}")
    book.save(path)
    return path


def fill_in(text: str) -> str:
    """Replace every 待填写 of a scaffold as a clerk would, line by line."""
    answers = {
        "responsible_unit": "社会事务科", "period": "每年3月31日前", "task": "督促被许可人报送年度报告。",
        "first": "局长", "main": "分管副局长", "direct": "承担日常监管工作的人员", "phone": "0931-7654321",
        "accountability": "对不履行或不正确履行监管职责的，依法依纪追究相关人员责任。",
        "situation": "未经许可擅自从事相关活动", "action": "责令停止违法行为，依法立案查处。",
        "duties": "负责登记信息共享，依法查处无照经营行为。",
    }
    lines = []
    for line in text.splitlines():
        key = line.strip().lstrip("- ").split(":")[0]
        example = re.search(r"待填写（(?:第.步，)?如：(.*)）", line)
        if "《待填写》" in line:
            line = line.replace("《待填写》", "《中华人民共和国行政许可法》")
        elif example:
            line = line[:example.start()] + example.group(1)
        elif key in answers:
            line = re.sub(r"待填写.*$", answers[key], line)
        elif "待填写（" in line:  # objects, content and actions: say what is supervised
            line = re.sub(r"待填写（(.*)）$", lambda m: f"依法对{m.group(1)}实施监管，发现问题及时处理。", line)
        elif line.strip() == "- 待填写":
            line = line.replace("待填写", "执法人员持证上岗，两人以上共同开展检查。")
        lines.append(line)
    return "\n".join(lines) + "\n"


def publish(text: str) -> str:
    """The review section of a measure that went through 编办 and 法制办 and was published."""
    days = [(TODAY - dt.timedelta(days=n)).isoformat() for n in (40, 30, 20, 10)]
    return text.replace("review:\n  status: 起草\n", f"""review:
  status: 已公布
  submitted: {days[0]}
  bianban_approved: {days[1]}
  legal_approved: {days[2]}
  published: {days[3]}
  doc_number: 红民发〔{TODAY.year}〕3号
  urls:
    - http://www.honggu.gov.cn/art/{TODAY.year}/1/1/art_1_3.html
""")


def findings(run_cli, repo: Path, *args: str) -> list[dict]:
    return json.loads(run_cli("check", "--format", "json", *args, cwd=repo).out)["findings"]


def build_text(build: Path) -> str:
    """Every text the render wrote (HTML as is, .docx as its XML)."""
    import zipfile

    texts = []
    for path in build.rglob("*"):
        if path.suffix == ".html":
            texts.append(path.read_text(encoding="utf-8"))
        elif path.suffix == ".docx":
            with zipfile.ZipFile(path) as archive:
                texts += [archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith(".xml")]
    return "\n".join(texts)


@pytest.fixture
def district(tmp_path, run_cli) -> Path:
    """A repository made by init and filled by catalog import from the 编办's spreadsheet."""
    repo = tmp_path / "红古区监管办法"
    made = run_cli("init", str(repo), "--district", "兰州市红古区", "--submit-by", SUBMIT_BY, "--publish-by",
                   PUBLISH_BY, "--jianguan-source", "git+https://git.honggu.gov.cn/tools/jianguan.git@v0.1.0",
                   cwd=tmp_path)
    assert made.code == 0, made.err
    imported = run_cli("catalog", "import", str(licence_list(tmp_path / "清单.xlsx")), cwd=repo)
    assert imported.code == 0, imported.err
    assert "跳过第 12 行“注：本清单共6项" in imported.out, "a footnote is not a failed row"
    assert "区市场监管局 → 红古区市场监管局" in imported.out, "derived full names are said"
    return repo


def test_the_first_month_of_a_new_district(district, run_cli):
    repo = district
    # the catalogue is what the sheet says, with departments from its section rows
    catalog = YAML(typ="safe").load((repo / "catalog.yaml").read_text(encoding="utf-8"))
    assert [item["code"] for item in catalog["items"]] == CODES
    items = {item["code"]: item for item in catalog["items"]}
    assert [items[code]["department"] for code in CODES] == ["mz", "mz", "wj", "wj", "sw", "sw"]
    assert [items[code]["category"] for code in CODES] == ["保留", "承接下放", "前置改后置", "保留", "保留", "前置改后置"]
    assert items["HG-WJ-001"]["co_departments"] == ["scjg", "ga"]
    names = {dept["id"]: (dept["name"], dept["short"]) for dept in catalog["departments"]}
    assert names["mz"] == ("红古区民政局", "区民政局") and names["scjg"] == ("红古区市场监管局", "区市场监管局")
    assert names["ga"] == ("红古公安分局", "红古公安分局")

    # check right after the import: every item is missing a measure, and nothing else is wrong
    assert {f["rule"] for f in findings(run_cli, repo)} == {"V901"}

    # new --all-missing, then status counts the scaffolds as 待填写, not as written
    assert run_cli("new", "--all-missing", cwd=repo).code == 0
    status = json.loads(run_cli("status", "--format", "json", cwd=repo).out)
    assert (status["total"]["files"], status["total"]["written"], status["total"]["unfinished"]) == (6, 0, 6)
    assert status["percent"] == 0
    check = run_cli("check", cwd=repo)
    assert "待填写 6 份" in check.out and "（100%）" not in check.out
    assert {f["rule"] for f in findings(run_cli, repo)} == {"T601"}, "no D701/D702 before the deadlines"

    # two measures completed by hand: one published, one finished but still a draft
    for code, done in ((PUBLISHED_CODE, lambda text: publish(fill_in(text))), (DRAFT_CODE, fill_in)):
        path = repo / "measures" / code.split("-")[1].lower() / f"{code}.yaml"
        path.write_text(done(path.read_text(encoding="utf-8")), encoding="utf-8")
    left = {f["path"] for f in findings(run_cli, repo)}
    assert not any(PUBLISHED_CODE in path or DRAFT_CODE in path for path in left), left
    table = run_cli("status", cwd=repo).out
    mz = next(line for line in table.splitlines() if line.strip().startswith("区民政局"))
    assert mz.split()[1:4] == ["2", "1", "1"], "事项 2, 已编 1, 待填 1"

    # render without --force: only the published measure goes to the public site
    rendered = run_cli("render", "--format", "html,docx", cwd=repo)
    assert rendered.code == 0, rendered.err
    site = repo / "build" / "html"
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert [p for p in pages if p.startswith("measures/")] == [f"measures/{PUBLISHED_CODE}.html"]
    index = html5lib.parse((site / "index.html").read_bytes(), namespaceHTMLElements=False)
    rows = {row.find("td").text: row for row in index.findall(".//table[@id='items']/tbody/tr")}
    assert sorted(rows) == sorted(CODES), "the index lists every catalogue item"
    assert rows[DRAFT_CODE].get("data-status") == "起草" and rows["HG-SW-001"].get("data-status") == "待填写"
    assert rows[DRAFT_CODE].find(".//a") is None, "no link to a draft"
    public = build_text(repo / "build")
    assert "待填写" not in public.replace('data-status="待填写"', "").replace(">待填写<", "")
    assert "公共场所卫生许可" in public and "依法对" in public.split("公共场所卫生许可")[0] + public, "sanity"
    notice = [p.name for p in (repo / "build" / "docx" / "measures").iterdir()]
    assert notice == [f"{PUBLISHED_CODE}.docx"]
    assert "七里河" not in public, "the output names no other district"

    # a partial re-render updates that page, rebuilds the index and keeps everything else
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    path = repo / "measures" / "mz" / f"{PUBLISHED_CODE}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("社会事务科", "养老服务科"), encoding="utf-8")
    again = run_cli("render", PUBLISHED_CODE, cwd=repo)
    assert again.code == 0, again.err
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert set(after) == set(before), "no page was lost"
    assert "养老服务科" in after[site / "measures" / f"{PUBLISHED_CODE}.html"].decode()
    assert after[site / "departments" / "sw.html"] == before[site / "departments" / "sw.html"]

    # drafts for internal review go to their own folder, each unpublished page marked
    drafts = run_cli("render", "--drafts", cwd=repo)
    assert drafts.code == 0, drafts.err
    review = repo / "build" / "drafts" / "html"
    draft_pages = sorted(p.stem for p in (review / "measures").glob("*.html"))
    assert draft_pages == sorted(CODES)
    assert "草稿（未公布）" in (review / "measures" / f"{DRAFT_CODE}.html").read_text(encoding="utf-8")
    assert "草稿（未公布）" not in (review / "measures" / f"{PUBLISHED_CODE}.html").read_text(encoding="utf-8")
    assert sorted(p.stem for p in (site / "measures").glob("*.html")) == [PUBLISHED_CODE], "public site untouched"

    # the export tells files from finished measures
    exported = json.loads(run_cli("export", cwd=repo).out)
    states = {record["item"]["code"]: record["state"] for record in exported["measures"]}
    assert states[PUBLISHED_CODE] == "已公布" and states[DRAFT_CODE] == "起草" and states["HG-SW-001"] == "待填写"

    # withdrawn from publication: the next render removes its pages and says so
    path.write_text(path.read_text(encoding="utf-8").replace("status: 已公布", "status: 法制审查通过")
                    .replace(f"  published: {(TODAY - dt.timedelta(days=10)).isoformat()}\n", ""), encoding="utf-8")
    withdrawn = run_cli("render", cwd=repo)
    assert withdrawn.code == 0, withdrawn.err
    assert f"measures/{PUBLISHED_CODE}.html" in withdrawn.out and "已删除" in withdrawn.out
    assert not (site / "measures" / f"{PUBLISHED_CODE}.html").exists()


def test_render_refuses_only_when_a_published_measure_has_an_error(district, run_cli):
    repo = district
    assert run_cli("new", "--all-missing", cwd=repo).code == 0
    path = repo / "measures" / "mz" / f"{PUBLISHED_CODE}.yaml"
    path.write_text(publish(fill_in(path.read_text(encoding="utf-8"))), encoding="utf-8")
    fine = run_cli("render", cwd=repo)
    assert fine.code == 0 and "不影响本次发布" in fine.err, "the scaffolds' errors are a note"
    path.write_text(path.read_text(encoding="utf-8").replace("responsible_unit: 社会事务科", "responsible_unit: 待填写"),
                    encoding="utf-8")
    refused = run_cli("render", cwd=repo)
    assert refused.code == 1 and "拒绝发布" in refused.err
    assert f"{PUBLISHED_CODE}.yaml" in refused.err and "HG-SW-001.yaml" not in refused.err
    assert run_cli("render", "--force", cwd=repo).code == 0


def test_a_partial_docx_render_keeps_the_other_departments(district, run_cli):
    repo = district
    run_cli("new", "--all-missing", cwd=repo)
    for code in ("HG-MZ-001", "HG-SW-001"):
        path = repo / "measures" / code.split("-")[1].lower() / f"{code}.yaml"
        path.write_text(publish(fill_in(path.read_text(encoding="utf-8"))), encoding="utf-8")
    assert run_cli("render", "--format", "docx", cwd=repo).code == 0
    docx = repo / "build" / "docx"
    before = {p.relative_to(docx).as_posix(): p.read_bytes() for p in docx.rglob("*.docx")}
    assert sorted(before) == ["departments/mz.docx", "departments/sw.docx", "measures/HG-MZ-001.docx",
                              "measures/HG-SW-001.docx"]
    result = run_cli("render", "--format", "docx", "--department", "区民政局", cwd=repo)
    assert result.code == 0, result.err
    after = {p.relative_to(docx).as_posix(): p.read_bytes() for p in docx.rglob("*.docx")}
    assert after == before, "nothing changed, and nothing of 区水务局 was deleted"
    assert "保留未改动的 2 个" in result.out


def test_a_selected_draft_is_not_published(district, run_cli):
    repo = district
    run_cli("new", "--all-missing", cwd=repo)
    result = run_cli("render", DRAFT_CODE, cwd=repo)
    assert result.code == 2 and "--drafts" in result.err
    assert not (repo / "build" / "html").exists()
