"""jianguan catalog import: real-shaped 权责清单 spreadsheets into catalog.yaml."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from conftest import FIXTURES, SHARED, copy_demo, needs_shared
from jianguan_cli.authoring.repository import empty_catalog
from jianguan_cli.catalog import parse_catalog
from jianguan_cli.interchange.catalog_import import CatalogImporter
from jianguan_cli.interchange.catalog_merge import catalog_data, merge
from jianguan_cli.interchange.spreadsheet import Row

IMPORT = FIXTURES / "import"
DISTRICT_ITEMS = SHARED / "data"


@pytest.fixture
def county(tmp_path, run_cli) -> Path:
    """A repository fresh from jianguan init."""
    repo = tmp_path / "county"
    assert run_cli("init", str(repo), "--district", "兰州市七里河区", "--ci", "none", cwd=tmp_path).code == 0
    return repo


def catalog_of(repo: Path) -> dict:
    return YAML(typ="safe").load((repo / "catalog.yaml").read_text(encoding="utf-8"))


def items_of(repo: Path) -> dict[str, dict]:
    return {item["code"]: item for item in catalog_of(repo)["items"]}


def test_xlsx_with_title_row_two_row_header_and_merged_cells(county, run_cli):
    run = run_cli("catalog", "import", str(IMPORT / "licence-list.xlsx"), cwd=county)
    assert run.code == 1, "unusable rows make the exit code 1"
    assert "第 3 行为表头" in run.out
    items = items_of(county)
    assert list(items) == ["QLH-MZ-001", "QLH-MZ-002", "QLH-MZ-004", "QLH-SW-001"]
    # 实施主体 is merged over the three 民政 rows: every row gets it
    assert {items[code]["department"] for code in ("QLH-MZ-001", "QLH-MZ-002", "QLH-MZ-004")} == {"mz"}
    assert items["QLH-MZ-002"]["category"] == "保留", "保留事项 is read as 保留"
    assert items["QLH-MZ-004"]["category"] == "承接下放"
    assert items["QLH-MZ-004"]["co_departments"] == ["scjg"]
    assert items["QLH-SW-001"]["intermediary"] is True and "intermediary" not in items["QLH-MZ-001"]
    departments = {dept["id"]: dept for dept in catalog_of(county)["departments"]}
    assert departments["mz"] == {"id": "mz", "name": "七里河区民政局", "short": "区民政局"}


def test_bad_rows_are_reported_with_their_row_numbers(county, run_cli):
    run = run_cli("catalog", "import", str(IMPORT / "licence-list.xlsx"), cwd=county)
    reported = [line.split("：")[0].rsplit(" ", 2)[-2:] for line in run.err.splitlines() if " 行：" in line]
    assert [number for number, _ in reported] == ["10", "11", "12"]
    assert "缺少事项编码" in run.err
    assert "事项类别“审核转报”" in run.err
    assert "与第 9 行重复" in run.err
    assert "二、区水务局" not in run.err, "a merged section heading is not a bad row"


def test_gbk_csv_with_chinese_partner_names(county, run_cli):
    run = run_cli("catalog", "import", str(IMPORT / "rights-list-gbk.csv"), cwd=county)
    assert run.code == 0, run.err
    items = items_of(county)
    assert items["QLH-WJ-006"]["category"] == "前置改后置"
    assert items["QLH-JY-004"]["co_departments"] == ["ga", "jt"]
    assert items["QLH-JY-004"]["basis"] == "《校车安全管理条例》,第十四条"
    departments = {dept["id"]: dept["name"] for dept in catalog_of(county)["departments"]}
    # a partner named by its short name gets its full name from the district's name, and the import says so
    assert departments == {"wj": "七里河区卫生和计划生育局", "scjg": "七里河区市场监管局", "jy": "七里河区教育局",
                           "ga": "兰州市公安局七里河分局", "jt": "七里河区交通运输局"}
    assert "区市场监管局 → 七里河区市场监管局" in run.out
    assert run_cli("check", cwd=county).code == 1, "the catalogue is valid; only the measures are missing"
    rules = {f["rule"] for f in json.loads(run_cli("check", "--format", "json", cwd=county).out)["findings"]}
    assert rules == {"V901"}


def test_unknown_headers_need_map(county, run_cli):
    source = str(IMPORT / "custom-headers.csv")
    run = run_cli("catalog", "import", source, cwd=county)
    assert run.code == 2
    assert "找不到“事项名称”“实施主体”列" in run.err and "--map" in run.err
    run = run_cli("catalog", "import", source, "--map", "行政许可事项代码=code", "--map", "许可名目=事项名称",
                  "--map", "主管单位=department", cwd=county)
    assert run.code == 0, run.err
    assert items_of(county)["XK-001"] == {"code": "XK-001", "name": "道路运输经营许可", "category": "保留",
                                          "department": "jt"}
    assert "全部事项按“保留”导入" in run.err


def test_bad_map_option_is_a_usage_error(county, run_cli):
    run = run_cli("catalog", "import", str(IMPORT / "custom-headers.csv"), "--map", "列=颜色", cwd=county)
    assert run.code == 2 and "列名=字段" in run.err


def test_merge_keeps_comments_and_reports_changes(tmp_path, run_cli):
    repo = copy_demo(tmp_path / "demo")
    catalog = repo / "catalog.yaml"
    text = catalog.read_text(encoding="utf-8").replace(
        "  - code: QLH-MZ-001\n", "  # 民政局重点事项\n  - code: QLH-MZ-001\n")
    catalog.write_text(text, encoding="utf-8")
    sheet = tmp_path / "changes.csv"
    sheet.write_text("事项编码,事项名称,事项类别,实施主体\n"
                     "QLH-MZ-001,养老机构设立许可（2017年修订）,保留,区民政局\n"
                     "QLH-NEW-001,新增事项,保留,七里河区民政局\n", encoding="utf-8")
    run = run_cli("catalog", "import", str(sheet), cwd=repo)
    assert run.code == 0, run.err
    assert "新增事项 1 个，更新 1 个" in run.out
    assert "事项名称：养老机构设立许可 → 养老机构设立许可（2017年修订）" in run.out
    after = catalog.read_text(encoding="utf-8")
    assert "# 民政局重点事项" in after and after.startswith(text.split("district:")[0])
    items = items_of(repo)
    assert items["QLH-MZ-001"]["basis"].startswith("《中华人民共和国老年人权益保障法》"), "no column, kept"
    assert items["QLH-NEW-001"]["department"] == "mz"
    assert len(items) == len(YAML(typ="safe").load(text)["items"]) + 1


def test_importing_twice_changes_nothing(county, run_cli):
    source = str(IMPORT / "rights-list-gbk.csv")
    run_cli("catalog", "import", source, cwd=county)
    first = (county / "catalog.yaml").read_bytes()
    run = run_cli("catalog", "import", source, cwd=county)
    assert "新增事项 0 个，更新 0 个，未变 2 个" in run.out
    assert (county / "catalog.yaml").read_bytes() == first


def test_dry_run_shows_the_diff_and_writes_nothing(county, run_cli):
    before = hashlib.sha256((county / "catalog.yaml").read_bytes()).hexdigest()
    run = run_cli("catalog", "import", str(IMPORT / "rights-list-gbk.csv"), "--dry-run", cwd=county)
    assert run.code == 0
    assert "+    co_departments: [ga, jt]" in run.out, "brackets print as written"
    assert "未写入" in run.out
    assert hashlib.sha256((county / "catalog.yaml").read_bytes()).hexdigest() == before


@pytest.mark.parametrize("name, content, code, message", [
    ("list.xls", b"\xd0\xcf\x11\xe0", 2, "另存为"),
    ("broken.xlsx", b"PK\x03\x04 not a zip", 3, "不是有效的 .xlsx 文件"),
    ("latin.csv", "code,name\n".encode("utf-16-be")[2:] + b"\xff\xfe\xfa", 3, "既不是 UTF-8 也不是 GBK"),
    ("empty.csv", b"", 2, "找不到"),
])
def test_unreadable_spreadsheets_give_a_clear_error(county, run_cli, name, content, code, message):
    source = county.parent / name
    source.write_bytes(content)
    before = (county / "catalog.yaml").read_bytes()
    run = run_cli("catalog", "import", str(source), cwd=county)
    assert run.code == code and message in run.err, run.err
    assert "Traceback" not in run.err
    assert (county / "catalog.yaml").read_bytes() == before


def test_missing_file_is_a_usage_error(county, run_cli):
    run = run_cli("catalog", "import", "没有这个文件.xlsx", cwd=county)
    assert run.code == 2 and "找不到表格文件" in run.err


def test_named_sheet(county, run_cli, tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["说明"])
    second = book.create_sheet("事项")
    second.append(["事项编码", "事项名称", "实施主体"])
    second.append(["A-1", "甲事项", "七里河区民政局"])
    book.save(tmp_path / "two.xlsx")
    assert run_cli("catalog", "import", str(tmp_path / "two.xlsx"), "--sheet", "事项", cwd=county).code == 0
    assert list(items_of(county)) == ["A-1"]
    run = run_cli("catalog", "import", str(tmp_path / "two.xlsx"), "--sheet", "无", cwd=county)
    assert run.code == 2 and "没有工作表“无”" in run.err


def test_spreadsheet_to_scaffolded_repository_in_three_commands(tmp_path, run_cli):
    """The README's path: init, catalog import, new --all-missing."""
    repo = tmp_path / "district"
    assert run_cli("init", str(repo), "--district", "兰州市七里河区", "--ci", "none", cwd=tmp_path).code == 0
    assert run_cli("catalog", "import", str(IMPORT / "rights-list-gbk.csv"), cwd=repo).code == 0
    assert run_cli("new", "--all-missing", cwd=repo).code == 0
    assert sorted(path.name for path in (repo / "measures").rglob("*.yaml")) == ["QLH-JY-004.yaml",
                                                                                  "QLH-WJ-006.yaml"]
    run = run_cli("check", "--format", "json", cwd=repo)
    assert '"V901"' not in run.out and '"T601"' in run.out


