"""Runs every rule case in tests/rules/cases/*.yaml: the expected (line, column) of each finding."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from ruamel.yaml import YAML

import datetime as dt

from conftest import FIXTURE_REPO
from jianguan_cli.catalog import parse_catalog
from jianguan_cli.coverage import compute_coverage
from jianguan_cli.linting import MeasureLinter, open_catalog, settings_findings
from jianguan_cli.loading import load_bytes, load_file
from jianguan_cli.rules import CATALOG, REPOSITORY, RULES, RepositoryContext
from jianguan_cli.settings import SettingsError, load_settings
from jianguan_cli.summary import summarize

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


@pytest.fixture(scope="module")
def linter() -> MeasureLinter:
    settings = load_settings(FIXTURE_REPO)
    return MeasureLinter(settings, open_catalog(settings))


def findings_for(linter: MeasureLinter, rule_id: str, case: dict):
    """The findings of `rule_id` alone on the case's measure snippet (or repository)."""
    if RULES[rule_id].stage in (CATALOG, REPOSITORY):
        return repository_findings_for(linter, rule_id, case)
    if "today" in case:
        linter = MeasureLinter(linter.settings, linter.catalog, dt.date.fromisoformat(str(case["today"])))
    raw = case["measure"].encode(case.get("encoding", "utf-8"))
    doc = load_bytes(raw, case.get("path", DEFAULT_PATH), linter.schema.index.keys)
    if rule_id.startswith("Y"):
        return [p for p in doc.problems if p.rule == rule_id]
    assert doc.parsed, f"case measure does not parse: {doc.problems}"
    problems = [p for p in linter.problems_of(doc) if p.rule == rule_id]
    if rule_id == "S202":  # keys missing from the whole file are not part of a snippet's case
        problems = [p for p in problems if p.path != ()]
    return [linter.place(doc, p) for p in problems]


def repository_findings_for(linter: MeasureLinter, rule_id: str, case: dict):
    """Run a repository rule on the case's catalogue and measure snippets."""
    catalog = parse_catalog(case["catalog"].encode(), "catalog.yaml")
    measures = [summarize(load_bytes(text.encode(), path, linter.schema.index.keys))
                for path, text in case.get("measures", {}).items()]
    coverage = compute_coverage(catalog, measures, linter.settings, "measures", dt.date(2017, 5, 1))
    return list(RULES[rule_id].check(RepositoryContext(catalog, coverage)))


def settings_findings_for(tmp_path: Path, text: str):
    """The finding an unusable jianguan.toml gives."""
    (tmp_path / "jianguan.toml").write_text(text, encoding="utf-8")
    try:
        load_settings(tmp_path)
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


def entry_findings_for(tmp_path: Path, kind: str):
    """The loader's findings for a file-system entry where a measure should be."""
    path = tmp_path / "T-BL-001.yaml"
    ENTRIES[kind](path)
    return load_file(path, DEFAULT_PATH, frozenset(), root=tmp_path).problems


@pytest.mark.parametrize(("rule_id", "case"), ALL_CASES)
def test_rule_case(linter, rule_id, case, tmp_path):
    if "settings" in case:
        found = settings_findings_for(tmp_path, case["settings"])
    elif "entry" in case:
        found = entry_findings_for(tmp_path, case["entry"])
    else:
        found = findings_for(linter, rule_id, case)
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
