"""Loader edge cases on real files: encodings, line endings, keyboard traps, odd roots."""

from __future__ import annotations


import pytest

from conftest import FIXTURE_REPO, FIXTURES
from jianguan_cli.linting import MeasureLinter, open_catalog
from jianguan_cli.loading import load_bytes, load_file
from jianguan_cli.loading.compose import uses_c_parser
from jianguan_cli.settings import load_settings

LOADER = FIXTURES / "loader"
VALID = FIXTURE_REPO / "measures" / "mz" / "T-BL-001.yaml"
KEYS = frozenset({"item", "code", "responsible_unit", "cycle"})


def load(name: str):
    return load_file(LOADER / name, name, KEYS)


def rules_of(doc) -> list[str]:
    return [p.rule for p in doc.problems]


@pytest.fixture(scope="module")
def linter() -> MeasureLinter:
    settings = load_settings(FIXTURE_REPO)
    return MeasureLinter(settings, open_catalog(settings))


def test_c_parser_is_used():
    assert uses_c_parser(), "ruamel.yaml.clib is a dependency; without it every file is parsed in Python"


def test_valid_file_loads_clean():
    doc = load_file(VALID, "valid.yaml", KEYS)
    assert doc.parsed and doc.problems == []
    assert doc.data["item"]["code"] == "T-BL-001"


@pytest.mark.parametrize("name", ["bom.yaml", "crlf.yaml"])
def test_bom_and_crlf_give_the_same_data_and_positions(name):
    plain = load_file(VALID, "valid.yaml", KEYS)
    doc = load(name)
    assert doc.parsed and doc.problems == []
    assert doc.data == plain.data
    for path in [("item", "code"), ("content", 2, "text"), ("review", "status")]:
        assert doc.locate(path) == plain.locate(path)


@pytest.mark.parametrize(("name", "label"), [("gbk.yaml", "GBK"), ("utf16.yaml", "UTF-16")])
def test_other_encodings_are_named_and_still_checked(name, label):
    doc = load(name)
    assert rules_of(doc) == ["Y106"]
    assert label in doc.problems[0].message
    assert "UTF-8" in doc.problems[0].hint
    assert doc.parsed and doc.data["item"]["name"] == "养老机构设立许可"


def test_gbk_hint_gives_the_conversion_command():
    assert "iconv -f GB18030 -t UTF-8" in load("gbk.yaml").problems[0].hint


def test_fullwidth_colon_says_what_to_type():
    doc = load("fullwidth_colon.yaml")
    problem = next(p for p in doc.problems if p.rule == "Y103")
    assert (problem.line, problem.column) == (7, 17)
    assert "responsible_unit: " in problem.hint


def test_fullwidth_space_indent():
    problem = next(p for p in load("fullwidth_space.yaml").problems if p.rule == "Y104")
    assert (problem.line, problem.column) == (5, 1)


def test_tab_indent():
    problem = next(p for p in load("tab_indent.yaml").problems if p.rule == "Y105")
    assert (problem.line, problem.column) == (5, 1)
    assert "空格" in problem.hint


def test_duplicate_key_points_at_the_second_and_names_the_first():
    doc = load("duplicate_key.yaml")
    assert [(p.rule, p.line, p.column) for p in doc.problems] == [("Y102", 8, 1)]
    assert "第 7 行" in doc.problems[0].message
    assert doc.data["responsible_unit"] == "业务科"


def test_syntax_error_has_a_chinese_message_and_position():
    doc = load("syntax_error.yaml")
    assert not doc.parsed
    problem = doc.problems[0]
    assert (problem.rule, problem.line, problem.column) == ("Y101", 40, 12)
    assert "冒号" in problem.message + problem.hint


@pytest.mark.parametrize("name", ["empty.yaml", "comments_only.yaml"])
def test_empty_files(name):
    assert rules_of(load(name)) == ["Y107"]


def test_binary_file_is_not_text():
    doc = load("binary.yaml")
    assert rules_of(doc) == ["Y106"] and not doc.parsed


def test_control_character_is_located():
    doc = load("control_char.yaml")
    problem = doc.problems[0]
    assert (problem.rule, problem.line, problem.column) == ("Y101", 7, 21)


def test_a_directory_is_reported(tmp_path):
    folder = tmp_path / "QLH-X-001.yaml"
    folder.mkdir()
    # Y110 (what the entry is), not Y106 (how a file is encoded)
    assert rules_of(load_file(folder, "QLH-X-001.yaml", KEYS)) == ["Y110"]


@pytest.mark.parametrize(("name", "expected"), [("list_root.yaml", "列表"), ("scalar_root.yaml", "文字")])
def test_a_root_that_is_not_a_mapping(linter, name, expected):
    findings = linter.lint_file(LOADER / name)
    assert [(f.rule, f.line, f.column) for f in findings] == [("S201", 1, 1)]
    assert "整个文件" in findings[0].message and expected in findings[0].message


def test_columns_count_characters_not_bytes():
    text = "objects:\n  - 取得资格的企业，ＴＯＤＯ在此\n"
    doc = load_bytes(text.encode(), "x.yaml", KEYS)
    assert doc.locate_text(("objects", 0), "ＴＯＤＯ") == (2, 13)


