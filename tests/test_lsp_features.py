"""Hover, completion, quick fixes and the outline on real measures, broken the way clerks break them."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from ruamel.yaml.nodes import MappingNode, SequenceNode

from conftest import FIXTURE_REPO, PROJECT, copy_demo
from lsp_support import VARIANTS, apply_edits, variant
from jianguan_cli.loading.compose import compose
from jianguan_cli.lsp.actions import Fixer
from jianguan_cli.lsp.completion import Completer
from jianguan_cli.lsp.engine import lint_text, open_project
from jianguan_cli.lsp.hover import hover_text
from jianguan_cli.lsp.outline import Outline
from jianguan_cli.lsp.symbols import Symbols
from jianguan_cli.rendering.viewmodel import MeasureView
from jianguan_cli.resources import load_schema
from jianguan_cli.schema import SchemaIndex

INDEX = SchemaIndex(load_schema("measure"))
CATALOG_INDEX = SchemaIndex(load_schema("catalog"))
URI = "file:///measure.yaml"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    repo = copy_demo(tmp_path_factory.mktemp("demo"))
    return repo, open_project(repo)


def findings(demo, case_or_text, path: str = "measures/mz/QLH-MZ-004.yaml"):
    repo, project = demo
    return lint_text(project, repo / path, case_or_text)


def line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.split("\n")) if needle in line)


def line_equal(text: str, wanted: str) -> int:
    return text.split("\n").index(wanted)


# --- the outline ---------------------------------------------------------------------------


def _keys(node, path=()):
    if isinstance(node, MappingNode):
        for key, value in node.value:
            yield key.start_mark.line, key.start_mark.column, (*path, key.value)
            yield from _keys(value, (*path, key.value))
    elif isinstance(node, SequenceNode):
        for position, value in enumerate(node.value):
            yield from _keys(value, (*path, position))


@pytest.mark.parametrize("path", sorted([*PROJECT.glob("measures/*/*.yaml"), *FIXTURE_REPO.rglob("*.yaml"),
                                         PROJECT / "catalog.yaml"]), ids=lambda p: p.name)
def test_the_outline_finds_every_key_where_the_parser_does(path):
    text = path.read_text(encoding="utf-8")
    outline = Outline(text)
    for line, column, data_path in _keys(compose(text)):
        entry = outline.entry(line)
        assert entry is not None and (entry.path, entry.start) == (data_path, column), (line + 1, data_path)


@pytest.mark.parametrize("case", VARIANTS, ids=lambda case: case.name)
def test_the_outline_reads_broken_text(case):
    outline = Outline(case.text())
    assert outline.lines and all(entry.path for entry in outline.entries)


def test_a_key_typed_with_a_full_width_colon_keeps_its_path():
    text = variant("全角冒号和缺少要点").text()
    entry = Outline(text).entry(line_of(text, "daily："))
    assert entry.path == ("actions", "daily") and entry.value.startswith("审查")


def test_compact_lists_and_block_text():
    outline = Outline("content:\n- topic: 承接能力\n  text: |\n    第一段\n    key: 不是键\n- topic: 目录编制\nmethods: [书面检查]\n")
    assert [e.path for e in outline.entries] == [("content",), ("content", 0, "topic"), ("content", 0, "text"),
                                                 ("content", 1, "topic"), ("methods",)]
    assert outline.cursor(4, 6).in_text


# --- hover ---------------------------------------------------------------------------------


def test_hover_on_daily_is_the_chinese_title_description_and_example(demo):
    text = variant("全角冒号和缺少要点").text()
    line = line_of(text, "daily：")
    markdown, span = hover_text(Outline(text), INDEX, findings(demo, text), line, 3)
    assert markdown.startswith("**日常监管**") and "日常监督管理的做法" in markdown and "示例：" in markdown
    assert span == (line, 2, 7)


def test_hover_on_a_finding_shows_its_rule(demo):
    text = variant("全角冒号和缺少要点").text()
    line = line_of(text, "daily：")
    markdown, _ = hover_text(Outline(text), INDEX, findings(demo, text), line, 7)
    assert "**Y103 冒号写法不对**" in markdown and "好的写法" in markdown and "jianguan rules Y103" in markdown


def test_hover_on_a_list_value_and_a_topic(demo):
    text = (PROJECT / "measures" / "mz" / "QLH-MZ-004.yaml").read_text(encoding="utf-8")
    outline = Outline(text)
    method, _ = hover_text(outline, INDEX, [], line_of(text, "  - 书面检查"), 5)
    assert method.startswith("**监管方式**") and "可选值：书面检查、实地检查" in method
    topic, _ = hover_text(outline, INDEX, [], line_of(text, "topic: 目录编制"), 12)
    assert "承接事项的目录编制（四(一)4）" in topic
    assert hover_text(outline, INDEX, [], line_of(text, "# 假肢"), 3) is None


# --- completion ----------------------------------------------------------------------------


def completer(demo, text: str, snippets: bool = False) -> Completer:
    return Completer(Outline(text), INDEX, demo[1].catalog, snippets=snippets)


def labels(items) -> list[str]:
    return [item.label for item in sorted(items, key=lambda item: item.sort_text)]


def test_after_topic_the_missing_topics_of_the_category(demo):
    text = variant("全角冒号和缺少要点").text().replace("methods:\n", "  - topic: \nmethods:\n", 1)
    line = line_equal(text, "  - topic: ")
    assert labels(completer(demo, text).items(line, 11)) == ["目录编制"]
    on_new_item = completer(demo, text.replace("  - topic: \n", "  - \n")).items(line, 4)
    whole = next(item for item in on_new_item if item.label == "目录编制")
    assert whole.text_edit.new_text == "topic: 目录编制" and {"topic", "text"} <= set(labels(on_new_item))
    no_space = completer(demo, text.replace("  - topic: \n", "  - topic:\n")).items(line, 10)
    assert [item.text_edit.new_text for item in no_space] == [" 目录编制"]


def test_keys_in_schema_order_without_those_already_written(demo):
    text = variant("缺少一部分").text().replace("responsibility:", "re\nresponsibility:", 1)
    line = line_equal(text, "re")
    found = completer(demo, text).items(line, 2)
    written = {entry.path[0] for entry in Outline(text).entries if len(entry.path) == 1}
    assert labels(found) == [key for key in INDEX.properties(()) if key not in written]
    assert labels(found)[0] == "requirements" and "objects" not in labels(found)
    requirements = next(item for item in found if item.label == "requirements")
    assert requirements.detail == "工作要求" and "工作要求" in requirements.filter_text
    assert requirements.text_edit.new_text == "requirements:"
    snippet = next(i for i in completer(demo, text, snippets=True).items(line, 2) if i.label == "requirements")
    assert snippet.text_edit.new_text == "requirements:\n  - $0"


def test_values_from_the_schema_and_departments_from_the_catalogue(demo):
    text = (PROJECT / "measures" / "mz" / "QLH-MZ-004.yaml").read_text(encoding="utf-8")
    status = line_of(text, "  status: ")
    assert labels(completer(demo, text).items(status, len("  status: "))) == ["起草", "已报送", "编办审核通过",
                                                                              "法制审查通过", "已公布"]
    methods = text.replace("  - 信用监管\n", "  - 信用监管\n  - \n", 1)
    offered = labels(completer(demo, methods).items(line_of(methods, "  - 信用监管") + 1, 4))
    assert "飞行检查" in offered and "书面检查" not in offered
    lead = line_of(text, "  lead: ")
    departments = labels(completer(demo, text).items(lead, len("  lead: ")))
    assert departments[0] == "区民政局" and "区市场监管局" in departments


def test_nothing_is_offered_inside_block_text_or_a_comment(demo):
    text = "content:\n  - topic: 承接能力\n    text: |\n      第一段\n# 说明 re\nitem:  # 审批 co\n"
    assert completer(demo, text).items(3, 8) == []
    assert completer(demo, text).items(4, 7) == [] and completer(demo, text).items(5, 14) == []


def test_a_key_or_value_being_retyped_is_replaced_whole(demo):
    text = (PROJECT / "measures" / "mz" / "QLH-MZ-004.yaml").read_text(encoding="utf-8")
    line = line_equal(text, "objects:")
    objects = next(i for i in completer(demo, text.replace("objects:", "obj:", 1)).items(line, 2) if i.label == "objects")
    assert (objects.text_edit.range.start.character, objects.text_edit.range.end.character) == (0, 3)
    assert objects.text_edit.new_text == "objects"
    status = line_of(text, "  status: ")
    published = next(i for i in completer(demo, text).items(status, len("  status: 已")) if i.label == "起草")
    assert published.text_edit.range.end.character == len("  status: 已公布")


# --- quick fixes ---------------------------------------------------------------------------


def fixed(demo, text: str, rule: str, title_part: str = "", path: str = "measures/mz/QLH-MZ-004.yaml") -> str:
    """The text after the quick fix offered on the first `rule` finding (whose title has `title_part`)."""
    found = findings(demo, text, path)
    target = next(f for f in found if f.rule == rule)
    actions = Fixer(URI, Outline(text), INDEX, demo[1].catalog).actions(found, target.line - 1, target.line - 1)
    action = next(a for a in actions if title_part in a.title)
    return apply_edits(text, action.edit.changes[URI])


@pytest.mark.parametrize(("name", "rule"), [("冒号后缺少空格", "Y103"), ("冒号后全角空格", "Y104"), ("全角空格缩进", "Y104"),
                                            ("Tab 缩进", "Y105"), ("拼错的键", "S203"), ("中文键名", "S203"),
                                            ("不换行空格缩进", "Y104"), ("键名中看不见的字符", "Y112"),
                                            ("中文键名和全角冒号", "Y103"),
                                            ("以 @ 开头的值", "Y101"), ("以 [ 开头的值", "Y101"),
                                            ("读成列表的值", "S201"), ("Windows 换行", "Y103")])
def test_a_quick_fix_leaves_a_clean_measure(demo, name, rule):
    left = findings(demo, fixed(demo, variant(name).text(), rule))
    # quoted, a value that starts with @ is still what a spreadsheet takes for a formula (T603, a warning)
    assert [f.rule for f in left] == (["T603"] if name == "以 @ 开头的值" else [])


def test_the_colon_fix_removes_y103_and_leaves_the_missing_topic(demo):
    text = fixed(demo, variant("全角冒号和缺少要点").text(), "Y103", "全角冒号")
    assert [f.rule for f in findings(demo, text)] == ["M401"]
    assert "  daily: 审查" in text
    on_content = variant("要点所在键的全角冒号").text()
    assert {f.rule for f in findings(demo, on_content)} == {"Y103", "M401"}
    assert [f.rule for f in findings(demo, fixed(demo, on_content, "Y103", "全角冒号"))] == ["M401"]


@pytest.mark.parametrize(("name", "rule", "title", "path"), [
    ("缺少一部分", "S202", "添加工作要求（requirements）", "measures/mz/QLH-MZ-004.yaml"),
    ("缺少下一级的项", "S202", "添加监管周期（cycle）", "measures/mz/QLH-MZ-004.yaml"),
    ("缺少协同监管", "M405", "添加协同监管（collaboration）", "measures/wj/QLH-WJ-006.yaml"),
    ("全角冒号和缺少要点", "M401", "添加监管要点：目录编制", "measures/mz/QLH-MZ-004.yaml"),
])
def test_a_missing_part_is_inserted_from_the_scaffold(demo, name, rule, title, path):
    before = variant(name).text()
    after = fixed(demo, before, rule, title, path)
    left = findings(demo, after, path)
    assert rule not in {f.rule for f in left}
    # what is left is the scaffold's 待填写 (T601), in the inserted lines only, and what was there before
    assert {f.rule for f in left} - {f.rule for f in findings(demo, before, path)} <= {"T601"}
    assert any(f.rule == "T601" for f in left)
    Outline(after)  # and the file still reads


def test_all_missing_topics_at_once(demo):
    text = variant("全角冒号和缺少要点").text()
    text = text.replace("  - topic: 承接能力\n", "  - topic: 其他\n", 1).replace("  daily：", "  daily: ", 1)
    after = fixed(demo, text, "M401", "添加全部缺少的监管要点")
    assert "M401" not in {f.rule for f in findings(demo, after)}
    assert after.count("topic: 承接能力") == after.count("topic: 目录编制") == 1


def test_every_trap_in_the_file_at_once(demo):
    text = variant("全角冒号和缺少要点").text().replace("  cycle: ", "  cycle：", 1)
    after = fixed(demo, text, "Y103", "全部的全角冒号")
    assert [f.rule for f in findings(demo, after)] == ["M401"]


# --- document symbols ----------------------------------------------------------------------


def test_the_outline_of_a_measure_is_numbered_like_the_published_document():
    text = (PROJECT / "measures" / "mz" / "QLH-MZ-004.yaml").read_text(encoding="utf-8")
    symbols = Symbols(Outline(text), INDEX).tree()
    from ruamel.yaml import YAML

    sections = MeasureView(INDEX).sections(YAML(typ="safe").load(text))
    names = [s.name for s in symbols]
    # the outline follows the file; each section carries the number it has in the printed document
    assert sorted(name for name in names if "、" in name) == sorted(f"{s.number}、{s.title}" for s in sections)
    assert [name.split("、")[1] for name in names if "、" in name] == [
        s.title for s in sorted(sections, key=lambda s: text.index(f"\n{s.key}:"))]
    assert names[:3] == ["模板版本", "审批事项", "监管责任科室"]
    content = next(s for s in symbols if s.name.endswith("、监管内容"))
    assert [c.name for c in content.children][:2] == ["承接能力", "目录编制"]
    for symbol in symbols:
        assert symbol.range.start.line <= symbol.selection_range.start.line <= symbol.range.end.line
        for child in symbol.children or []:
            assert symbol.range.start.line <= child.range.start.line <= child.range.end.line <= symbol.range.end.line


def test_the_outline_of_the_catalogue_names_items_by_code_and_name():
    text = (PROJECT / "catalog.yaml").read_text(encoding="utf-8")
    symbols = Symbols(Outline(text), CATALOG_INDEX, measure=False).tree()
    items = next(s for s in symbols if s.detail == "items")
    assert items.children[0].name.startswith("QLH-") and len(items.children) >= 40


# --- any text at all -----------------------------------------------------------------------

YAMLISH = st.lists(st.sampled_from(["content", "topic", "daily", "item", "code", ":", "：", " ", "  ", "- ", "\n",
                                   "\t", "\u3000", "#", "|", ">", "[", "]", "{", "}", "'", '"', "@", "*", "&",
                                   "承接能力", "待填写", "𠀀", "QLH-MZ-004", "actions", "plan", "\r\n"]),
                   max_size=60).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(YAMLISH, st.integers(0, 40), st.integers(0, 80))
def test_every_feature_answers_on_any_text(demo, text, line, column):
    outline = Outline(text)
    line = min(line, len(outline.lines) - 1)
    column = min(column, len(outline.lines[line]))
    found = findings(demo, text)
    hover_text(outline, INDEX, found, line, column)
    Completer(outline, INDEX, demo[1].catalog, snippets=True).items(line, column)
    Fixer(URI, outline, INDEX, demo[1].catalog).actions(found, 0, len(outline.lines))
    for symbol in Symbols(outline, INDEX).tree():
        assert symbol.range.start.line <= symbol.range.end.line
