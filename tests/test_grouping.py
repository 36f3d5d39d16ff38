"""The text report folds a file's identical findings; every machine format keeps each one."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

MEASURE = Path("measures") / "mz" / "T-BL-001.yaml"
T601 = "error T601 还有没填写的占位符“待填写”"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def with_objects(repo: Path, objects: str) -> Path:
    """The fixture measure with its `objects:` list replaced by `objects` (YAML text)."""
    path = repo / MEASURE
    text = path.read_text(encoding="utf-8")
    old = "objects:\n  - 取得养老机构设立许可的行政相对人\n"
    assert old in text
    path.write_text(text.replace(old, f"objects:{objects}\n"), encoding="utf-8")
    return path


def items(*values: str) -> str:
    return "".join(f"\n  - {value}" for value in values)


def test_a_files_repeated_placeholders_become_one_entry_with_their_lines(repo, run_cli):
    with_objects(repo, items(*["待填写"] * 4))
    run = run_cli("lint", str(MEASURE), cwd=repo)
    assert run.code == 1
    assert run.out.count(T601) == 1 and run.out.count("提示：把占位符替换为实际内容。") == 1
    assert f"{MEASURE.as_posix()}:12:5: {T601}\n    提示：把占位符替换为实际内容。\n    同样的问题还有 3 处：行 13、14、15。\n" in run.out
    assert "发现 4 个错误" in run.out  # the summary still counts every finding


def test_no_group_lists_every_finding(repo, run_cli):
    with_objects(repo, items(*["待填写"] * 4))
    run = run_cli("lint", "--no-group", str(MEASURE), cwd=repo)
    assert run.code == 1 and run.out.count(T601) == 4 and "同样的问题" not in run.out
    assert [int(n) for n in re.findall(r":(\d+):5: error T601", run.out)] == [12, 13, 14, 15]


def test_different_messages_of_one_rule_all_show(repo, run_cli):
    with_objects(repo, items("待填写", "TODO", "待填写", "TODO", "×××"))
    run = run_cli("lint", str(MEASURE), cwd=repo)
    lines = [line for line in run.out.splitlines() if " T601 " in line]
    assert lines == [f"{MEASURE.as_posix()}:12:5: {T601}",
                     f"{MEASURE.as_posix()}:13:5: error T601 还有没填写的占位符“TODO”",
                     f"{MEASURE.as_posix()}:16:5: error T601 还有没填写的占位符“×××”"]
    assert "同样的问题还有 1 处：行 14。" in run.out and "同样的问题还有 1 处：行 15。" in run.out


@pytest.mark.parametrize(("repeats", "listed"), [
    (10, "行 13、14、15、16、17、18、19、20、21、22。"),
    (11, "行 13、14、15、16、17、18、19、20、21、22 等。"),
])
def test_at_most_ten_lines_are_listed(repo, run_cli, repeats, listed):
    with_objects(repo, items(*["待填写"] * (repeats + 1)))
    run = run_cli("lint", str(MEASURE), cwd=repo)
    assert f"同样的问题还有 {repeats} 处：{listed}\n" in run.out


def test_two_on_one_line_are_told_apart_by_column(repo, run_cli):
    path = with_objects(repo, " [待填写, 待填写]")
    path.write_text(path.read_text(encoding="utf-8").replace("responsible_unit: 业务科", "responsible_unit: 待填写"),
                    encoding="utf-8")
    run = run_cli("lint", str(MEASURE), cwd=repo)
    assert f"{MEASURE.as_posix()}:7:19: {T601}" in run.out
    assert "同样的问题还有 2 处：行 11:11、11:16。" in run.out


def test_problems_in_several_files_are_summed_up_before_the_summary(repo, run_cli):
    with_objects(repo, items("待填写", "待填写"))
    other = repo / "measures" / "wj" / "T-QZ-001.yaml"
    other.write_text(other.read_text(encoding="utf-8").replace("responsible_unit: ", "responsible_unit: 待填写", 1),
                     encoding="utf-8")
    run = run_cli("lint", cwd=repo)
    assert "多个文件中都有的问题：\n    T601 还有没填写的占位符“待填写”：2 个文件中共 3 处\n\n检查了" in run.out
    assert "多个文件中都有的问题" not in run_cli("lint", "--no-group", cwd=repo).out
    assert "多个文件中都有的问题" not in run_cli("lint", str(MEASURE), cwd=repo).out


def test_colours_on_a_terminal_say_the_same_as_plain_text(repo, run_cli):
    with_objects(repo, items(*["待填写"] * 3))
    plain = run_cli("lint", str(MEASURE), cwd=repo).out
    coloured = run_cli("lint", str(MEASURE), cwd=repo, env={"FORCE_COLOR": "1", "COLUMNS": "400"}).out
    assert ANSI.search(coloured) and ANSI.sub("", coloured) == plain


def test_check_folds_too_and_its_output_file_as_well(repo, run_cli, tmp_path):
    with_objects(repo, items(*["待填写"] * 3))
    run = run_cli("check", "--today", "2017-05-01", cwd=repo)
    assert run.out.count(T601) == 1 and "同样的问题还有 2 处：行 13、14。" in run.out
    report = tmp_path / "report.txt"
    run_cli("check", "--today", "2017-05-01", "--output", str(report), cwd=repo)
    assert report.read_text(encoding="utf-8") == run.out
    run_cli("check", "--today", "2017-05-01", "--no-group", "--output", str(report), cwd=repo)
    assert report.read_text(encoding="utf-8").count(T601) == 3


def _count(name: str, text: str) -> int:
    if name == "json":
        return len(json.loads(text)["findings"])
    if name == "gitlab":
        return len(json.loads(text))
    if name == "sarif":
        return len(json.loads(text)["runs"][0]["results"])
    if name == "github":
        return sum(line.startswith("::error ") for line in text.splitlines())
    return sum(failure.text.count(" error T601 ") for failure in ET.fromstring(text).iter("failure"))


@pytest.mark.parametrize("name", ["json", "gitlab", "sarif", "github", "junit"])
def test_machine_formats_keep_every_finding(repo, run_cli, name):
    with_objects(repo, items(*["待填写"] * 4))
    run = run_cli("lint", "--format", name, str(MEASURE), cwd=repo)
    assert run.code == 1 and _count(name, run.out) == 4


def test_a_broken_catalogue_is_folded_on_stderr_too(repo, run_cli):
    catalog = repo / "catalog.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("co_departments:", "co_departmnts:"),
                       encoding="utf-8")
    grouped = run_cli("check", cwd=repo)
    assert grouped.code == 3 and grouped.err.count("未知的键 co_departmnts") == 1
    assert re.search(r"    同样的问题还有 \d+ 处：行 \d+", grouped.err)
    listed = run_cli("check", "--no-group", cwd=repo)
    assert listed.code == 3 and listed.err.count("未知的键 co_departmnts") > 1 and "同样的问题" not in listed.err
