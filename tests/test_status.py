"""`jianguan status`: the progress table per department, as text, JSON and CSV."""

from __future__ import annotations

import csv
import io
import json

from conftest import DEMO_ITEMS, PROJECT


def test_text_table_with_totals_and_lists(repo_with, run_cli):
    result = run_cli("status", "--today", "2017-06-10", cwd=repo_with("missing"))
    assert result.code == 0
    lines = result.out.splitlines()
    assert "截至 2017-06-10" in lines[0]
    row = next(line for line in lines if line.strip().startswith("区民政局"))
    # 事项 已编 待填 起草 报送 编办 法制 公布 逾期 覆盖
    assert row.split()[1:] == ["4", "3", "0", "3", "0", "0", "0", "0", "3", "75%"]
    total = next(line for line in lines if line.strip().startswith("合计"))
    assert total.split()[1:] == ["8", "7", "0", "7", "0", "0", "0", "0", "7", "87.5%"]
    assert "缺少监管办法（1 个事项）" in result.out and "T-BL-003" in result.out
    assert "逾期（7 份）" in result.out
    assert max(len(line) for line in lines[:12]) <= 80


def test_fifteen_departments_fit_one_screen(tmp_path, run_cli):
    departments = [(f"d{n:02}", f"测试区第{n}个长名称部门管理局", f"区第{n}局") for n in range(15)]
    catalog = ["district: 测试区", "departments:"]
    catalog += [f"  - {{id: {d}, name: {name}, short: {short}}}" for d, name, short in departments]
    catalog += ["items:"] + [f"  - {{code: T-{d}, name: 事项{d}, category: 保留, department: {d}}}"
                             for d, _, _ in departments]
    (tmp_path / "catalog.yaml").write_text("\n".join(catalog) + "\n", encoding="utf-8")
    (tmp_path / "jianguan.toml").write_text("", encoding="utf-8")
    result = run_cli("status", "--today", "2017-05-01", cwd=tmp_path)
    table = result.out.split("缺少监管办法")[0].splitlines()
    assert len(table) <= 24, "one 24-line screen"
    assert max(len(line) for line in table if "区第" in line) <= 80
    assert result.out.count("\n  T-d") == 15


def test_one_department(repo, run_cli):
    result = run_cli("status", "--department", "区卫计局", "--today", "2017-05-01", cwd=repo)
    assert "区卫计局" in result.out and "区民政局" not in result.out
    total = next(line for line in result.out.splitlines() if line.strip().startswith("合计"))
    assert total.split()[1:3] == ["2", "2"]


def test_unknown_department_is_a_usage_error(repo, run_cli):
    result = run_cli("status", "--department", "区卫生局", cwd=repo)
    assert result.code == 2 and "区卫计局" in result.err


def test_json(repo_with, run_cli):
    data = json.loads(run_cli("status", "-f", "json", "--today", "2017-07-01", cwd=repo_with("missing")).out)
    assert data["version"] == 1 and data["total"]["items"] == 8 and data["total"]["written"] == 7
    assert [d["id"] for d in data["departments"]] == ["mz", "fg", "sw", "wj"]
    assert len(data["overdue"]) == 7 and data["overdue"][0]["reasons"]


def test_csv_opens_in_excel(repo, run_cli):
    out = run_cli("status", "-f", "csv", "--today", "2017-05-01", cwd=repo).out
    assert out.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    assert rows[0] == ["部门编号", "部门", "事项数", "已编写", "待填写", "起草", "已报送", "编办审核通过", "法制审查通过",
                       "已公布", "逾期", "覆盖率"]
    assert rows[-1][:4] == ["", "合计", "7", "7"]


def test_demo_district_is_fully_published(run_cli):
    result = run_cli("status", "-f", "json", cwd=PROJECT)
    total = json.loads(result.out)["total"]
    assert total["items"] == total["written"] == total["stages"]["已公布"] == DEMO_ITEMS
    assert total["overdue"] == 0


def test_overdue_counts_when_the_deadline_rules_are_off(repo_with, run_cli):
    repo = repo_with("missing")
    (repo / "jianguan.toml").write_text(
        (repo / "jianguan.toml").read_text(encoding="utf-8") + '\n[rules]\nD701 = "off"\nD702 = "off"\n',
        encoding="utf-8")
    data = json.loads(run_cli("status", "-f", "json", "--today", "2017-07-01", cwd=repo).out)
    assert len(data["overdue"]) == 7, "being late is a fact of the progress table, not a finding one can switch off"


def test_each_measure_is_checked_against_the_deadlines_once(repo_with, monkeypatch):
    import datetime as dt

    from jianguan_cli.linting import engine
    from jianguan_cli.linting.check import run_check
    from jianguan_cli.settings import load_settings

    calls = []
    monkeypatch.setattr(engine, "lateness", lambda *args: calls.append(args) or [])
    repo = repo_with("missing")
    result, coverage = run_check(load_settings(repo), dt.date(2017, 7, 1), jobs=1, use_cache=False)
    assert len(calls) == result.files == 7