@needs_shared("data", "district-items.csv")
def test_the_district_list_imports_to_the_bundled_catalogue(county, run_cli, tmp_path):
    """The demo catalogue holds exactly what the district's list and its partner departments say."""
    shutil.copy(DISTRICT_ITEMS / "extra-departments.csv", tmp_path / "departments.csv")
    assert run_cli("catalog", "import", str(DISTRICT_ITEMS / "district-items.csv"), cwd=county).code == 0
    assert run_cli("catalog", "import", str(tmp_path / "departments.csv"), cwd=county).code == 0
    imported = catalog_of(county)
    bundled = YAML(typ="safe").load((Path(__file__).parents[1] / "catalog.yaml").read_text(encoding="utf-8"))
    assert {d["id"]: d for d in imported["departments"]} == {d["id"]: d for d in bundled["departments"]}
    assert {i["code"]: i for i in imported["items"]} == {i["code"]: i for i in bundled["items"]}


cells = st.text(alphabet=st.sampled_from(list("事项编码名称实施主体类别保留下放是否ab1-_ ,、;\n\t\"'#:[]{}&*!|>%@`\x00\x85\u2028")),
                max_size=8)


item_rows = st.tuples(st.one_of(st.from_regex(r"[A-Z]{1,3}-[0-9]{1,2}", fullmatch=True), cells),
                      st.one_of(st.just("事项"), cells),
                      st.one_of(st.sampled_from(["七里河区民政局", "区水务局", "mz", ""]), cells),
                      st.one_of(st.sampled_from(["保留", "保留事项", "下放", "审核"]), cells),
                      st.one_of(st.sampled_from(["scjg", "区市场监管局、ga", ""]), cells), cells)
