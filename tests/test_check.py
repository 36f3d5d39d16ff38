"""`jianguan check`: catalogue, coverage and deadlines on fixture repositories."""

from __future__ import annotations

import json
import re
import sys

import pytest

from conftest import DEMO_ITEMS, PROJECT
from test_cli import tree_digest

BEFORE_DEADLINES = "2017-05-01"


def located(output: str) -> list[tuple[str, str]]:
    """(path, rule) of every finding line in a text report."""
    return re.findall(r"^(\S+?):\d+:\d+: (?:error|warning) ([A-Z]\d{3}) ", output, re.M)


def test_complete_repository_passes(repo, run_cli):
    result = run_cli("check", "--today", BEFORE_DEADLINES, cwd=repo)
    assert result.code == 0, result.out
    assert "覆盖：7/7 个事项有监管办法（100%）" in result.out


def test_demo_district_passes_today(run_cli):
    result = run_cli("check", cwd=PROJECT)
    assert result.code == 0, result.out
    assert f"覆盖：{DEMO_ITEMS}/{DEMO_ITEMS}" in result.out


def test_missing_item_is_named_at_its_catalogue_line(repo_with, run_cli):
    result = run_cli("check", "--today", BEFORE_DEADLINES, cwd=repo_with("missing"))
    assert result.code == 1
    assert located(result.out) == [("catalog.yaml", "V901")]
    line = next(line for line in result.out.splitlines() if "V901" in line)
    assert line.startswith("catalog.yaml:55:5:")
    assert "T-BL-003" in line and "区民政局" in line and "measures/mz/T-BL-003.yaml" in result.out
    assert "覆盖：7/8" in result.out


def test_orphan_measure(repo_with, run_cli):
    result = run_cli("check", "--today", BEFORE_DEADLINES, cwd=repo_with("orphan"))
    assert result.code == 1
    assert located(result.out) == [("measures/mz/T-BL-999.yaml", "C301")]


def test_duplicate_measures_name_both_files(repo_with, run_cli):
    result = run_cli("check", "--today", BEFORE_DEADLINES, cwd=repo_with("duplicate"))
    assert result.code == 1
    found = located(result.out)
    assert ("measures/mz/T-BL-001.yaml", "V902") in found
    assert ("measures/mz/养老机构设立许可.yaml", "V902") in found
    assert "还有 measures/mz/养老机构设立许可.yaml" in result.out
    assert "还有 measures/mz/T-BL-001.yaml" in result.out
    # the file at measures/mz/T-BL-001.yaml is the one to keep, and both findings say so
    assert "这一份位置正确：把 measures/mz/养老机构设立许可.yaml 中需要的内容合并到这里" in result.out
    assert "保留位置正确的 measures/mz/T-BL-001.yaml：把本文件中需要的内容合并过去，然后删除本文件。" in result.out


def test_broken_catalogue_is_reported_as_findings(repo_with, run_cli):
    result = run_cli("check", "--today", BEFORE_DEADLINES, cwd=repo_with("broken_catalog"))
    assert result.code == 1
    found = located(result.out)
    assert ("catalog.yaml", "K801") in found and ("catalog.yaml", "K802") in found


def test_unreadable_catalogue_exits_3(repo, run_cli):
    (repo / "catalog.yaml").write_text("items: [\n", encoding="utf-8")
    result = run_cli("check", cwd=repo)
    assert result.code == 3 and "catalog.yaml:" in result.err


def test_check_needs_a_catalogue(repo, run_cli):
    (repo / "catalog.yaml").unlink()
    result = run_cli("check", cwd=repo)
    assert result.code == 3 and "找不到事项目录" in result.err


@pytest.mark.parametrize(("today", "rules"), [
    ("2017-05-30", []),
    ("2017-05-31", ["D701"] * 7),
    ("2017-07-01", ["D701", "D702"] * 7),
])
def test_deadlines_with_today(repo, run_cli, today, rules):
    result = run_cli("check", "--today", today, cwd=repo)
    assert sorted(rule for _, rule in located(result.out)) == sorted(rules)
    assert result.code == (1 if rules else 0)


