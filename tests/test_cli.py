"""The command line end to end: formats, exit codes, and that lint never writes."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from conftest import PROJECT, SHARED, copy_demo, needs_shared, tree_digest
from jianguan_cli.resources import load_schema
from jianguan_cli.rules import RULES

LINE = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning) (?P<rule>[A-Z]\d{3}) \S")


def break_measure(repo: Path) -> Path:
    """Introduce three known errors into one fixture measure (objcts: is one, not also "objects missing")."""
    path = repo / "measures" / "mz" / "T-BL-001.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("objects:", "objcts:").replace("random_check_ratio: 20", "random_check_ratio: 120")
    text = text.replace("responsible_unit: 业务科", "responsible_unit: ×××科")
    path.write_text(text, encoding="utf-8")
    return path


def test_clean_repository_exits_0(repo, run_cli):
    result = run_cli("lint", cwd=repo)
    assert result.code == 0
    assert "检查了 7 个文件，没有发现问题" in result.out


def test_demo_district_is_lint_clean(run_cli):
    result = run_cli("lint", cwd=PROJECT)
    assert result.code == 0, result.out
    assert "没有发现问题" in result.out


def test_text_format_lines_hints_and_summary(repo, run_cli):
    break_measure(repo)
    result = run_cli("lint", cwd=repo)
    assert result.code == 1
    lines = result.out.splitlines()
    located = [LINE.match(line) for line in lines if LINE.match(line)]
    assert [(m["path"], m["line"], m["col"], m["sev"], m["rule"]) for m in located] == [
        ("measures/mz/T-BL-001.yaml", "7", "19", "error", "T601"),
        ("measures/mz/T-BL-001.yaml", "11", "1", "error", "S203"),
        ("measures/mz/T-BL-001.yaml", "41", "23", "error", "S207"),
    ]
    hints = [line for line in lines if line.startswith("    提示：")]
    assert len(hints) == 3
    assert "是否想写 objects" in result.out
    assert "检查了 7 个文件，发现 3 个错误、0 个警告（涉及 1 个文件）。" in result.out
    assert "\x1b[" not in result.out, "no colour codes when output is not a terminal"


def test_subfolder_and_file_arguments(repo, run_cli):
    break_measure(repo)
    assert run_cli("lint", "measures/wj", cwd=repo).code == 0
    assert run_cli("lint", str(Path("measures/mz/T-BL-001.yaml")), cwd=repo).code == 1
    assert run_cli("lint", ".", cwd=repo / "measures" / "fg").code == 0


def test_json_report_follows_its_schema(repo, run_cli):
    break_measure(repo)
    result = run_cli("lint", "--format", "json", cwd=repo)
    assert result.code == 1
    report = json.loads(result.out)
    Draft202012Validator(load_schema("report")).validate(report)
    assert report["version"] == 1 and report["coverage"] is None
    assert report["summary"] == {"files": 7, "errors": len(report["findings"]), "warnings": 0}
    first = report["findings"][0]
    assert first["path"] == "measures/mz/T-BL-001.yaml" and first["line"] >= 1 and first["column"] >= 1


def test_json_report_of_a_clean_run(repo, run_cli):
    report = json.loads(run_cli("lint", "-f", "json", cwd=repo).out)
    Draft202012Validator(load_schema("report")).validate(report)
    assert report["findings"] == [] and report["summary"]["files"] == 7


def test_warnings_pass_unless_strict(repo, run_cli):
    path = repo / "measures" / "mz" / "T-BL-001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("main: 分管副局长", "main: 局长"), encoding="utf-8")
    relaxed = run_cli("lint", cwd=repo)
    assert relaxed.code == 0 and "warning M409" in relaxed.out
    assert run_cli("lint", "--strict", cwd=repo).code == 1


def test_rule_severity_from_settings(repo, run_cli):
    break_measure(repo)
    (repo / "jianguan.toml").write_text('[rules]\nT601 = "off"\nS203 = "warning"\n', encoding="utf-8")
    result = run_cli("lint", "-f", "json", cwd=repo)
    rules = {f["rule"]: f["severity"] for f in json.loads(result.out)["findings"]}
    assert "T601" not in rules and rules["S203"] == "warning"


@pytest.mark.parametrize("args", [("lint", "no-such-file.yaml"), ("lint", "--format", "xml"), ("lint", "--bogus"),
                                  ("rules", "X999"), ("nonsense",)])
def test_usage_errors_exit_2(repo, run_cli, args):
    result = run_cli(*args, cwd=repo)
    assert result.code == 2
    assert "Traceback" not in result.err + result.out


@pytest.mark.parametrize(("args", "says"), [
    (("lint", "--bogus"), "没有 --bogus 选项"),
    (("lint", "--strct"), "您是否要写 --strict？"),
    (("nonsense",), "没有 nonsense 命令"),
    (("init",), "缺少参数 folder"),
    (("lint", "-j", "0"), "参数 --jobs / -j 的值不对：应不小于 1"),
    (("lint", "--format", "xml"), "“xml”不是可选的值"),
    (("schema", "a", "b"), "多余的参数：b"),
])
def test_usage_errors_are_chinese(repo, run_cli, args, says):
    result = run_cli(*args, cwd=repo)
    assert result.code == 2 and says in result.err and "运行 jianguan" in result.err
    assert "Error:" not in result.err and "Usage:" not in result.err


def test_help_is_chinese_down_to_the_help_option(repo, run_cli):
    for args in (("-h",), ("lint", "-h"), ("catalog", "import", "--help")):
        result = run_cli(*args, cwd=repo)
        assert result.code == 0 and "显示帮助并退出。" in result.out and "Show this message" not in result.out


def test_missing_path_is_named_in_chinese(repo, run_cli):
    assert "找不到文件或文件夹" in run_cli("lint", "nope.yaml", cwd=repo).err


def test_broken_settings_exit_3(repo, run_cli):
    (repo / "jianguan.toml").write_text("district = [\n", encoding="utf-8")
    result = run_cli("lint", cwd=repo)
    assert result.code == 3 and "jianguan.toml" in result.err and "Traceback" not in result.err


@pytest.mark.parametrize(("edit", "rule"), [
    (lambda t: t.replace("category: 保留", "category: 保存", 1), "S204"),
    (lambda t: t.replace("district: 测试区", "district: [测试区"), "Y101"),
])
def test_broken_catalogue_exits_3_with_its_findings(repo, run_cli, edit, rule):
    catalog = repo / "catalog.yaml"
    catalog.write_text(edit(catalog.read_text(encoding="utf-8")), encoding="utf-8")
    result = run_cli("lint", cwd=repo)
    assert result.code == 3
    assert re.search(rf"catalog\.yaml:\d+:\d+: error {rule}", result.err)
    assert "事项目录" in result.err


def test_without_catalogue_catalogue_rules_are_skipped(repo, run_cli):
    (repo / "catalog.yaml").unlink()
    result = run_cli("lint", cwd=repo)
    assert result.code == 0 and "没有找到事项目录" in result.err


def test_lint_never_writes(repo, run_cli):
    break_measure(repo)
    before = tree_digest(repo)
    run_cli("lint", cwd=repo)
    run_cli("lint", "-f", "json", cwd=repo)
    assert tree_digest(repo) == before


def test_parallel_and_serial_give_identical_reports(repo, run_cli):
    source = repo / "measures" / "mz" / "T-BL-001.yaml"
    broken = break_measure(repo).read_text(encoding="utf-8")
    for number in range(80):
        (repo / "measures" / "mz" / f"copy-{number:02}.yaml").write_text(
            broken if number % 3 == 0 else source.read_text(encoding="utf-8"), encoding="utf-8")
    serial = run_cli("lint", "-f", "json", "--jobs", "1", cwd=repo)
    parallel = run_cli("lint", "-f", "json", "--jobs", "2", cwd=repo)
    assert serial.code == parallel.code == 1
    assert serial.out == parallel.out
    assert json.loads(serial.out)["summary"]["files"] == 87


def test_rules_lists_every_rule(repo, run_cli):
    result = run_cli("rules", cwd=repo)
    assert result.code == 0
    for rule_id in RULES:
        assert rule_id in result.out


def test_rules_explains_one_with_examples(repo, run_cli):
    result = run_cli("rules", "m401", cwd=repo)
    assert result.code == 0
    assert "M401" in result.out and "好的写法" in result.out and "有问题的写法" in result.out


def test_every_rule_is_documented_with_good_and_bad_examples():
    for rule in RULES.values():
        assert "好的" in rule.doc and "有问题的" in rule.doc, rule.id
        assert rule.first_paragraph and rule.title


def test_help_and_version(repo, run_cli):
    assert "检查监管办法文件" in run_cli("lint", "--help", cwd=repo).out
    assert run_cli("--version", cwd=repo).out.startswith("jianguan ")


def test_outside_any_repository(tmp_path, run_cli):
    shutil.copy(PROJECT / "measures" / "mz" / "QLH-MZ-004.yaml", tmp_path / "QLH-MZ-004.yaml")
    result = run_cli("lint", "QLH-MZ-004.yaml", cwd=tmp_path)
    assert result.code == 0, result.out


@needs_shared("yaml-test-suite", "cases")
def test_whole_yaml_test_suite_through_the_command_line(repo, run_cli):
    from conftest import YAML_TEST_SUITE

    cases = sorted(str(p) for p in YAML_TEST_SUITE.rglob("in.yaml"))
    result = run_cli("lint", "--format", "json", *cases, cwd=repo)
    assert result.code == 1 and "Traceback" not in result.err
    assert json.loads(result.out)["summary"]["files"] == len(cases)


def test_catalogue_in_gbk_exits_3_and_names_the_encoding(repo, run_cli):
    catalog = repo / "catalog.yaml"
    catalog.write_bytes(catalog.read_text(encoding="utf-8").encode("gb18030"))
    result = run_cli("lint", cwd=repo)
    assert result.code == 3
    assert "catalog.yaml:1:1: error Y106" in result.err and "GBK" in result.err


def test_empty_measures_folder_says_so(repo, run_cli):
    for path in (repo / "measures").rglob("*.yaml"):
        path.unlink()
    result = run_cli("lint", cwd=repo)
    assert result.code == 0 and "没有找到要检查的 .yaml 文件" in result.err


@pytest.mark.parametrize("args", [("check",), ("--debug", "check"), ("check", "--debug")])
def test_an_internal_error_is_one_chinese_line_unless_debug(repo, run_cli, monkeypatch, args):
    import jianguan_cli.cli as cli
    import jianguan_cli.commands.checking as commands

    def broken(*_args, **_kwargs):
        raise RuntimeError("模拟的缺陷")

    monkeypatch.setattr(commands, "run_check", broken)
    monkeypatch.setitem(cli.debug_mode, "on", False)
    result = run_cli(*args, cwd=repo)
    assert result.code == 3 and "jianguan 内部错误：RuntimeError: 模拟的缺陷" in result.err
    if "--debug" in args:
        assert "Traceback (most recent call last)" in result.err
    else:
        assert "Traceback" not in result.err and "--debug" in result.err


@pytest.mark.parametrize("args", [
    ("lint",), ("check",), ("check", "--format", "sarif"), ("status",), ("status", "-f", "csv"),
    ("export",), ("export", "-f", "csv"), ("fmt", "--check"), ("fmt", "--diff"), ("rules",), ("rules", "M401"),
    ("schema",),
    pytest.param(("catalog", "import", str(SHARED / "data" / "district-items.csv"), "--dry-run"),
                 marks=needs_shared("data", "district-items.csv"), id="catalog import --dry-run"),
], ids=" ".join)
def test_read_only_commands_leave_the_repository_byte_identical(tmp_path, run_cli, args):
    demo = copy_demo(tmp_path / "demo")
    (demo / "measures" / "mz" / "QLH-MZ-001.yaml").write_text(
        (demo / "measures" / "mz" / "QLH-MZ-001.yaml").read_text(encoding="utf-8").replace("schema_version: 1\n", "")
        + "schema_version: 1\n", encoding="utf-8")  # something for fmt --check to find
    before = tree_digest(demo)
    result = run_cli(*args, cwd=demo)
    assert result.code == (1 if args[0] == "fmt" else 0), result.err  # fmt has a file to report
    assert tree_digest(demo) == before


@pytest.mark.parametrize("command", ["lint", "check"])
def test_a_broken_catalogue_is_reported_in_the_chosen_format(repo, run_cli, command):
    (repo / "catalog.yaml").write_text("items: [\n", encoding="utf-8")
    result = run_cli(command, "--format", "json", cwd=repo)
    assert result.code == 3
    report = json.loads(result.out)
    assert [(f["path"], f["line"], f["rule"]) for f in report["findings"]] == [("catalog.yaml", 1, "Y101")]
    assert "catalog.yaml:1:" not in result.err and "事项目录 catalog.yaml 无法读取" in result.err
