"""Property tests on generated measures: valid by construction, then mutated, formatted, exported, rendered.

A generated measure is one of the demo district's measures with a random selection of its
prose replaced by random Chinese text, written out as YAML: valid for the schema by
construction, different in every example.
"""

from __future__ import annotations

import contextlib
import copy
import json
import random
import shutil

import html5lib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import PROJECT, copy_demo
from jianguan_cli.authoring.formatting import Formatter, comment_texts
from jianguan_cli.authoring.roundtrip import dumped, round_trip_yaml
from jianguan_cli.linting import MeasureLinter, open_catalog
from jianguan_cli.loading import load_bytes
from jianguan_cli.resources import load_schema
from jianguan_cli.schema import SchemaIndex
from jianguan_cli.settings import load_settings

INDEX = SchemaIndex(load_schema("measure"))
SOURCES = {path.stem: path for path in sorted((PROJECT / "measures").rglob("*.yaml"))}
DATA = {code: load_bytes(path.read_bytes(), path.name, INDEX.keys).data for code, path in SOURCES.items()}
# Prose staff write freely; codes, enums, dates, names the catalogue must know and URLs stay as they are.
FIXED = {"item", "review", "methods", "basis", "effective_date", "revisions", "complaints", "topic", "lead",
         "department", "schema_version", "random_check_ratio"}
SCHEMA_LINE = "# yaml-language-server: $schema=../../schemas/measure.schema.json"
HEALTH = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]

PROSE = st.text(alphabet=st.sampled_from(list("监管对象内容措施检查部门依法责令改正并处罚款公开结果年月日第一二三条款"
                                              "，。、；：（）《》“”0123456789ABCabc-+%# '\"&<>{}[]*!|?@`\\")),
                min_size=1, max_size=40).filter(lambda text: text.strip() == text and text.strip())


def prose_paths(value, path=()):
    """Paths of the free-text leaves of a measure."""
    if isinstance(value, dict):
        for key, child in value.items():
            if key not in FIXED:
                yield from prose_paths(child, (*path, key))
    elif isinstance(value, list):
        for position, child in enumerate(value):
            yield from prose_paths(child, (*path, position))
    elif isinstance(value, str):
        yield path


PATHS = {code: list(prose_paths(data)) for code, data in DATA.items()}


def set_at(data, path, value):
    for step in path[:-1]:
        data = data[step]
    data[path[-1]] = value


@st.composite
def generated(draw):
    """(code, data): a demo measure with some of its prose replaced."""
    code = draw(st.sampled_from(sorted(DATA)))
    data = copy.deepcopy(DATA[code])
    for path in draw(st.lists(st.sampled_from(PATHS[code]), max_size=10, unique=True)):
        set_at(data, path, draw(PROSE))
    return code, data


def as_yaml(data) -> str:
    return SCHEMA_LINE + "\n" + dumped(round_trip_yaml(), data)


@pytest.fixture(scope="module")
def linter() -> MeasureLinter:
    settings_ = load_settings(PROJECT)
    return MeasureLinter(settings_, open_catalog(settings_))


def lint(linter, code, text):
    path = SOURCES[code].relative_to(PROJECT).as_posix()
    return linter.lint_document(load_bytes(text.encode("utf-8"), path, INDEX.keys))


def assert_inside(findings, text):
    lines = text.count("\n") + 1
    assert all(1 <= f.line <= lines and f.column >= 1 and f.message for f in findings), findings


MUTATIONS = st.sampled_from(["delete", "number", "list", "mapping", "null", "unknown key", "empty"])


