"""Every input of the official YAML test suite, linted as a measure: findings or clean, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURE_REPO, YAML_TEST_SUITE, needs_shared
from jianguan_cli.linting import MeasureLinter, open_catalog
from jianguan_cli.settings import load_settings

CASES = sorted(YAML_TEST_SUITE.rglob("in.yaml")) if YAML_TEST_SUITE.is_dir() else []
pytestmark = needs_shared("yaml-test-suite", "cases")


@pytest.fixture(scope="module")
def linter() -> MeasureLinter:
    settings = load_settings(FIXTURE_REPO)
    return MeasureLinter(settings, open_catalog(settings))


def _case_id(path: Path) -> str:
    return str(path.parent.relative_to(YAML_TEST_SUITE))


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_yaml_suite_case(linter, case):
    findings = linter.lint_file(case)
    line_count = case.read_bytes().count(b"\n") + 1
    for finding in findings:
        assert finding.message and finding.rule
        assert 1 <= finding.line <= line_count, finding
    if (case.parent / "error").exists():
        # Invalid YAML: at least one finding (a measure cannot be made of it either way).
        assert findings, "invalid YAML passed as a clean measure"


# Invalid YAML that libyaml (the C parser) accepts. They still fail the measure schema (the
# per-case test above checks that), but no YAML syntax error is reported for them.
LIBYAML_LENIENT = {"9C9N", "9JBA", "CVW2", "G5U8", "MUS6/00", "QB6E", "S98Z", "SU5Z", "X4QW", "YJV2"}


def test_every_other_invalid_case_is_a_yaml_error(linter):
    invalid = [case for case in CASES if (case.parent / "error").exists()]
    unreported = {_case_id(case) for case in invalid
                  if not any(f.rule.startswith("Y") for f in linter.lint_file(case))}
    assert unreported == LIBYAML_LENIENT


@pytest.fixture(scope="module")
def formatter():
    from jianguan_cli.authoring.formatting import Formatter
    from jianguan_cli.resources import load_schema
    from jianguan_cli.schema import SchemaIndex

    return Formatter(SchemaIndex(load_schema("measure")))


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_fmt_never_changes_the_data_of_a_case(formatter, case):
    from jianguan_cli.authoring.formatting import FormatRefused
    from jianguan_cli.loading import load_bytes

    raw = case.read_bytes()
    try:
        text = formatter.format(raw, "# yaml-language-server: $schema=x.json").text
    except FormatRefused as refusal:
        assert str(refusal) and refusal.line >= 1
        return
    assert not (case.parent / "error").exists() or _case_id(case) in LIBYAML_LENIENT, "invalid YAML formatted"
    before = load_bytes(raw, "in.yaml", formatter.index.keys)
    after = load_bytes(text.encode("utf-8"), "in.yaml", formatter.index.keys)
    assert after.parsed and after.data == before.data
    assert formatter.format(text.encode("utf-8"), "# yaml-language-server: $schema=x.json").text == text
