"""README.md stays in step with the code: the two commands and the rule table."""

from __future__ import annotations

import re

from conftest import PROJECT
from jianguan_cli.rules import RULES

README = (PROJECT / "README.md").read_text(encoding="utf-8")


def test_the_two_commands_are_there():
    assert "pip install -e . && jianguan lint" in README
    assert 'pip install -e ".[test]" && pytest' in README


def test_every_rule_is_in_the_table_with_its_title_and_severity():
    rows = {m["id"]: (m["title"], m["severity"])
            for m in re.finditer(r"^\| (?P<id>[A-Z]\d{3}) \| (?P<title>[^|]+) \| (?P<severity>[^|]+) \|", README, re.M)}
    assert set(rows) == set(RULES)
    for rule_id, rule in RULES.items():
        assert rows[rule_id] == (rule.title, rule.severity.label)


def test_ci_runs_the_readme_test_command():
    ci = (PROJECT / ".ci" / "run").read_text(encoding="utf-8")
    assert '-e ".[test]"' in ci and "pytest" in ci