@settings(max_examples=200, deadline=None, suppress_health_check=HEALTH)
@given(measure=generated(), mutation=MUTATIONS, pick=st.randoms(use_true_random=False))
def test_generated_measures_are_valid_and_one_mutation_points_into_the_file(linter, measure, mutation, pick):
    code, data = measure
    text = as_yaml(data)
    assert not [f for f in lint(linter, code, text) if f.rule[0] in "YSC"], "valid by construction"
    path = pick.choice([p for p in prose_paths(data)] + [(key,) for key in data])
    mutated = copy.deepcopy(data)
    parent = mutated
    for step in path[:-1]:
        parent = parent[step]
    key = path[-1]
    if mutation == "delete":
        del parent[key]
    elif mutation == "unknown key" and isinstance(parent, dict):
        parent[f"{key}x"] = "多余"
    else:
        parent[key] = {"number": 7, "list": ["甲", 1], "mapping": {"a": "b"}, "null": None, "empty": "",
                       "unknown key": 0}[mutation]
    text = as_yaml(mutated)
    assert_inside(lint(linter, code, text), text)


def with_comments_and_shuffled(data, rnd: random.Random) -> str:
    """The measure with its top-level keys shuffled, 4-space indentation and comments everywhere."""
    keys = list(data)
    rnd.shuffle(keys)
    yaml = round_trip_yaml()
    yaml.indent(mapping=4, sequence=6, offset=4)
    lines = dumped(yaml, {key: data[key] for key in keys}).rstrip("\n").split("\n")
    commented = []
    for number, line in enumerate(lines):
        if rnd.random() < 0.2:
            indent = len(line) - len(line.lstrip(" "))
            commented.append(" " * indent + f"# 说明{number}")
        if rnd.random() < 0.1 and not line.rstrip().endswith(":"):
            line += f"  # 尾注{number}"
        commented.append(line)
    return "\n".join(commented) + "\n"


@settings(max_examples=200, deadline=None, suppress_health_check=HEALTH)
@given(measure=generated(), rnd=st.randoms(use_true_random=False))
def test_fmt_keeps_data_and_comments_and_is_idempotent(measure, rnd):
    _, data = measure
    source = with_comments_and_shuffled(data, rnd)
    formatter = Formatter(INDEX)
    once = formatter.format(source.encode("utf-8"), SCHEMA_LINE).text
    assert load_bytes(once.encode("utf-8"), "x.yaml", INDEX.keys).data == data
    assert comment_texts(once) == comment_texts(source)
    assert formatter.format(once.encode("utf-8"), SCHEMA_LINE).text == once
    top = [line.split(":")[0] for line in once.split("\n") if line[:1].isalpha()]
    order = list(INDEX.properties(()))
    assert top == sorted(top, key=order.index), "keys in schema order"


@pytest.fixture(scope="module")
def district(tmp_path_factory):
    return copy_demo(tmp_path_factory.mktemp("generated") / "demo")


@contextlib.contextmanager
def planted(district, code, data):
    """The generated measure in place of the demo one, for the length of the block."""
    target = district / SOURCES[code].relative_to(PROJECT)
    target.write_text(as_yaml(data), encoding="utf-8")
    try:
        yield
    finally:
        shutil.copy(SOURCES[code], target)


@settings(max_examples=25, deadline=None, suppress_health_check=HEALTH)
@given(measure=generated())
def test_export_gives_back_the_generated_data(district, run_cli, measure):
    code, data = measure
    with planted(district, code, data):
        result = run_cli("export", cwd=district)
    assert result.code == 0, result.err
    exported = {r["item"]["code"]: r["measure"] for r in json.loads(result.out)["measures"]}
    assert exported[code] == data


@settings(max_examples=20, deadline=None, suppress_health_check=HEALTH)
@given(measure=generated())
def test_rendering_never_fails_on_a_valid_measure(district, run_cli, measure):
    code, _ = measure
    with planted(district, *measure):
        result = run_cli("render", "--force", "--format", "html,docx", code, cwd=district)
    assert result.code == 0, result.err
    page = (district / "build" / "html" / "measures" / f"{code}.html").read_bytes()
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)
    assert (district / "build" / "docx" / "measures" / f"{code}.docx").stat().st_size > 0
