"""The JSON Schemas: valid, fully documented in Chinese, and in step with SPEC §3-4."""

from __future__ import annotations

import json
import re
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


def subschemas(node):
    """Every schema object inside `node` (properties, items, anyOf branches, $defs), `node` first."""
    if isinstance(node, dict):
        yield node
        for key, value in node.items():
            if key not in ("examples", "enum", "const", "required"):
                yield from subschemas(value)
    elif isinstance(node, list):
        for value in node:
            yield from subschemas(value)


def chinese(text) -> bool:
    return isinstance(text, str) and any("\u4e00" <= ch <= "\u9fff" for ch in text)


EDITED = ["measure", "catalog"]  # the schemas of the files staff edit (the others describe jianguan's output)


@pytest.mark.parametrize("name", EDITED)
def test_every_pattern_has_a_chinese_message_for_the_editor(name):
    schema = load_schema(name)
    patterns = [node for node in subschemas(schema) if "pattern" in node]
    assert len(patterns) >= 3
    for node in patterns:
        assert chinese(node.get("patternErrorMessage")), node
        assert node["pattern"] not in node["patternErrorMessage"]


@pytest.mark.parametrize("name", EDITED)
def test_every_constraint_the_editor_can_explain_has_a_chinese_message(name):
    # yaml-language-server takes `errorMessage` for type, enum, const, required and additionalProperties
    index = SchemaIndex(load_schema(name))
    for node in subschemas(index.schema):
        if "$ref" not in node and any(k in node for k in ("type", "enum", "const", "required", "additionalProperties")):
            assert chinese(index.resolve(node).get("errorMessage")), node.get("title", node)


@pytest.mark.parametrize("name", EDITED)
def test_a_mapping_message_names_every_key_it_allows(name):
    for node in subschemas(load_schema(name)):
        if "properties" in node and "additionalProperties" in node:
            for key in node["properties"]:
                assert key in node["errorMessage"], (key, node["errorMessage"])


@pytest.mark.parametrize("name", EDITED)
def test_enum_only_values_say_they_are_text(name):
    # yaml-language-server leaves a property without `type` out of the whole-document snippet
    enums = [node for node in subschemas(load_schema(name)) if "enum" in node]
    assert enums
    for node in enums:
        assert node.get("type") == "string", node


def test_shared_definitions_have_no_title_to_hide_the_property_title():
    # in an anyOf and in list items the editor shows the referenced definition's title first:
    # 「文字」 instead of 「日常监管」. A definition describes a shape; the property says what it is.
    definitions = load_schema("measure")["$defs"]
    for name in ("text", "date"):
        assert "title" not in definitions[name] and "description" not in definitions[name]
    for branch in definitions["action"]["anyOf"]:
        assert "title" not in SchemaIndex(load_schema("measure")).resolve(branch)


def test_the_editor_tests_pin_yaml_language_server():
    # tests/test_editor_schema.py runs it; `.ci/run` installs exactly this with `npm ci`
    manifest = json.loads((PROJECT / "tests" / "editor" / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((PROJECT / "tests" / "editor" / "package-lock.json").read_text(encoding="utf-8"))
    version = manifest["dependencies"]["yaml-language-server"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)  # an exact version: the editor the tests saw
    assert lock["packages"][""]["dependencies"] == manifest["dependencies"]
    assert lock["packages"]["node_modules/yaml-language-server"]["version"] == version
