"""Titles break between words into a trapezoid or a diamond (GB/T 9704 7.3.1)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jianguan_cli.rendering.title_lines import DOMAIN_WORDS, title_lines, width, words

CAPACITY = 20.2  # 2号 characters on the 156 mm type area

# The examples of bad breaks, each a word that must stay on one line.
WHOLE = ("资格认定", "事中事后", "（模版）", "(辅助器具)", "关于印发", "七里河区人力资源和社会保障局")


def shaped(widths: list[float]) -> bool:
    steps = [b - a for a, b in itertools.pairwise(widths)]
    if all(s >= -0.01 for s in steps) or all(s <= 0.01 for s in steps):
        return True
    peak = widths.index(max(widths))
    return all(s >= -0.01 for s in steps[:peak]) and all(s <= 0.01 for s in steps[peak:])


@pytest.mark.parametrize(("title", "expected"), [
    ("养老机构设立许可事中事后监管办法", ["养老机构设立许可事中事后监管办法"]),
    ("假肢和矫形器(辅助器具)生产装配企业资格认定事中事后监管办法",
     ["假肢和矫形器(辅助器具)生产装配", "企业资格认定事中事后监管办法"]),
    ("七里河区人力资源和社会保障局关于印发《劳务派遣经营许可事中事后监管办法》的通知",
     ["七里河区人力资源和社会保障局", "关于印发《劳务派遣经营许可", "事中事后监管办法》的通知"]),
])
def test_known_titles(title, expected):
    assert title_lines(title, CAPACITY, ("七里河区人力资源和社会保障局",)) == expected


@pytest.mark.parametrize("title", [
    "××××（事项）事中事后监管办法（模版）",
    "七里河区民政局关于印发《假肢和矫形器(辅助器具)生产装配企业资格认定事中事后监管办法》的通知",
    "实施中等及中等以下学历教育、学前教育、自学考试助学及其他文化教育的民办学校筹备、设立审批事中事后监管办法",
    "七里河区人力资源和社会保障局关于印发行政审批事项事中事后监管办法的通知",
])
def test_words_stay_whole_and_lines_fit_in_a_good_shape(title):
    lines = title_lines(title, CAPACITY, ("七里河区人力资源和社会保障局", "七里河区民政局"))
    assert "".join(lines) == title
    assert all(width(line) <= CAPACITY for line in lines) and shaped([width(line) for line in lines])
    for word in WHOLE:
        if word in title:
            assert any(word in line for line in lines), f"{word} broken: {lines}"
    assert not any(line.endswith(("关于", "的", "《", "（", "(")) for line in lines[:-1])
    assert not any(line.startswith(("》", "）", ")", "、", "，")) for line in lines[1:])


def test_domain_words_are_single_pieces():
    pieces = words("××××（事项）事中事后监管办法（模版）")
    assert "（模版）" in pieces and "（事项）" in pieces and any("事中事后" in p for p in pieces)
    assert all(any(word in piece for piece in words(f"某某{word}某某")) for word in DOMAIN_WORDS)


phrase = st.sampled_from(["行政审批", "事中事后", "监管办法", "资格认定", "养老机构", "设立许可", "河道管理", "范围内",
                          "建设项目", "（模版）", "和", "、", "生产装配", "企业", "关于印发", "《", "》", "的通知",
                          "GB/T 24431-2009", "七里河区", "水务局"])


@settings(max_examples=150, deadline=None)
@given(st.lists(phrase, min_size=1, max_size=14))
def test_any_title_is_kept_whole_and_within_the_type_area_when_its_words_fit(parts):
    title = "".join(parts)
    lines = title_lines(title, CAPACITY)
    assert "".join(lines) == title and lines
    if all(width(piece) <= CAPACITY for piece in words(title)):
        assert all(width(line) <= CAPACITY for line in lines)
