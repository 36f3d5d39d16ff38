"""The word-granular comparison and the tracked-change redline on generated input (Hypothesis)."""

from __future__ import annotations

import io

import docx
import pytest
from hypothesis import given, settings, strategies as st

from docx_revisions import body_of, libreoffice_misnumbered, paragraphs, resolved, tracked
from jianguan_cli.diffing.compare import MeasureComparer, changes
from jianguan_cli.diffing.redline import redline
from jianguan_cli.diffing.words import new_text, old_text, word_diff, word_starts
from jianguan_cli.rendering.viewmodel import MeasureView
from jianguan_cli.resources import load_schema, template_dir
from jianguan_cli.schema import SchemaIndex

CHINESE = st.sampled_from(list("监管部门企业检查抽查随机公开年度报告责令改正的和不低于，。、（）20%3")) | st.sampled_from(
    ["\t", "\n", " ", "a", "B"])
TEXTS = st.text(CHINESE, max_size=40)


def ops(pieces):
    return [(p.op, p.text) for p in pieces]


def test_a_reworded_phrase_is_one_deletion_and_one_insertion():
    pieces = word_diff("对报告内容不全的企业进行约谈。", "对报告内容不全的企业约谈其法定代表人并责令说明情况。")
    assert [op for op, _ in ops(pieces)] == ["equal", "delete", "insert", "equal"]


def test_a_changed_number_is_the_whole_word():
    assert ops(word_diff("每年抽取不低于20%的企业", "每年抽取不低于30%的企业")) == [
        ("equal", "每年抽取不低于"), ("delete", "20%"), ("insert", "30%"), ("equal", "的企业")]


def test_a_changed_character_inside_a_word_changes_the_word():
    assert ops(word_diff("开展实地检查", "开展现场检查")) == [
        ("equal", "开展"), ("delete", "实地"), ("insert", "现场"), ("equal", "检查")]


def test_short_common_characters_do_not_break_a_rewritten_clause_into_confetti():
    pieces = word_diff("当场责令改正并复查", "依法责令限期整改")
    assert len([p for p in pieces if p.op != "equal"]) <= 2


@settings(max_examples=300, deadline=None)
@given(TEXTS, TEXTS)
def test_both_texts_come_back_and_changes_are_whole_words(old, new):
    pieces = word_diff(old, new)
    assert old_text(pieces) == old and new_text(pieces) == new
    assert all(p.text for p in pieces)
    assert all(a.op != b.op for a, b in zip(pieces, pieces[1:]))
    assert all(not (a.op == "insert" and b.op == "delete") for a, b in zip(pieces, pieces[1:]))
    old_at = new_at = 0
    for piece in pieces:  # every change starts and ends where a word does, in its own text
        if piece.op == "delete":
            assert {old_at, old_at + len(piece.text)} <= word_starts(old)
        if piece.op == "insert":
            assert {new_at, new_at + len(piece.text)} <= word_starts(new)
        old_at += len(piece.text) if piece.op != "insert" else 0
        new_at += len(piece.text) if piece.op != "delete" else 0


def document(entries: list[tuple[str, str]]) -> bytes:
    made = docx.Document()
    for style, text in entries:
        made.add_paragraph(text, style=style)
    buffer = io.BytesIO()
    made.save(buffer)
    return buffer.getvalue()


PARAGRAPHS = st.lists(st.tuples(st.sampled_from(["Normal", "Heading 1", "Title", "List Number"]), TEXTS),
                      min_size=1, max_size=6)


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(PARAGRAPHS, PARAGRAPHS)
def test_accepting_gives_the_new_document_and_rejecting_the_old(old, new):
    before, after = document(old), document(new)
    body = body_of(redline(before, after, "测试", "2017-06-10T15:30:00"))
    assert paragraphs(resolved(body, accept=True)) == paragraphs(body_of(after))
    assert paragraphs(resolved(body, accept=False)) == paragraphs(body_of(before))


def official(entries: list[tuple[str, str]]) -> bytes:
    """A document on jianguan's reference .docx, whose Heading 1 and Item 2 styles number 一、 and （一）."""
    made = docx.Document(str(template_dir() / "docx" / "reference.docx"))
    for style, text in entries:
        made.add_paragraph(text, style=style)
    buffer = io.BytesIO()
    made.save(buffer)
    return buffer.getvalue()


H, ITEM, N = "Heading 1", "Item 2", "Normal"
TWO_LISTS = [(H, "监管对象"), (ITEM, "甲"), (ITEM, "乙"), (ITEM, "丙"), (H, "监管内容"), (ITEM, "丁"), (ITEM, "戊")]
SECTIONS = [(H, "监管依据"), (ITEM, "甲"), (ITEM, "乙"), (H, "信用监管"), (N, "丙"), (H, "投诉举报"), (ITEM, "丁"),
            (ITEM, "戊")]


