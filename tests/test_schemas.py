"""The JSON Schemas: valid, fully documented in Chinese, and in step with SPEC §3-4."""

from __future__ import annotations

import json
import zipfile
import subprocess
import sys

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from conftest import FIXTURE_REPO, PROJECT
from jianguan_cli.loading import load_file
from jianguan_cli.resources import SCHEMA_NAMES, load_schema, schema_dir
from jianguan_cli.schema import SchemaIndex

MEASURE_KEYS = [
    "schema_version", "item", "responsible_unit", "basis", "objects", "content", "methods", "actions",
    "procedure", "handling", "collaboration", "plan", "requirements", "responsibility", "disclosure",
    "credit", "complaints", "review", "effective_date", "revisions",
]


def documented_properties(node, path=()):
    """(path, subschema) for every property declared anywhere in a schema."""
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            yield (*path, name), sub
            yield from documented_properties(sub, (*path, name))
        for key, value in node.items():
            if key != "properties":
                yield from documented_properties(value, (*path, key))
    elif isinstance(node, list):
        for value in node:
            yield from documented_properties(value, path)


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schema_is_valid_draft_2020_12(name):
    Draft202012Validator.check_schema(load_schema(name))


def test_schemas_come_from_the_top_level_folder():
    assert schema_dir() == PROJECT / "schemas"


def resolved_properties(name: str):
    """(path, property schema with `$ref` merged in, whole schema) for every property of a schema."""
    schema = load_schema(name)
    index = SchemaIndex(schema)
    for path, sub in documented_properties(schema):
        yield path, index.resolve(sub), schema


@pytest.mark.parametrize("name", ["measure", "catalog"])
def test_every_property_has_chinese_title_description_and_example(name):
    for path, sub, _ in resolved_properties(name):
        assert sub.get("title"), path
        assert any("\u4e00" <= ch <= "\u9fff" for ch in sub["title"]), path
        assert sub.get("description"), path
        assert sub.get("examples"), f"{path} has no example"


@pytest.mark.parametrize("name", ["measure", "catalog"])
def test_every_example_is_valid_for_its_property(name):
    for path, sub, schema in resolved_properties(name):
        validator = Draft202012Validator({**sub, "$defs": schema.get("$defs", {})}, format_checker=FormatChecker())
        for example in sub["examples"]:
            assert not list(validator.iter_errors(example)), (path, example)


def test_measure_keys_follow_the_document_order_of_spec():
    assert list(load_schema("measure")["properties"]) == MEASURE_KEYS


def test_action_kinds_are_the_seven_of_the_seed():
    actions = load_schema("measure")["properties"]["actions"]
    assert actions["required"] == list(actions["properties"]) and len(actions["required"]) == 7


def test_demo_and_fixture_measures_are_schema_valid():
    validator = Draft202012Validator(load_schema("measure"), format_checker=FormatChecker())
    files = sorted((PROJECT / "measures").rglob("*.yaml")) + sorted((FIXTURE_REPO / "measures").rglob("*.yaml"))
    assert len(files) >= 16
    for path in files:
        doc = load_file(path, path.name, frozenset())
        assert list(validator.iter_errors(doc.data)) == [], path


def test_wheel_ships_the_schemas(tmp_path):
    pytest.importorskip("hatchling")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path),
         str(PROJECT)], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    wheel = next(tmp_path.glob("jianguan-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for name in SCHEMA_NAMES:
        shipped = json.loads(zipfile.ZipFile(wheel).read(f"jianguan_cli/schemas/{name}.schema.json"))
        assert shipped == load_schema(name)
    assert not any(n.startswith("tests/") for n in names)


@pytest.mark.parametrize("value, written", [(12333, '"12333"'), (True, '"true"'), (2.5, '"2.5"')])
def test_a_number_where_text_belongs_is_told_to_quote_it(value, written):
    from jianguan_cli.schema import SchemaChecker

    problems = SchemaChecker(load_schema("measure")).check({"complaints": {"phone": value}})
    typed = [p for p in problems if p.rule == "S201"]
    assert typed and f"phone: {written}" in typed[0].hint
