"""jianguan's 1-based character columns and the protocol's 0-based code units, in every encoding."""

from __future__ import annotations

from hypothesis import given, strategies as st

from jianguan_cli.findings import Finding, Severity
from jianguan_cli.lsp.diagnostics import finding_span, to_diagnostic
from jianguan_cli.lsp.positions import UTF8, UTF16, UTF32, finding_start, from_client, split_lines, to_client

# ASCII, Chinese (one UTF-16 unit, three UTF-8 bytes) and characters outside the BMP (two units, four bytes)
LINE = st.text(st.sampled_from(["a", " ", ":", "监", "管", "：", "\u3000", "é", "𠀀", "😀", "\t"]), max_size=30)
CODECS = {UTF8: "utf-8", UTF16: "utf-16-le", UTF32: "utf-32-le"}
WIDTH = {UTF8: 1, UTF16: 2, UTF32: 4}


@given(LINE, st.data(), st.sampled_from([UTF8, UTF16, UTF32]))
def test_code_units_are_those_of_the_encoding(line, data, encoding):
    index = data.draw(st.integers(0, len(line)))
    expected = len(line[:index].encode(CODECS[encoding])) // WIDTH[encoding]
    assert to_client(line, index, encoding) == expected
    assert from_client(line, expected, encoding) == index


@given(LINE, st.sampled_from([UTF8, UTF16]))
def test_a_position_inside_a_character_means_that_character(line, encoding):
    for index, char in enumerate(line):
        start = to_client(line, index, encoding)
        for inside in range(start, to_client(line, index + 1, encoding)):
            assert from_client(line, inside, encoding) == index, (char, inside)


def test_beyond_the_end_of_a_line_is_its_end():
    assert from_client("监管", 99) == 2 and from_client("ab", 99) == 2 and from_client("", 3) == 0
    assert from_client("𠀀", 1) == 0 and from_client("𠀀", 2) == 1


def test_lines_end_as_the_protocol_says():
    assert split_lines("a\r\nb\rc\nd") == ["a", "b", "c", "d"]
    assert split_lines("a\n") == ["a", ""]


def test_a_byte_order_mark_shifts_the_first_line_only():
    lines = ["\ufeffschema_version：1", "item:"]
    assert finding_start(lines, 1, 15) == (0, 15)
    assert finding_start(lines, 2, 1) == (1, 0)


def finding(line: int, column: int, rule: str = "T601") -> Finding:
    return Finding("measures/mz/QLH-MZ-004.yaml", line, column, rule, Severity.ERROR, "消息", "提示")


def test_characters_outside_the_bmp_count_two_units_in_utf16_one_column_in_jianguan():
    lines = ["schema_version: 1", "responsible_unit: 𠀀𠀁社会事务科待填写"]
    column = lines[1].index("待") + 1  # jianguan's column: one per character
    diagnostic = to_diagnostic(lines, finding(2, column))
    assert diagnostic.range.start.line == 1
    assert diagnostic.range.start.character == column - 1 + 2  # two surrogate pairs before it
    assert diagnostic.range.end.character == len(lines[1].encode("utf-16-le")) // 2
    assert to_diagnostic(lines, finding(2, column), UTF8).range.start.character == len(
        lines[1][:column - 1].encode("utf-8"))


def test_spans_cover_the_word_or_the_one_mistyped_character():
    lines = ["responsible_unit：区民政局", "objcts:", "  - 待填写（说明） 其他"]
    assert finding_span(lines, finding(1, 17, "Y103")) == (0, 16, 17)
    assert finding_span(lines, finding(2, 1, "S203")) == (1, 0, 6)
    assert finding_span(lines, finding(3, 5)) == (2, 4, 11)
    assert finding_span(["", "x"], finding(1, 1)) == (0, 0, 0)


def test_a_finding_beyond_the_text_stays_inside_it():
    number, start, end = finding_span(["a: 1"], finding(9, 40))
    assert number == 0 and start == end == 4