@pytest.mark.parametrize(("old", "new"), [
    pytest.param([*TWO_LISTS[:2], (ITEM, "乙"), *TWO_LISTS[4:]], [*TWO_LISTS[:1], (N, "甲"), *TWO_LISTS[4:]],
                 id="a list of two keeps its first entry, unnumbered"),
    pytest.param([*TWO_LISTS[:2], (ITEM, "乙"), *TWO_LISTS[4:]], [*TWO_LISTS[:1], (N, "乙"), *TWO_LISTS[4:]],
                 id="a list of two keeps its second entry, unnumbered"),
    pytest.param(TWO_LISTS, [*TWO_LISTS[:3], *TWO_LISTS[4:]], id="the last entry goes"),
    pytest.param(TWO_LISTS, [*TWO_LISTS[:2], *TWO_LISTS[3:]], id="an entry in the middle goes"),
    pytest.param(SECTIONS, [*SECTIONS[:3], *SECTIONS[5:]], id="a section goes"),
])
def test_libreoffice_numbers_unchanged_paragraphs_as_both_versions_do(old, new):
    for before, after in ((old, new), (new, old)):  # and the other way round: the paragraphs come
        redlined = redline(official(before), official(after), "测试", None)
        body = body_of(redlined)
        assert paragraphs(resolved(body, accept=True)) == paragraphs(body_of(official(after)))
        assert paragraphs(resolved(body, accept=False)) == paragraphs(body_of(official(before)))
        assert libreoffice_misnumbered(redlined) == []


def test_libreoffice_takes_the_entry_after_a_deleted_first_one_for_the_deleted_one():
    # hung on the heading's mark the deleted entry would take the heading's properties and LibreOffice would
    # number it among the headings of the original: every later heading then shows a wrong original number
    redlined = redline(official(TWO_LISTS), official([*TWO_LISTS[:1], *TWO_LISTS[2:]]), "测试", None)
    assert libreoffice_misnumbered(redlined) == ["乙"]
    assert paragraphs(resolved(body_of(redlined), accept=False)) == paragraphs(body_of(official(TWO_LISTS)))


def test_an_unchanged_document_has_no_tracked_change():
    same = document([("Title", "标题"), ("Normal", "正文")])
    body = body_of(redline(same, same, "测试", None))
    assert tracked(body, "ins") == tracked(body, "del") == []


def test_a_changed_style_is_a_tracked_formatting_change():
    body = body_of(redline(document([("Normal", "监管对象")]), document([("Heading 1", "监管对象")]), "测试", None))
    change = body.find(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pPrChange")
    assert change is not None and change.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}date") is None


def test_a_field_that_changes_kind_is_one_changed_field():
    comparer = MeasureComparer(MeasureView(SchemaIndex(load_schema("measure"))))
    tree = comparer.compare({"actions": {"hazard_screening": "每季度排查一次。"}},
                            {"actions": {"hazard_screening": {"not_applicable": "该事项不涉及生产经营场所。"}}})
    (field,) = changes(tree)
    assert (field.label, field.status, field.old) == ("监管措施 › 危险隐患排查", "changed", "每季度排查一次。")
    assert "该事项不涉及生产经营场所。" in field.new


def test_values_of_another_type_are_a_change_even_when_they_read_the_same():
    comparer = MeasureComparer(MeasureView(SchemaIndex(load_schema("measure"))))
    (field,) = changes(comparer.compare({"plan": {"random_check_ratio": 20}}, {"plan": {"random_check_ratio": "20"}}))
    assert field.label == "监管计划 › 随机抽查比例"


KEYS = st.sampled_from(["objects", "actions", "daily", "plan", "random_check_ratio", "handling", "未知", "text"])
DATA = st.recursive(st.none() | st.booleans() | st.integers(-5, 200) | TEXTS,
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4), max_leaves=12)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(KEYS, DATA, max_size=5), st.dictionaries(KEYS, DATA, max_size=5))
def test_any_two_measures_compare_and_a_change_is_found_exactly_when_they_differ(old, new):
    from jianguan_cli.diffing.compare import canonical

    found = list(changes(MeasureComparer(MeasureView(SchemaIndex(load_schema("measure")))).compare(old, new)))
    assert bool(found) == (canonical(old) != canonical(new))
    assert all(field.label and field.status in ("added", "removed", "changed") for field in found)
