"""The compiled fast path accepts exactly what jsonschema (Draft 2020-12) accepts, on every fixture."""

from __future__ import annotations


import pytest
from hypothesis import HealthCheck, given, settings
from ruamel.yaml import YAML

from conftest import FIXTURES, PROJECT, TESTS, YAML_TEST_SUITE
from jianguan_cli.loading import load_bytes
from jianguan_cli.resources import load_schema
from jianguan_cli.schema import SchemaChecker
from test_properties import LINE_INDEXES, REPLACEMENTS, VALID, mutated

MEASURE = SchemaChecker(load_schema("measure"))
CATALOG = SchemaChecker(load_schema("catalog"))


def parsed(raw: bytes):
    doc = load_bytes(raw, "x.yaml", frozenset())
    return doc.data if doc.parsed else None


def corpus() -> list[tuple[str, object]]:
    """(name, data) of every YAML document the tests use: files, rule snippets, suite inputs."""
    files = [*PROJECT.glob("measures/**/*.yaml"), *FIXTURES.rglob("*.yaml"), PROJECT / "catalog.yaml"]
    if YAML_TEST_SUITE.is_dir():
        files += YAML_TEST_SUITE.rglob("in.yaml")
    found = [(str(path), parsed(path.read_bytes())) for path in files]
    yaml = YAML(typ="safe")
    for case_file in sorted((TESTS / "rules" / "cases").glob("*.yaml")):
        for case in yaml.load(case_file.read_text(encoding="utf-8"))["cases"]:
            for key in ("measure", "catalog"):
                if key in case:
                    found.append((f"{case_file.stem}: {case['name']}", parsed(case[key].encode())))
    return [(name, data) for name, data in found if data is not None]


CORPUS = corpus()


@pytest.mark.parametrize("checker", [MEASURE, CATALOG], ids=["measure", "catalog"])
def test_fast_path_agrees_on_the_whole_corpus(checker):
    assert len(CORPUS) >= 100, "fixtures and rule snippets alone give over a hundred documents"
    disagreements = [name for name, data in CORPUS if checker.is_valid(data) != checker.reference.is_valid(data)]
    assert disagreements == []
    assert any(checker.is_valid(data) for _, data in CORPUS), "the corpus has valid documents too"


def test_corpus_has_both_valid_and_invalid_measures():
    verdicts = {MEASURE.is_valid(data) for _, data in CORPUS}
    assert verdicts == {True, False}


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(line_index=LINE_INDEXES, value=REPLACEMENTS)
def test_fast_path_agrees_on_mutated_measures(line_index, value):
    data = parsed(mutated(line_index, value).encode())
    if data is not None:
        assert MEASURE.is_valid(data) == MEASURE.reference.is_valid(data)


@pytest.mark.parametrize("value", ["2017-02-29", "2016-02-29", "2017-13-01", "２０１７-01-01", "2017-1-1", "20170101"])
def test_dates_are_judged_alike(value):
    data = parsed(VALID.replace("status: 起草", f"status: 起草\n  submitted: '{value}'").encode())
    assert MEASURE.is_valid(data) == MEASURE.reference.is_valid(data)
