"""Runs every rule case in tests/rules/cases/*.yaml: the expected (line, column) of each finding."""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import FIXTURE_REPO
from jianguan_cli.linting import MeasureLinter, open_catalog
from jianguan_cli.loading import load_bytes
from jianguan_cli.rules import RULES
from jianguan_cli.settings import load_settings

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
    """The findings of `rule_id` alone on the case's measure snippet."""
    raw = case["measure"].encode(case.get("encoding", "utf-8"))
    doc = load_bytes(raw, case.get("path", DEFAULT_PATH), linter.schema.index.keys)
    if rule_id.startswith("Y"):
        return [p for p in doc.problems if p.rule == rule_id]
    assert doc.parsed, f"case measure does not parse: {doc.problems}"
    problems = [p for p in linter.problems_of(doc) if p.rule == rule_id]
    if rule_id == "S202":  # keys missing from the whole file are not part of a snippet's case
        problems = [p for p in problems if p.path != ()]
    return [linter.place(doc, p) for p in problems]


@pytest.mark.parametrize(("rule_id", "case"), ALL_CASES)
def test_rule_case(linter, rule_id, case):
    found = findings_for(linter, rule_id, case)
    assert sorted([f.line, f.column] for f in found) == sorted(case["expect"])
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