department_rows = st.tuples(st.one_of(st.sampled_from(["mz", "Mz", ""]), cells), cells, cells)


@settings(max_examples=300, deadline=None)
@given(st.one_of(
    st.tuples(st.just(("事项编码", "事项名称", "实施主体", "事项类别", "共同审批部门", "设定依据")),
              st.lists(item_rows, max_size=8)),
    st.tuples(st.just(("部门编号", "部门", "部门简称")), st.lists(department_rows, max_size=5))))
@example(sheet=(("事项编码", "事项名称", "实施主体", "事项类别", "共同审批部门", "设定依据"),
                [("A-0", "事项", "七里河区民政局", "保留", "1,1", "")]))
def test_any_rows_give_a_valid_catalogue(sheet):
    header, rows = sheet
    importer = CatalogImporter("兰州市七里河区", [])
    result = importer.read([Row(1, header)] + [Row(n, tuple(" ".join(c.split()) for c in r))
                                               for n, r in enumerate(rows, 2)])
    text = merge(catalog_data(empty_catalog("兰州市七里河区"), "catalog.yaml"), result).text
    catalog = parse_catalog(text.encode("utf-8"), "catalog.yaml")  # raises if the text is invalid
    assert set(catalog.items) == {item.code for item in result.items}
    assert all(problem.row >= 2 for problem in result.problems)


def test_partners_are_listed_once_and_never_as_the_lead(county, run_cli, tmp_path):
    """Found by hypothesis: “1,1” as 共同审批部门 made two equal partners, which the schema refuses."""
    sheet = tmp_path / "partners.csv"
    sheet.write_text("事项编码,事项名称,实施主体,共同审批部门\n"
                     "A-1,甲事项,七里河区民政局,区市场监管局、区市场监管局；七里河区民政局\n", encoding="utf-8")
    assert run_cli("catalog", "import", str(sheet), cwd=county).code == 0
    assert items_of(county)["A-1"]["co_departments"] == ["scjg"]


