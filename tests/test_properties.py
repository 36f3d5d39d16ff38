"""Property tests: untrusted input never crashes the loader or the linter, positions stay in the file."""

from __future__ import annotations


import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURE_REPO
from jianguan_cli.linting import MeasureLinter, open_catalog
from jianguan_cli.loading import load_bytes
from jianguan_cli.settings import load_settings

VALID = (FIXTURE_REPO / "measures" / "wj" / "T-QZ-001.yaml").read_text(encoding="utf-8")
YAMLISH = st.text(alphabet=st.sampled_from(list("ab:- \n\t#&*[]{},'\"|>!%@`：　中文0123456789.~")), max_size=300)


@pytest.fixture(scope="module")
def linter() -> MeasureLinter:
    settings_ = load_settings(FIXTURE_REPO)
    return MeasureLinter(settings_, open_catalog(settings_))


def assert_positions_inside(findings, text: str) -> None:
    lines = text.count("\n") + 1
    for finding in findings:
        assert 1 <= finding.line <= lines and finding.column >= 1, finding


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=400))
def test_random_bytes_never_crash(linter, raw):
    doc = load_bytes(raw, "x.yaml", linter.schema.index.keys)
    findings = linter.lint_document(doc)
    assert doc.parsed or findings


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=YAMLISH)
def test_yaml_like_text_never_crashes_and_positions_are_in_the_file(linter, text):
    findings = linter.lint_document(load_bytes(text.encode(), "x.yaml", linter.schema.index.keys))
    assert_positions_inside(findings, text)


REPLACEMENTS = st.one_of(
    st.sampled_from(["", "~", "[]", "{}", "0", "-1", "120", "true", "×××", "2017-02-30", "'  '", "[a, a]",
                     "{not_applicable: 无}", "TODO", "七民发[2017]01号", "区工商局", "起草"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20).map(
        lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'),
)


LINE_INDEXES = st.integers(min_value=0, max_value=VALID.count("\n") - 1)


def mutated(line_index: int, value: str) -> str:
    """The valid measure with the value on one line (a mapping value or a list item) replaced."""
    lines = VALID.split("\n")
    line = lines[line_index]
    if ": " in line:
        lines[line_index] = line.split(": ", 1)[0] + ": " + value
    elif line.lstrip().startswith("- "):
        lines[line_index] = line[: line.index("- ") + 2] + value
    return "\n".join(lines)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(line_index=LINE_INDEXES, value=REPLACEMENTS)
def test_mutating_one_value_gives_findings_inside_the_file(linter, line_index, value):
    text = mutated(line_index, value)
    findings = linter.lint_document(load_bytes(text.encode(), "measures/wj/T-QZ-001.yaml", linter.schema.index.keys))
    assert_positions_inside(findings, text)
    for finding in findings:
        assert finding.message and finding.hint


def test_the_unmutated_measure_is_clean(linter):
    doc = load_bytes(VALID.encode(), "measures/wj/T-QZ-001.yaml", linter.schema.index.keys)
    assert linter.lint_document(doc) == []
