"""The text report: each changed measure, its changed fields by Chinese path, the words marked.

Deleted words are written [-like this-] and inserted ones {+like this+} (as git diff --word-diff
does), so the report reads the same on a terminal (where they are also coloured) and in a file.
"""

from __future__ import annotations

from rich.text import Text

from jianguan_cli.diffing.changes import ADDED, KIND_LABELS, MODIFIED, REMOVED, RENAMED, DiffReport, MeasureChange
from jianguan_cli.diffing.compare import FieldNode

STATUS_LABELS = {"added": "新增", "removed": "删除", "changed": "修改"}
_INDENT = "    "


def text_report(report: DiffReport) -> Text:
    """The whole report, ending with its summary line."""
    out = Text()
    out.append(f"比较：{report.revision.describe()} → 工作区\n")
    for change in report.measures:
        out.append("\n")
        out.append(measure_line(change) + "\n", style="bold")
        if change.kind in (MODIFIED, RENAMED):
            for node in change.fields:
                _field(out, node)
    out.append("\n" + summary_line(report) + "\n")
    return out


def measure_line(change: MeasureChange) -> str:
    """修改 QLH-MZ-004 假肢和……资格认定（measures/mz/QLH-MZ-004.yaml）."""
    heading = f"{change.code} {change.name}".strip()
    if change.kind == RENAMED:
        verb = "改名并修改" if change.fields else "改名"
        return f"{verb} {heading}：{change.old.path} → {change.new.path}"
    return f"{KIND_LABELS[change.kind]} {heading}（{change.current.path}）"


def summary_line(report: DiffReport) -> str:
    """共 4 份监管办法有改动：新增 1 份，删除 1 份，修改 1 份，改名 1 份；修改的内容共 3 处。"""
    if not report.measures:
        return f"{report.revision.describe()}以来，监管办法没有改动。"
    kinds = "，".join(f"{KIND_LABELS[kind]} {report.count(kind)} 份"
                     for kind in (ADDED, REMOVED, MODIFIED, RENAMED) if report.count(kind))
    fields = f"；修改的内容共 {report.field_count} 处" if report.field_count else ""
    return f"共 {len(report.measures)} 份监管办法有改动：{kinds}{fields}。"


def _field(out: Text, node: FieldNode) -> None:
    out.append(f"  {node.label}：{STATUS_LABELS[node.status]}\n")
    if node.status == "changed":
        _marked(out, "原：", [(p.text, p.op == "delete") for p in node.pieces if p.op != "insert"], "[-", "-]",
                "red strike")
        _marked(out, "新：", [(p.text, p.op == "insert") for p in node.pieces if p.op != "delete"], "{+", "+}",
                "green underline")
    else:
        _marked(out, "原：" if node.status == "removed" else "新：",
                [(node.old if node.status == "removed" else node.new or "", False)], "", "", "")


def _marked(out: Text, lead: str, parts: list[tuple[str, bool]], start: str, end: str, style: str) -> None:
    out.append(_INDENT + lead)
    for text, changed in parts:
        text = text.replace("\n", "\n" + _INDENT + "  ")
        out.append(f"{start}{text}{end}" if changed else text, style=style if changed else "")
    out.append("\n")