def test_a_zip_bomb_xlsx_is_refused_before_unpacking(county, run_cli, tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as entry:
            for _ in range(210):
                entry.write(bytes(1024 * 1024))
    assert bomb.stat().st_size < 2 * 1024 * 1024
    run = run_cli("catalog", "import", str(bomb), cwd=county)
    assert run.code == 3 and "解压后有 210 MB" in run.err and "bomb.xlsx" in run.err


def sheet_of(tmp_path: Path, rows: list[list], merged: tuple[str, ...] = ()) -> Path:
    """An .xlsx with these rows (and merged ranges), as a 编办 would send it."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    for cells in merged:
        book.active.merge_cells(cells)
    path = tmp_path / "清单.xlsx"
    book.save(path)
    return path


def test_section_rows_give_the_department_and_a_footnote_is_no_failure(county, run_cli, tmp_path):
    sheet = sheet_of(tmp_path, [
        ["事项编码", "事项名称", "事项类别"],
        ["一、区民政局（1项）"],
        ["A-1", "养老机构设立许可", "保留"],
        ["二、下放事项"],
        ["三、区水务局"],
        ["A-2", "取水许可", "市级下放"],
        ["A-3", "河道管理范围内建设项目审批", None],
        ["注：本清单共3项。"],
    ], merged=("A2:C2", "A5:C5"))
    run = run_cli("catalog", "import", str(sheet), cwd=county)
    assert run.code == 0, run.err
    assert "跳过第 8 行“注：本清单共3项。”" in run.out
    items = items_of(county)
    assert [items[code]["department"] for code in ("A-1", "A-2", "A-3")] == ["mz", "sw", "sw"]
    assert items["A-2"]["category"] == "承接下放"
    assert items["A-3"]["category"] == "承接下放", "a category section sets the category of rows without one"
    assert run_cli("check", "--format", "json", cwd=county).code == 1
    rules = {f["rule"] for f in json.loads(run_cli("check", "--format", "json", cwd=county).out)["findings"]}
    assert rules == {"V901"}


def test_without_department_column_or_sections_the_column_is_asked_for(county, run_cli, tmp_path):
    sheet = sheet_of(tmp_path, [["事项编码", "事项名称"], ["A-1", "养老机构设立许可"]])
    run = run_cli("catalog", "import", str(sheet), cwd=county)
    assert run.code == 2 and "找不到“实施主体”列" in run.err


@pytest.mark.parametrize(("written", "category"), [
    ("市级下放", "承接下放"), ("承接上级下放", "承接下放"), ("改革后置", "前置改后置"), ("后置审批", "前置改后置"),
    ("先照后证", "前置改后置"), ("上级委托", "承接委托"), ("取消审批", "取消"), ("保留类", "保留"),
    ("转移职能", "转移"),
])
def test_category_spellings_seen_in_real_lists(county, run_cli, tmp_path, written, category):
    sheet = tmp_path / "list.csv"
    sheet.write_text(f"事项编码,事项名称,实施主体,事项类别\nA-1,甲事项,七里河区民政局,{written}\n", encoding="utf-8")
    assert run_cli("catalog", "import", str(sheet), cwd=county).code == 0
    assert items_of(county)["A-1"]["category"] == category


def test_an_unknown_category_gets_a_suggestion(county, run_cli, tmp_path):
    sheet = tmp_path / "list.csv"
    sheet.write_text("事项编码,事项名称,实施主体,事项类别\nA-1,甲事项,七里河区民政局,区级下放类事项\n", encoding="utf-8")
    run = run_cli("catalog", "import", str(sheet), cwd=county)
    assert run.code == 1 and "是否想写“承接下放”" in run.err


def test_a_second_import_places_new_items_with_their_department(county, run_cli, tmp_path):
    first = tmp_path / "first.csv"
    first.write_text("事项编码,事项名称,实施主体\nMZ-1,甲,七里河区民政局\nSW-1,乙,七里河区水务局\n", encoding="utf-8")
    assert run_cli("catalog", "import", str(first), cwd=county).code == 0
    path = county / "catalog.yaml"
    text = path.read_text(encoding="utf-8").replace("  - code: SW-1", "\n  # 区水务局\n  - code: SW-1")
    path.write_text(text, encoding="utf-8")
    second = tmp_path / "second.csv"
    second.write_text("事项编码,事项名称,实施主体\nMZ-1,甲,七里河区民政局\nMZ-2,丙,七里河区民政局\n"
                      "SW-1,乙,七里河区水务局\nSW-2,丁,七里河区水务局\nMZ-3,戊,七里河区民政局\n", encoding="utf-8")
    assert run_cli("catalog", "import", str(second), cwd=county).code == 0
    assert list(items_of(county)) == ["MZ-1", "MZ-2", "MZ-3", "SW-1", "SW-2"]
    lines = path.read_text(encoding="utf-8").splitlines()
    heading = lines.index("  # 区水务局")
    assert lines[heading + 1] == "  - code: SW-1", "the group's heading stays above its group"
    assert lines.index("  - code: MZ-3") < heading
