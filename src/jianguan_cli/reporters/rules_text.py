"""`jianguan rules` in the terminal: the rule table and one rule's page, wrapped to the terminal's width."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Group
from rich.table import Table
from rich.text import Text

from jianguan_cli.rules import Rule
from jianguan_cli.doctext import plain_text


def rule_table(rules: Iterable[Rule]) -> Table:
    """Every rule with its whole first paragraph: folded onto more lines, never cut with an ellipsis."""
    table = Table("编号", "名称", "默认级别", "说明", title="jianguan 检查规则")
    for column in table.columns[:3]:
        column.no_wrap = True
    table.columns[3].overflow = "fold"
    for rule in sorted(rules, key=lambda r: r.id):
        # Text, not markup: `[deadlines]` in a description is not a rich style tag
        table.add_row(rule.id, Text(rule.title), rule.severity.label, Text(rule.first_paragraph))
    return table


def rule_page(rule: Rule) -> Group:
    """One rule: its heading, the description wrapped, the examples kept line for line."""
    lines = [Text(f"{rule.id} {rule.title}（{rule.name}，默认级别：{rule.severity.label}）", style="bold"), Text()]
    for line in plain_text(rule.doc).split("\n"):
        example = line.startswith(" ")
        lines.append(Text(line, no_wrap=example, overflow="ignore" if example else "fold"))
    return Group(*lines)
