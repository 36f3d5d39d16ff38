"""The editor's findings are exactly the terminal's: `jianguan lint` for measures, `check` for the catalogue."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import PROJECT, copy_demo
from lsp_support import VARIANTS, saved, variant
from jianguan_cli.findings import Finding
from jianguan_cli.lsp.engine import CATALOGUE, MEASURE, lint_text, open_project, project_root

TEXT_FINDING = re.compile(r"^(?P<path>\S+):(?P<line>\d+):(?P<column>\d+): (?:error|warning) (?P<rule>[A-Z]\d{3}) ", re.M)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return copy_demo(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def demo_project(demo):
    return open_project(demo)


def as_dicts(findings: list[Finding]) -> list[dict]:
    return [finding.as_dict() for finding in findings]


def lint_json(run_cli, repo, *paths) -> list[dict]:
    run = run_cli("lint", "--format", "json", "--no-cache", *paths, cwd=repo)
    assert run.code in (0, 1), run.err
    return json.loads(run.out)["findings"]


def test_every_demo_measure_gets_what_lint_reports(demo, demo_project, run_cli):
    project = demo_project
    files = sorted((demo / "measures").rglob("*.yaml"))
    assert len(files) >= 40
    editor = [f for path in files for f in as_dicts(lint_text(project, path, path.read_text(encoding="utf-8")))]
    assert editor == lint_json(run_cli, demo) == []


@pytest.mark.parametrize("case", VARIANTS, ids=lambda case: case.name)
def test_a_broken_measure_gets_what_lint_reports(tmp_path, run_cli, case):
    repo = copy_demo(tmp_path)
    path = saved(repo, case)
    expected = lint_json(run_cli, repo, case.path)
    editor_text = path.read_bytes().decode("utf-8")
    assert as_dicts(lint_text(open_project(repo), path, editor_text)) == expected
    assert case.expected <= {f["rule"] for f in expected}, "the variant makes the mistake it is named after"


def test_rule_settings_apply_in_the_editor_too(tmp_path, run_cli):
    repo = copy_demo(tmp_path)
    toml = repo / "jianguan.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("[rules]\n", '[rules]\nM401 = "warning"\nY103 = "off"\n'),
                    encoding="utf-8")
    path = saved(repo, variant("全角冒号和缺少要点"))
    found = as_dicts(lint_text(open_project(repo), path, path.read_text(encoding="utf-8")))
    assert found == lint_json(run_cli, repo, variant("全角冒号和缺少要点").path)
    assert [(f["rule"], f["severity"]) for f in found] == [("M401", "warning")]


def test_the_catalogue_gets_what_check_reports_about_it(repo_with, run_cli):
    repo = repo_with("broken_catalog")
    run = run_cli("check", "--format", "json", "--no-cache", "--today", "2017-05-01", cwd=repo)
    expected = [f for f in json.loads(run.out)["findings"] if f["path"] == "catalog.yaml" and f["rule"][0] != "V"]
    catalog = repo / "catalog.yaml"
    found = as_dicts(lint_text(open_project(repo), catalog, catalog.read_text(encoding="utf-8")))
    assert found == expected and {"K801", "K802"} <= {f["rule"] for f in found}


def test_a_catalogue_that_breaks_the_schema_gets_what_check_prints(repo, run_cli):
    catalog = repo / "catalog.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("departments:", "departmnts:"), encoding="utf-8")
    run = run_cli("check", "--no-cache", "--no-group", cwd=repo)
    assert run.code == 3
    printed = [(m["path"], int(m["line"]), int(m["column"]), m["rule"]) for m in TEXT_FINDING.finditer(run.err)]
    project = open_project(repo)
    found = lint_text(project, catalog, catalog.read_text(encoding="utf-8"))
    assert [(f.path, f.line, f.column, f.rule) for f in found] == printed and printed
    assert "事项目录" in project.problem and "catalog.yaml:" in project.problem


def test_with_a_broken_catalogue_measures_are_linted_without_it(repo, run_cli):
    (repo / "catalog.yaml").write_text("items: [\n", encoding="utf-8")
    project = open_project(repo)
    assert project.catalog is None and "与事项目录有关的规则已跳过" in project.problem
    measure = repo / "measures" / "mz" / "T-BL-001.yaml"
    assert lint_text(project, measure, measure.read_text(encoding="utf-8")) == []


def test_broken_settings_stop_checking_and_say_why(repo):
    (repo / "jianguan.toml").write_text("[rules]\nM999 = 'off'\n", encoding="utf-8")
    project = open_project(repo)
    assert project.settings is None and "M999" in project.problem
    assert project.kind_of(repo / "measures" / "mz" / "T-BL-001.yaml", "") is None


def test_without_settings_the_workspace_folder_is_the_repository(tmp_path, run_cli):
    # every setting is optional: the editor's folder plays the part of lint's working folder
    repo = copy_demo(tmp_path / "demo")
    (repo / "jianguan.toml").unlink()
    case = variant("全角冒号和缺少要点")
    path = saved(repo, case)
    assert project_root(path) == path.parent
    root = project_root(path, [tmp_path, repo])
    assert root == repo
    found = as_dicts(lint_text(open_project(root), path, path.read_text(encoding="utf-8")))
    assert found == lint_json(run_cli, repo, case.path) and {"Y103", "M401"} <= {f["rule"] for f in found}


def test_only_measures_and_the_catalogue_are_checked(demo, demo_project):
    project = demo_project
    assert project.kind_of(demo / "catalog.yaml", "") == CATALOGUE
    assert project.kind_of(demo / "measures" / "mz" / "QLH-MZ-004.yaml", "") == MEASURE
    assert project.kind_of(demo / ".github" / "workflows" / "jianguan.yml", "name: ci") is None
    draft = "# yaml-language-server: $schema=schemas/measure.schema.json\n"
    assert project.kind_of(demo / "草稿.yaml", draft) == MEASURE


LINES = (PROJECT / "measures" / "mz" / "QLH-MZ-004.yaml").read_text(encoding="utf-8").split("\n")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, len(LINES) - 1), st.sampled_from(["：", "\t", "\u3000", "@", "- ", "待填写", "#", ""]),
       st.integers(0, 40))
def test_any_edit_gets_what_the_engine_reports_for_the_saved_file(demo, demo_project, line, inserted, column):
    # the editor's text and the same text saved to disk give the same findings
    edited = LINES.copy()
    edited[line] = edited[line][:column] + inserted + edited[line][column:]
    text = "\n".join(edited)
    path = demo / "measures" / "mz" / "QLH-MZ-004.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        assert lint_text(demo_project, path, text) == demo_project.linter.lint_file(path)
    finally:
        shutil.copy(PROJECT / "measures" / "mz" / "QLH-MZ-004.yaml", path)


def test_a_clean_catalogue_has_no_findings(repo):
    catalog = repo / "catalog.yaml"
    assert lint_text(open_project(repo), catalog, catalog.read_text(encoding="utf-8")) == []