@pytest.mark.parametrize(("today", "rule"), [("2017-06-10", "D701"), ("2017-07-10", "D702")])
def test_department_deadlines(repo_with, run_cli, today, rule):
    # 区民政局 (mz) submits by 2017-06-15 and publishes by 2017-07-15; the others by 05-30 and 06-30.
    result = run_cli("check", "--today", today, cwd=repo_with("department_deadline"))
    late = {path.split("/")[1] for path, found in located(result.out) if found == rule}
    assert late == {"fg", "sw", "wj"}


def test_late_dates_are_findings_at_the_date(repo, run_cli):
    path = repo / "measures" / "mz" / "T-BL-001.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "  status: 起草", "  status: 已报送\n  submitted: 2017-06-02\n  # 迟报")
    path.write_text(text, encoding="utf-8")
    result = run_cli("check", "--today", "2017-06-10", cwd=repo)
    line = next(line for line in result.out.splitlines() if line.startswith("measures/mz/T-BL-001.yaml"))
    assert re.match(r"measures/mz/T-BL-001\.yaml:61:14: error D701 报送区编办审核日期 2017-06-02 晚于期限", line)


def test_bad_today_is_a_usage_error(repo, run_cli):
    result = run_cli("check", "--today", "6月1日", cwd=repo)
    assert result.code == 2 and "--today" in result.err


def test_strict_fails_on_warnings(repo, run_cli):
    path = repo / "measures" / "mz" / "T-BL-001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("main: 分管副局长", "main: 局长"), encoding="utf-8")
    assert run_cli("check", "--today", BEFORE_DEADLINES, cwd=repo).code == 0
    assert run_cli("check", "--today", BEFORE_DEADLINES, "--strict", cwd=repo).code == 1


def test_check_and_status_leave_the_repository_byte_identical(repo_with, run_cli, tmp_path):
    repo = repo_with("missing")
    before = tree_digest(repo)
    for args in (("check",), ("check", "-f", "json"), ("check", "-f", "junit"), ("status",), ("status", "-f", "csv")):
        run_cli(*args, cwd=repo)
    run_cli("check", "-f", "sarif", "--output", str(tmp_path / "report.sarif"), cwd=repo)
    assert tree_digest(repo) == before


def test_five_hundred_measures_three_missing(tmp_path, run_cli):
    sys.path.insert(0, str(PROJECT / "bench"))
    from generate import generate

    repo = tmp_path / "district"
    generate(repo, 500)
    assert run_cli("check", "-f", "json", cwd=repo).code == 0
    removed = sorted(repo.glob("measures/*/*.yaml"))[10:13]
    for path in removed:
        path.unlink()
    result = run_cli("check", "-f", "json", cwd=repo)
    assert result.code == 1
    report = json.loads(result.out)
    assert sorted(item["code"] for item in report["coverage"]["missing"]) == sorted(p.stem for p in removed)
    assert [f["rule"] for f in report["findings"]] == ["V901"] * 3
    assert report["coverage"]["covered"] == 497 and report["summary"]["files"] == 497


def test_a_copied_file_says_item_code_was_not_changed(repo_with, run_cli):
    repo = repo_with("missing")  # T-BL-003 has no measure yet
    source = repo / "measures" / "mz" / "T-BL-001.yaml"
    (repo / "measures" / "mz" / "T-BL-003.yaml").write_bytes(source.read_bytes())
    report = json.loads(run_cli("check", "-f", "json", "--today", "2017-05-01", cwd=repo).out)
    (copied,) = [f for f in report["findings"] if f["rule"] == "C303"]
    assert copied["path"] == "measures/mz/T-BL-003.yaml"
    assert "item.code" in copied["message"] and "T-BL-003" in copied["message"] and "复制" in copied["message"]
    assert "应为 measures/mz/T-BL-001.yaml" not in copied["message"], "not a wrong place pointing at a file that exists"
