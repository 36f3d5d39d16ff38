"""Each rule's documented examples (`jianguan rules ID`) hold: the good one is clean of that rule, the
bad one triggers it, linted as the rule cases are (a repository with only that rule enabled)."""

from __future__ import annotations

import io
import re

import pytest
from ruamel.yaml import YAML

from jianguan_cli.rules import CATALOG, DEADLINE, MEASURE, RULES
from conftest import PROJECT
from test_rule_cases import case_repository, findings_for

EXAMPLE = re.compile(r"^(好的写法|有问题的写法)[^\n]*::\n\n((?:(?:    [^\n]*)?\n)+)", re.M)
# what the documentation says around an example: the day of the check, the item the measure is for
TODAY = {"D701": "2017-06-01", "D702": "2017-07-10"}
ITEM_OF = {"M401": "QLH-WJ-006", "M405": "QLH-MZ-004", "M406": "QLH-MZ-004", "M407": "QLH-JY-004",
           "M408": "QLH-MZ-004"}
# a catalogue entry written with its code only, completed so that the catalogue can be read
ITEM_DEFAULTS = {"name": "养老机构设立许可", "category": "保留", "department": "mz"}


def examples(rule_id: str) -> dict[str, str]:
    """The rule's first good and first bad example, unindented."""
    found: dict[str, str] = {}
    for match in EXAMPLE.finditer(RULES[rule_id].doc + "\n"):
        kind = "good" if match.group(1) == "好的写法" else "bad"
        found.setdefault(kind, re.sub(r"^    ", "", match.group(2), flags=re.M).strip("\n") + "\n")
    return found


def as_case(rule_id: str, snippet: str) -> dict:
    """The snippet as the file it shows: a measure, or for catalogue rules the catalogue."""
    # the documentation speaks of the bundled district (QLH-MZ-001 …)
    case: dict = {"today": TODAY.get(rule_id, "2017-05-01"),
                  "catalog": (PROJECT / "catalog.yaml").read_text(encoding="utf-8")}
    if RULES[rule_id].stage != CATALOG:
        if rule_id in ITEM_OF and "item:" not in snippet:
            snippet = f"item:\n  code: {ITEM_OF[rule_id]}\n" + snippet
        return {**case, "measure": snippet, "path": "measures/mz/QLH-MZ-001.yaml"}
    return {**case, "catalog": demo_catalog_with(snippet)}


def demo_catalog_with(snippet: str) -> str:
    """The bundled catalogue with the example's departments or items in place of its own."""
    yaml = YAML(typ="safe")
    catalog = yaml.load(PROJECT / "catalog.yaml")
    shown = yaml.load("items:\n" + re.sub(r"^", "  ", snippet, flags=re.M) if snippet.startswith("- ") else snippet)
    catalog.update(shown)
    catalog["items"] = [{**ITEM_DEFAULTS, **item} for item in catalog["items"]]
    text = io.StringIO()
    YAML().dump(catalog, text)
    return text.getvalue()


DOCUMENTED = [rule_id for rule_id, rule in sorted(RULES.items())
              if rule.check is not None and rule.stage in (MEASURE, DEADLINE, CATALOG) and examples(rule_id)]


def test_every_checked_rule_documents_a_good_and_a_bad_example():
    for rule_id in DOCUMENTED:
        assert set(examples(rule_id)) == {"good", "bad"}, rule_id


@pytest.mark.parametrize("rule_id", DOCUMENTED)
@pytest.mark.parametrize("kind", ["good", "bad"])
def test_documented_example(rule_id, kind, tmp_path):
    case = as_case(rule_id, examples(rule_id)[kind])
    found = [f for f in findings_for(case_repository(tmp_path / "repo", rule_id, case), rule_id, case)
             if f.rule == rule_id]
    if kind == "good":
        assert found == [], f"{rule_id}'s good example is reported: {found}"
    else:
        assert found, f"{rule_id}'s bad example is not reported"
