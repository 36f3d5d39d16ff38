"""Properties of the checks for valid YAML that means something else (Y121, Y122, Y123)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jianguan_cli.authoring.formatting import Formatter
from jianguan_cli.loading import load_bytes
from jianguan_cli.resources import load_schema
from jianguan_cli.schema import SchemaIndex

INDEX = SchemaIndex(load_schema("measure"))
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
SENTENCE = st.text(CJK, min_size=2, max_size=40)


def broken(sentence: str, cuts: list[int], quoted: bool) -> str:
    """A measure snippet with `sentence` broken over lines at `cuts`, as a clerk's editor wraps it."""
    points = sorted({cut % (len(sentence) - 1) + 1 for cut in cuts})
    parts = [sentence[start:end] for start, end in zip([0, *points], [*points, len(sentence)])]
    quote = '"' if quoted else ""
    return "responsible_unit: " + quote + "\n  ".join(parts) + quote + "\n"


@settings(max_examples=60, deadline=None)
@given(SENTENCE, st.lists(st.integers(min_value=0), min_size=1, max_size=4), st.booleans())
def test_every_break_inside_a_chinese_sentence_is_reported_and_fix_joins_it(sentence, cuts, quoted):
    text = broken(sentence, cuts, quoted)
    doc = load_bytes(text.encode("utf-8"), "x.yaml", INDEX.keys)
    breaks = text.count("\n") - 1
    assert [(p.rule, p.line, p.column) for p in doc.problems] == [("Y122", line, 3) for line in range(2, breaks + 2)]
    fixed = Formatter(INDEX, fix=True).format(text.encode("utf-8"), None).text
    assert load_bytes(fixed.encode("utf-8"), "x.yaml", INDEX.keys).data == {"responsible_unit": sentence}


@settings(max_examples=60, deadline=None)
@given(st.lists(SENTENCE, min_size=2, max_size=5), st.integers(min_value=1, max_value=4), st.data())
def test_a_folded_item_is_reported_and_the_list_read_as_meant(items, extra, data):
    folded = data.draw(st.integers(min_value=1, max_value=len(items) - 1))
    lines = ["objects:"] + [("  " + " " * extra if i == folded else "  ") + "- " + item for i, item in enumerate(items)]
    doc = load_bytes(("\n".join(lines) + "\n").encode("utf-8"), "x.yaml", INDEX.keys)
    assert [(p.rule, p.line, p.column) for p in doc.problems] == [("Y121", folded + 2, 3 + extra)]
    assert doc.data == {"objects": items}
