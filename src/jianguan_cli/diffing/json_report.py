"""The JSON report: a stable, versioned contract for other systems (schemas/diff.schema.json)."""

from __future__ import annotations

import json

from jianguan_cli import __version__
from jianguan_cli.diffing.changes import ADDED, MODIFIED, REMOVED, RENAMED, DiffReport, MeasureChange
from jianguan_cli.diffing.compare import FieldNode

DIFF_REPORT_VERSION = 1


def report_dict(report: DiffReport) -> dict:
    """The report as plain data, following diff.schema.json."""
    return {
        "version": DIFF_REPORT_VERSION,
        "tool": {"name": "jianguan", "version": __version__},
        "revision": {"name": report.revision.name, "commit": report.revision.commit},
        "measures": [_measure(change) for change in report.measures],
        "summary": {"measures": len(report.measures), "added": report.count(ADDED), "removed": report.count(REMOVED),
                    "modified": report.count(MODIFIED), "renamed": report.count(RENAMED),
                    "fields": report.field_count},
    }


def _measure(change: MeasureChange) -> dict:
    return {
        "code": change.code, "name": change.name, "change": change.kind,
        "old_path": change.old.path if change.old else None, "new_path": change.new.path if change.new else None,
        "author": change.signature.author, "date": change.signature.date,
        "fields": [_field(node) for node in change.fields],
    }


def _field(node: FieldNode) -> dict:
    return {"path": list(node.path), "label": node.label, "change": node.status, "old": node.old, "new": node.new,
            "words": [{"op": piece.op, "text": piece.text} for piece in node.pieces]}


def render_json(report: DiffReport) -> str:
    """The JSON text of the report."""
    return json.dumps(report_dict(report), ensure_ascii=False, indent=2) + "\n"
