"""Hover: the Chinese title, description and example of a key from the schema; on a finding, its rule."""

from __future__ import annotations

from jianguan_cli.domain import TOPIC_NOTES
from jianguan_cli.findings import Finding
from jianguan_cli.lsp.diagnostics import finding_span, rule_markdown
from jianguan_cli.lsp.facts import allowed_values
from jianguan_cli.lsp.outline import Entry, Outline, unquoted
from jianguan_cli.rules import RULES
from jianguan_cli.schema import SchemaIndex


def hover_text(outline: Outline, index: SchemaIndex, findings: list[Finding], line: int, column: int
               ) -> tuple[str, tuple[int, int, int] | None] | None:
    """Markdown for the place at (`line`, character `column`), and the span it describes; None for nothing."""
    parts, span = [], None
    for finding in findings:
        number, start, end = finding_span(outline.lines, finding)
        if number == line and start <= column <= end and finding.rule in RULES:
            parts.append(rule_markdown(finding.rule))
            span = span or (number, start, end)
    entry = outline.entry(line)
    if entry is not None and column >= entry.first_column:
        described = describe(index, entry)
        if described:
            parts.insert(0, described)
            span = (line, entry.start, entry.key_end if entry.key else len(outline.lines[line].rstrip()))
    return ("\n\n---\n\n".join(parts), span) if parts else None


def describe(index: SchemaIndex, entry: Entry) -> str:
    """What the schema says about the key (or list item) on an entry's line, in Markdown."""
    path = entry.path
    node = index.at(path)
    if entry.key is None and isinstance(path[-1], int):  # "- value": the list's own description
        node, path = index.at(path[:-1]), path[:-1]
    if not node:
        return ""
    title = node.get("title", str(path[-1]) if path else "")
    lines = [f"**{title}**　`{_dotted(path)}`　{index.label(path)}"]
    if node.get("description"):
        lines.append(node["description"])
    example = index.example(path) if path and isinstance(path[-1], str) else ""
    if example:
        lines.append(f"示例：`{example}`")
    choices = allowed_values(index, entry.path)
    if choices:
        lines.append("可选值：" + "、".join(choices))
    note = TOPIC_NOTES.get(unquoted(entry.value)) if entry.key == "topic" else None
    if note:
        lines.append(f"“{unquoted(entry.value)}”：{note}")
    return "\n\n".join(lines)


def _dotted(path) -> str:
    return "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in path).lstrip(".") or "（整个文件）"
