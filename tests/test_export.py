"""`jianguan export`: JSON, CSV and XLSX read back and equal to the source data."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
from jsonschema import Draft202012Validator

from conftest import DEMO_ITEMS, PROJECT, copy_demo
from jianguan_cli.loading import load_file
from jianguan_cli.resources import load_schema


def source_data() -> dict[str, dict]:
    return {path.stem: load_file(path, path.name, frozenset()).data for path in PROJECT.glob("measures/*/*.yaml")}


def test_json_gives_back_exactly_the_data(tmp_path, run_cli):
    repo = copy_demo(tmp_path / "demo")
    document = json.loads(run_cli("export", cwd=repo).out)
    assert document["version"] == 1 and document["district"] == "兰州市七里河区"
    exported = {record["item"]["code"]: record["measure"] for record in document["measures"]}
    assert exported == source_data()
    validator = Draft202012Validator(load_schema("measure"))
    assert all(validator.is_valid(measure) for measure in exported.values())
    first = document["measures"][0]
    assert set(first["item"]) == {"code", "name", "category", "department", "co_departments", "intermediary", "basis"}
    assert first["path"].startswith("measures/")


def test_csv_has_a_row_per_measure_and_opens_in_excel(tmp_path, run_cli):
    repo = copy_demo(tmp_path / "demo")
    out = run_cli("export", "-f", "csv", cwd=repo).out
    assert out.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert len(rows) == DEMO_ITEMS
    row = next(r for r in rows if r["事项编码"] == "QLH-MZ-004")
    assert row["实施部门"] == "区民政局" and row["协办部门"] == "区市场监管局"
    assert row["发文字号"] == "七民发〔2017〕35号" and row["公布日期"] == "2017-06-28"
    assert "《国务院对确需保留的行政审批项目设定行政许可的决定》" in row["监管依据"]
    assert "20%" in row["监管计划"]


def test_xlsx_has_a_sheet_per_department_and_a_summary(tmp_path, run_cli):
    repo = copy_demo(tmp_path / "demo")
    target = tmp_path / "export.xlsx"
    assert run_cli("export", "-f", "xlsx", "--output", str(target), cwd=repo).code == 0
    workbook = openpyxl.load_workbook(target)
    assert workbook.sheetnames[0] == "汇总" and len(workbook.sheetnames) == 1 + 11
    summary = list(workbook["汇总"].values)
    # 已编写 counts finished measures only; files still holding placeholders are 待填写
    assert summary[0] == ("部门", "事项数", "已编写", "待填写", "未编写", "已公布", "覆盖率（%）") and len(summary) == 1 + 11
    csv_rows = list(csv.reader(io.StringIO(run_cli("export", "-f", "csv", cwd=repo).out.lstrip("\ufeff"))))
    sheet_rows = [["" if cell is None else cell for cell in row]
                  for name in workbook.sheetnames[1:] for row in list(workbook[name].values)[1:]]
    assert sorted(sheet_rows) == sorted(csv_rows[1:])
    assert list(workbook["区民政局"].values)[0] == tuple(csv_rows[0])


def test_export_writes_nothing_into_the_repository_without_output(tmp_path, run_cli):
    repo = copy_demo(tmp_path / "demo")
    before = sorted(p.relative_to(repo) for p in repo.rglob("*"))
    run_cli("export", cwd=repo)
    run_cli("export", "-f", "csv", cwd=repo)
    assert sorted(p.relative_to(repo) for p in repo.rglob("*")) == before
