"""The text rules look at the file's text to skip walking its values; that shortcut never hides a finding."""

from __future__ import annotations

import io

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from jianguan_cli.rules import RULES, RuleContext

# the characters the shortcuts look for, beside Chinese text, spaces and what YAML quotes
VALUE = st.text(st.sampled_from(list("“”‘’=+@-\t 甲乙a1:#'\"[],{}Xx×Ｘ○〇待填写TODO\\")), max_size=12)
SKIPPING = ("T601", "T603", "T604")


def _dumped(values: list[str], flow: bool) -> tuple[dict, str]:
    yaml = YAML()
    yaml.default_flow_style = flow
    stream = io.StringIO()
    yaml.dump({"requirements": values, "complaints": {"email": values[0] if values else "a@b.cn"}}, stream)
    text = stream.getvalue()
    try:
        return YAML(typ="safe").load(text), text
    except YAMLError:  # ruamel.yaml writes some flow values it cannot read back (":1"): not ours to test
        return None, text


@settings(max_examples=300, deadline=None)
@given(st.lists(VALUE, min_size=1, max_size=4), st.booleans())
def test_a_rule_finds_the_same_with_and_without_its_shortcut(values, flow):
    data, text = _dumped(values, flow)
    assume(data is not None)
    for rule_id in SKIPPING:
        check = RULES[rule_id].check
        with_text = list(check(RuleContext(data, "m.yaml", text=text)))
        without = list(check(RuleContext(data, "m.yaml")))
        assert with_text == without, (rule_id, text)