def test_missing_key_points_at_the_mapping_that_lacks_it():
    doc = load_bytes("a: 1\nplan:\n  cycle: 每年\n".encode(), "x.yaml", KEYS)
    assert doc.locate(("plan", "schedule"), at_key=True) == (2, 1)
    assert doc.locate(("missing",), at_key=True) == (1, 1)


@pytest.mark.parametrize(("text", "value"), [
    ("d: 2017-05-30", "2017-05-30"), ("d: '2017-05-30'", "2017-05-30"), ("v: yes", "yes"),
    ("v: 0x1F", 31), ("v: 1_000", "1_000"), ("v: .inf", float("inf")), ("v: ~", None),
    ("v: True", True), ("v: 012", 12), ("v: !!str 12", "12"),
])
def test_scalars_follow_yaml_1_2_and_dates_stay_text(text, value):
    assert load_bytes(text.encode(), "x.yaml", KEYS).data == {text[0]: value}


def test_bom_file_lints_like_the_plain_file(linter):
    # The plain file is clean; the BOM copy differs only in living outside measures/.
    assert linter.lint_file(VALID) == []
    assert [f.rule for f in linter.lint_file(LOADER / "bom.yaml")] == ["C303"]


@pytest.mark.slow
def test_a_large_document_without_aliases_is_not_mistaken_for_an_alias_bomb():
    items = "".join(f"  - {{code: T-{n}, name: 事项{n}, category: 保留, department: mz}}\n" for n in range(60_000))
    doc = load_bytes(f"items:\n{items}".encode(), "catalog.yaml", KEYS)
    assert doc.parsed and doc.problems == [] and len(doc.data["items"]) == 60_000


@pytest.mark.parametrize("depth", [501, 100_000, 1_000_000])
def test_deep_nesting_is_refused_before_the_c_parser_recurses(depth):
    text = "a: " + "[" * depth + "]" * depth + "\n"
    doc = load_bytes(text.encode(), "deep.yaml", KEYS)
    assert [(p.rule, p.line, p.column) for p in doc.problems] == [("Y109", 1, 504)]
    assert not doc.parsed


def test_brackets_inside_normal_text_are_not_nesting():
    text = "objects:\n" + "".join(f"  - 第{n}项[附表{n}]\n" for n in range(800))
    doc = load_bytes(text.encode(), "x.yaml", KEYS)
    assert doc.parsed and doc.problems == []


def test_a_huge_file_is_refused_without_being_read(tmp_path):
    from jianguan_cli.loading import Limits

    path = tmp_path / "huge.yaml"
    path.write_bytes(b"a: " + b"x" * (1024 * 1024 + 1) + b"\n")
    doc = load_file(path, "huge.yaml", KEYS, Limits(file_size_mb=1))
    assert [(p.rule, p.line) for p in doc.problems] == [("Y109", 1)] and "文件过大" in doc.problems[0].message


def test_a_keyboard_trap_does_not_hide_the_rest_of_the_file(linter):
    # the file is read as the typist meant it, so its other problems show at once, each on its own line
    text = VALID.read_text(encoding="utf-8").replace("  cycle: ", "  cycle：", 1)
    text = text.replace("- topic: 履行法定义务", "- topic: 其他", 1)
    doc = load_bytes(text.encode(), "measures/mz/T-BL-001.yaml", linter.schema.index.keys)
    assert doc.parsed and doc.data["plan"]["cycle"]
    found = [(f.rule, f.line) for f in linter.lint_document(doc)]
    colon_line = text.split("\n").index(next(line for line in text.split("\n") if "cycle：" in line)) + 1
    assert ("Y103", colon_line) in found and any(rule == "M401" for rule, _ in found)
    assert all(line != colon_line or rule == "Y103" for rule, line in found)


def test_traps_in_a_file_that_is_broken_besides_report_what_they_can(linter):
    text = VALID.read_text(encoding="utf-8").replace("  cycle: ", "  cycle：", 1) + "review: [\n"
    doc = load_bytes(text.encode(), "measures/mz/T-BL-001.yaml", linter.schema.index.keys)
    assert not doc.parsed and "Y103" in rules_of(doc)


def test_a_finding_before_the_trap_on_its_line_is_kept(linter):
    text = VALID.read_text(encoding="utf-8").replace("content:\n", "content：\n", 1)
    text = text.replace("- topic: 履行法定义务", "- topic: 其他", 1)
    found = [(f.rule, f.line, f.column) for f in linter.lint_document(
        load_bytes(text.encode(), "measures/mz/T-BL-001.yaml", linter.schema.index.keys))]
    content = text.split("\n").index("content：") + 1
    assert ("Y103", content, 8) in found and ("M401", content, 1) in found


@pytest.mark.parametrize("text", ["---", "--- ", "# 注释\n---"])
def test_an_empty_document_is_reported_inside_the_file(linter, text):
    lines = text.split("\n")
    for finding in linter.lint_document(load_bytes(text.encode(), "x.yaml", linter.schema.index.keys)):
        assert finding.line <= len(lines) and 1 <= finding.column <= len(lines[finding.line - 1]) + 1
