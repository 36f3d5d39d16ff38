"""A clerk's typing mistakes in a real measure: each reported on its own line, with its real cause, alone.

Each case takes a valid measure of the fixture repository, makes one mistake a clerk makes
(typing on a Chinese keyboard, pasting from Word or a web page) and runs `jianguan lint` on
it: the whole output is exactly one finding, at the line and column of the mistake, whose
message names the cause, in Chinese, with nothing of the parser's English. The whitespace and
invisible-character mistakes are then repaired by `jianguan fmt --fix` back to the original.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURE_REPO
from jianguan_cli.linting import MeasureLinter, open_catalog
from jianguan_cli.loading import load_bytes
from jianguan_cli.settings import load_settings

MEASURE = "measures/mz/T-BL-001.yaml"
ORIGINAL = (FIXTURE_REPO / MEASURE).read_text(encoding="utf-8")
FINDING = re.compile(r"^(?P<path>\S+):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning) (?P<rule>[A-Z]\d{3}) "
                     r"(?P<message>.*)$")
# words of libyaml's messages: none may reach a clerk
ENGLISH = re.compile(r"\b(?:while|scanning|found|expected|could not|did not|mapping|scalar|block|token|"
                     r"indicator|stream|alias|anchor)\b")

# (name, text replaced, mistake, rule, line, column, words the message or hint must contain)
MISTAKES = [
    ("中文键名加全角冒号", "objects:\n", "监管对象：\n", "Y103", 11, 1, ["监管对象", "objects"]),
    ("中文键名加全角冒号，后面有值", "responsible_unit: 业务科", "监管责任科室：业务科", "Y103", 7, 1,
     ["监管责任科室", "responsible_unit"]),
    ("嵌套的中文键名", "  cycle: 每年", "  监管周期：每年", "Y103", 40, 3, ["监管周期", "cycle"]),
    ("不是模板名称的中文键名", "responsible_unit: 业务科", "责任科室：业务科", "Y103", 7, 1,
     ["责任科室", "responsible_unit"]),
    ("双引号没有闭合", "  periodic_check: 每年检查一次。", '  periodic_check: "每年检查一次。', "Y101", 25, 19,
     ["引号", "没有闭合"]),
    ("单引号没有闭合", "  cycle: 每年", "  cycle: '每年", "Y101", 40, 10, ["引号", "没有闭合"]),
    ("以引号开头、引号后还有文字", "  daily: 审查年度报告。", '  daily: "双随机"审查年度报告。', "Y101", 24, 10,
     ["引号括起来", "daily: '\"双随机\"审查年度报告。'"]),
    ("以方括号开头", "  daily: 审查年度报告。", "  daily: [每年]一个报告。", "Y101", 24, 10,
     ["引号括起来", "daily: '[每年]一个报告。'"]),
    ("列表项以方括号开头", "  - 实地检查\n", "  - [重点]实地检查\n", "Y101", 21, 5, ["引号括起来", "- '[重点]实地检查'"]),
    ("以 * 开头", "  daily: 审查年度报告。", "  daily: *每年*审查。", "Y101", 24, 10, ["引号括起来", "'*每年*审查。'"]),
    ("以 & 开头", "  daily: 审查年度报告。", "  daily: &每年 审查。", "Y101", 24, 10, ["引号括起来", "'&每年 审查。'"]),
    ("以 ! 开头", "  daily: 审查年度报告。", "  daily: !重要 审查。", "Y101", 24, 10, ["引号括起来", "'!重要 审查。'"]),
    ("以 % 开头", "  daily: 审查年度报告。", "  daily: %20审查。", "Y101", 24, 10, ["引号括起来", "'%20审查。'"]),
    ("以 @ 开头", "  daily: 审查年度报告。", "  daily: @区政府审查。", "Y101", 24, 10, ["引号括起来"]),
    ("以反引号开头", "  daily: 审查年度报告。", "  daily: `审查`年度报告。", "Y101", 24, 10, ["引号括起来"]),
    ("“|” 后面接着写文字", "  daily: 审查年度报告。", "  daily: |审查年度报告。", "Y101", 24, 10, ["引号括起来"]),
    ("“>” 后面接着写文字", "  daily: 审查年度报告。", "  daily: > 审查年度报告。", "Y101", 24, 10, ["引号括起来"]),
    ("缩进 3 个空格", "  cycle: 每年", "   cycle: 每年", "Y101", 40, 4, ["缩进了 3 个空格", "2 个空格"]),
    ("缩进少一个空格", "  cycle: 每年", " cycle: 每年", "Y101", 40, 2, ["缩进了 1 个空格", "2 个空格"]),
    ("第一个子项缩进多一个空格", "  code: T-BL-001", "   code: T-BL-001", "Y101", 5, 4, ["缩进了 3 个空格"]),
    ("后面的键缩进多了", "  random_check_ratio: 20", "    random_check_ratio: 20", "Y101", 41, 5,
     ["缩进了 4 个空格", "2 个空格"]),
    ("列表项缩进少一个空格", "  - 双随机一公开抽查", " - 双随机一公开抽查", "Y101", 22, 2, ["缩进了 1 个空格"]),
    ("列表中的映射缩进多一个空格", "    - period: 每年3月", "     - period: 每年3月", "Y101", 44, 6,
     ["缩进了 5 个空格", "4 个空格"]),
    ("列表中的映射缩进少一个空格", "    - period: 每年3月", "   - period: 每年3月", "Y101", 44, 4,
     ["缩进了 3 个空格", "4 个空格"]),
    ("“-” 后面没有空格", "  - 实地检查", "  -实地检查", "Y113", 21, 4, ["“-”", "缺少空格"]),
    ("行首是不换行空格", "  cycle: 每年", "\u00a0\u00a0cycle: 每年", "Y104", 40, 1, ["不换行空格", "U+00A0"]),
    ("冒号后是不换行空格", "  cycle: 每年", "  cycle:\u00a0每年", "Y104", 40, 9, ["不换行空格", "U+00A0"]),
    ("“-” 后是不换行空格", "  - 实地检查", "  -\u00a0实地检查", "Y104", 21, 4, ["不换行空格"]),
    ("行首是排版空格", "  cycle: 每年", "\u2002\u2003cycle: 每年", "Y104", 40, 1, ["U+2002"]),
    ("行首是窄空格", "  cycle: 每年", " \u2009cycle: 每年", "Y104", 40, 2, ["U+2009"]),
    ("行首是全角空格", "  cycle: 每年", "\u3000cycle: 每年", "Y104", 40, 1, ["全角空格"]),
    ("键名中的零宽空格", "  cycle: 每年", "  cy\u200bcle: 每年", "Y112", 40, 5, ["看不见的字符", "U+200B", "第 5 列"]),
    ("文字中的零宽连接符", "responsible_unit: 业务科", "responsible_unit: 业务\u200d科", "Y112", 7, 21, ["U+200D"]),
    ("文字中的零宽非连接符", "responsible_unit: 业务科", "responsible_unit: 业\u200c务科", "Y112", 7, 20, ["U+200C"]),
    ("键名后的零宽不换行符", "responsible_unit: 业务科", "responsible_unit\u2060: 业务科", "Y112", 7, 17, ["U+2060"]),
    ("键名前的 BOM", "  cycle: 每年", "  \ufeffcycle: 每年", "Y112", 40, 3, ["BOM", "U+FEFF"]),
    ("键名后的从右到左标记", "  cycle: 每年", "  cycle\u200f: 每年", "Y112", 40, 8, ["U+200F"]),
    ("文字中的方向控制符", "  - 实地检查", "  - 实地\u202e检查", "Y112", 21, 7, ["U+202E"]),
    ("列表项中的方向隔离符", "  - 实地检查", "  - \u2066实地检查\u2069", "Y112", 21, 5, ["U+2066"]),
]
# mistakes that `fmt --fix` repairs back to the original measure (a space or an invisible character)
FIXABLE = {"中文键名加全角冒号", "中文键名加全角冒号，后面有值", "嵌套的中文键名", "“-” 后面没有空格",
           "行首是不换行空格", "冒号后是不换行空格", "“-” 后是不换行空格", "行首是排版空格", "行首是窄空格",
           "行首是全角空格", "键名中的零宽空格", "文字中的零宽连接符", "文字中的零宽非连接符", "键名后的零宽不换行符",
           "键名前的 BOM", "键名后的从右到左标记", "文字中的方向控制符", "列表项中的方向隔离符"}


def with_mistake(repo: Path, old: str, new: str) -> Path:
    """The measure file of `repo` with its first `old` replaced by `new`."""
    assert old in ORIGINAL
    path = repo / MEASURE
    path.write_text(ORIGINAL.replace(old, new, 1), encoding="utf-8")
    return path


def findings_of(output: str) -> list[dict]:
    """The findings of `jianguan lint` text output, each with its hint."""
    found: list[dict] = []
    for line in output.splitlines():
        match = FINDING.match(line)
        if match:
            found.append({**match.groupdict(), "hint": ""})
        elif line.startswith("    提示：") and found:
            found[-1]["hint"] = line.strip()
    return found


@pytest.mark.parametrize(("name", "old", "new", "rule", "line", "column", "words"), MISTAKES,
                         ids=[m[0] for m in MISTAKES])
def test_a_mistake_is_reported_alone_on_its_line_with_its_cause(repo, run_cli, name, old, new, rule, line,
                                                                column, words):
    with_mistake(repo, old, new)
    assert new.strip("\n").split("\n")[0] == ORIGINAL.replace(old, new, 1).split("\n")[line - 1]
    run = run_cli("lint", MEASURE, cwd=repo)
    found = findings_of(run.out)
    assert [(f["path"], int(f["line"]), int(f["column"]), f["severity"], f["rule"]) for f in found] == [
        (MEASURE, line, column, "error", rule)], run.out
    said = found[0]["message"] + found[0]["hint"]
    assert all(word in said for word in words), said
    assert not ENGLISH.search(run.out), run.out
    assert run.code == 1 and not run.err
    assert run.out.strip().endswith("检查了 1 个文件，发现 1 个错误、0 个警告（涉及 1 个文件）。")


@pytest.mark.parametrize(("name", "old", "new"), [m[:3] for m in MISTAKES if m[0] in FIXABLE],
                         ids=[m[0] for m in MISTAKES if m[0] in FIXABLE])
def test_fmt_fix_repairs_the_mistake_back_to_the_original(repo, run_cli, name, old, new):
    path = with_mistake(repo, old, new)
    assert run_cli("fmt", MEASURE, cwd=repo).code == 1, "without --fix the file is left as it is"
    assert path.read_text(encoding="utf-8") == ORIGINAL.replace(old, new, 1)
    run = run_cli("fmt", "--fix", MEASURE, cwd=repo)
    assert run.code == 0, run.out + run.err
    assert path.read_text(encoding="utf-8") == ORIGINAL
    assert run_cli("lint", MEASURE, cwd=repo).code == 0


@pytest.mark.parametrize(("old", "new", "line"), [("  status: 起草", "   status: 起草", 60),
                                                 ("  phone: 0931-1234567", " phone: 0931-1234567", 58)])
def test_a_sole_child_one_space_off_is_a_warning_on_its_line(repo, run_cli, old, new, line):
    path = with_mistake(repo, old, new)
    run = run_cli("lint", MEASURE, cwd=repo)
    found = findings_of(run.out)
    indent = len(new) - len(new.lstrip(" "))
    assert [(int(f["line"]), int(f["column"]), f["severity"], f["rule"]) for f in found] == [
        (line, indent + 1, "warning", "Y114")], run.out
    assert f"缩进了 {indent} 个空格" in found[0]["message"] and run.code == 0
    assert run_cli("fmt", MEASURE, cwd=repo).code == 0 and path.read_text(encoding="utf-8") == ORIGINAL


def test_a_file_written_with_odd_indents_throughout_is_its_own_style(repo, run_cli):
    plan = ORIGINAL[ORIGINAL.index("plan:\n"):ORIGINAL.index("requirements:")]
    three = re.sub(r"^( +)", lambda m: " " * {2: 3, 4: 5, 6: 7}[len(m.group(1))], plan, flags=re.M)
    (repo / MEASURE).write_text(ORIGINAL.replace(plan, three), encoding="utf-8")
    assert run_cli("lint", MEASURE, cwd=repo).code == 0


def test_fmt_fix_leaves_a_no_break_space_inside_the_text(repo, run_cli):
    path = with_mistake(repo, "  cycle: 每年", "  cycle: 每\u00a0年")
    assert run_cli("lint", MEASURE, cwd=repo).code == 0, "a space inside the text is content"
    run_cli("fmt", "--fix", MEASURE, cwd=repo)
    assert "  cycle: 每\u00a0年\n" in path.read_text(encoding="utf-8")


def test_a_joiner_inside_an_emoji_is_part_of_the_text(repo, run_cli):
    family = "\U0001f468\u200d\U0001f469"
    path = with_mistake(repo, "responsible_unit: 业务科", f"responsible_unit: 业务科{family}")
    assert run_cli("lint", MEASURE, cwd=repo).code == 0
    run_cli("fmt", "--fix", MEASURE, cwd=repo)
    assert family in path.read_text(encoding="utf-8"), "removing it would change the emoji"


def test_other_problems_of_the_file_are_still_reported_beside_a_trap(repo, run_cli):
    with_mistake(repo, "  cycle: 每年", "  cy\u200bcle: 每年")
    text = (repo / MEASURE).read_text(encoding="utf-8").replace("- topic: 履行法定义务", "- topic: 其他", 1)
    (repo / MEASURE).write_text(text, encoding="utf-8")
    found = findings_of(run_cli("lint", MEASURE, cwd=repo).out)
    assert {f["rule"] for f in found} >= {"Y112", "M401"} and "S203" not in {f["rule"] for f in found}


@pytest.fixture(scope="module")
def linter() -> MeasureLinter:
    configured = load_settings(FIXTURE_REPO)
    return MeasureLinter(configured, open_catalog(configured))


INVISIBLE = st.sampled_from("\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                            "\u2066\u2067\u2068\u2069")
CONTENT_LINES = [number for number, line in enumerate(ORIGINAL.split("\n"), start=1)
                 if line.strip() and not line.lstrip().startswith("#")]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(character=INVISIBLE, line=st.sampled_from(CONTENT_LINES), where=st.floats(0, 1))
def test_any_invisible_character_is_reported_on_its_line_and_nothing_else(linter, character, line, where):
    lines = ORIGINAL.split("\n")
    column = int(where * len(lines[line - 1]))
    lines[line - 1] = lines[line - 1][:column] + character + lines[line - 1][column:]
    doc = load_bytes("\n".join(lines).encode(), MEASURE, linter.schema.index.keys)
    found = [(f.rule, f.line, f.column) for f in linter.lint_document(doc)]
    assert found == [("Y112", line, column + 1)]


SPACES = st.sampled_from("\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u3000")
INDENTED = [number for number in CONTENT_LINES if ORIGINAL.split("\n")[number - 1].startswith("  ")]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(space=SPACES, line=st.sampled_from(INDENTED))
def test_any_odd_space_in_an_indent_is_reported_on_its_line_and_nothing_else(linter, space, line):
    lines = ORIGINAL.split("\n")
    covers = 2 if space == "\u3000" else 1  # a full-width space shows as wide as two spaces
    lines[line - 1] = space + lines[line - 1][covers:]
    doc = load_bytes("\n".join(lines).encode(), MEASURE, linter.schema.index.keys)
    assert [(f.rule, f.line, f.column) for f in linter.lint_document(doc)] == [("Y104", line, 1)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(st.sampled_from("ab：: -\"'[]{}*&!%@`|>#\n\u00a0\u200b\u3000监管对象"), max_size=60))
def test_mistyped_text_never_raises_and_findings_stay_inside_the_file(linter, text):
    doc = load_bytes(("plan:\n  cycle: 每年\n" + text).encode(), MEASURE, linter.schema.index.keys)
    lines = doc.text.split("\n")
    for finding in linter.lint_document(doc):
        assert 1 <= finding.line <= len(lines) and finding.message and finding.hint
        assert not ENGLISH.search(finding.message + finding.hint) or finding.rule.startswith(("S", "M", "T"))
