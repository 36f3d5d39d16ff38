"""Runs every rule case in tests/rules/cases/*.yaml: the expected (line, column) of each finding."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from ruamel.yaml import YAML

import datetime as dt

from conftest import FIXTURE_REPO
from jianguan_cli.linting import lint_files, prepare_run, settings_findings
from jianguan_cli.linting.check import run_check
from jianguan_cli.linting.files import collect_files
from jianguan_cli.rules import CATALOG, DEADLINE, REPOSITORY, RULES
from jianguan_cli.settings import SettingsError, load_settings

CASES_DIR = Path(__file__).parent / "cases"
DEFAULT_PATH = "measures/mz/T-BL-001.yaml"


def _case_files() -> dict[str, dict]:
    yaml = YAML(typ="safe")
    return {path.stem: yaml.load(path.read_text(encoding="utf-8")) for path in sorted(CASES_DIR.glob("*.yaml"))}


CASE_FILES = _case_files()
ALL_CASES = [
    pytest.param(rule_id, case, id=f"{rule_id}-{case['name']}")
    for rule_id, content in CASE_FILES.items()
    for case in content["cases"]
]


def case_repository(root: Path, rule_id: str, case: dict) -> Path:
    """A repository for one case: the fixture's catalogue (or the case's) and settings that
    switch every rule off but `rule_id`, as a user would to look at one rule."""
    root.mkdir()
    others = "\n".join(f"{other} = \"off\"" for other in sorted(RULES) if other != rule_id)
    settings = (FIXTURE_REPO / "jianguan.toml").read_text(encoding="utf-8")
    (root / "jianguan.toml").write_text(f"{settings}\n[rules]\n{others}\n", encoding="utf-8")
    catalog = case.get("catalog", (FIXTURE_REPO / "catalog.yaml").read_text(encoding="utf-8"))
    (root / "catalog.yaml").write_text(catalog, encoding="utf-8")
    files = dict(case.get("measures", {}))
    if "measure" in case:
        files[case.get("path", DEFAULT_PATH)] = case["measure"].encode(case.get("encoding", "utf-8"))
    for path, content in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return root


def findings_for(root: Path, rule_id: str, case: dict):
    """The findings of a run of lint (check, for catalogue, repository and deadline rules)."""
    settings = load_settings(root, RULES)
    if RULES[rule_id].stage in (CATALOG, REPOSITORY, DEADLINE):
        today = dt.date.fromisoformat(str(case.get("today", "2017-05-01")))
        found = run_check(settings, today, jobs=1, use_cache=False)[0].findings
    else:
        catalog, _, _ = prepare_run(settings, None, use_cache=False)
        found = lint_files(settings, catalog, collect_files([], settings.measures_path), jobs=1).findings
    if rule_id == "S202":  # keys missing from the whole file are not part of a snippet's case
        found = [f for f in found if f.data_path]
    return found


def settings_findings_for(tmp_path: Path, text: str):
    """The finding an unusable jianguan.toml gives."""
    (tmp_path / "jianguan.toml").write_text(text, encoding="utf-8")
    try:
        load_settings(tmp_path, RULES)
    except SettingsError as error:
        return settings_findings(error)
    return []


ENTRIES = {
    "folder": lambda path: path.mkdir(),
    "dangling": lambda path: path.symlink_to(path.parent / "nowhere.yaml"),
    "loop": lambda path: path.symlink_to(path),
    "fifo": lambda path: os.mkfifo(path),
    "outside": lambda path: path.symlink_to(FIXTURE_REPO / "measures" / "mz" / "T-BL-001.yaml"),
    "file": lambda path: path.write_bytes((FIXTURE_REPO / "measures" / "mz" / "T-BL-001.yaml").read_bytes()),
}


def entry_findings_for(root: Path, rule_id: str, kind: str):
    """The findings for a file-system entry where a measure should be."""
    path = case_repository(root, rule_id, {}) / DEFAULT_PATH
    path.parent.mkdir(parents=True)
    ENTRIES[kind](path)
    return findings_for(root, rule_id, {})


@pytest.mark.parametrize(("rule_id", "case"), ALL_CASES)
def test_rule_case(rule_id, case, tmp_path):
    if "settings" in case:
        found = settings_findings_for(tmp_path, case["settings"])
    elif "entry" in case:
        found = entry_findings_for(tmp_path / "repo", rule_id, case["entry"])
    else:
        found = findings_for(case_repository(tmp_path / "repo", rule_id, case), rule_id, case)
    assert {f.rule for f in found} <= {rule_id}, "only the rule under test is enabled"
    if RULES[rule_id].stage in (CATALOG, REPOSITORY):
        actual = [[f.line, f.column] if f.path == "catalog.yaml" else [f.path, f.line, f.column] for f in found]
    else:
        actual = [[f.line, f.column] for f in found]
    assert sorted(actual, key=str) == sorted(case["expect"], key=str)
    for finding in found:
        assert finding.message and finding.hint, "every finding says what is wrong and how to fix it"


def test_case_files_name_their_rule():
    for rule_id, content in CASE_FILES.items():
        assert content["rule"] == rule_id


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_every_rule_has_a_failing_and_a_passing_case(rule_id):
    cases = CASE_FILES.get(rule_id, {}).get("cases", [])
    assert any(case["expect"] for case in cases), f"{rule_id} has no failing case"
    assert any(not case["expect"] for case in cases), f"{rule_id} has no passing case"
