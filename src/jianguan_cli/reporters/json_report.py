"""The JSON report: a stable, versioned contract (schemas/report.schema.json)."""

from __future__ import annotations

import json
from typing import TextIO

from jianguan_cli import __version__
from jianguan_cli.results import LintResult

REPORT_VERSION = 1


def report_dict(result: LintResult) -> dict:
    """The report as plain data, following report.schema.json (coverage is null for lint)."""
    return {
        "version": REPORT_VERSION,
        "tool": {"name": "jianguan", "version": __version__},
        "findings": [f.as_dict() for f in result.findings],
        "coverage": result.coverage.as_dict() if result.coverage is not None else None,
        "summary": {"files": result.files, "errors": result.errors, "warnings": result.warnings},
    }


def render_json(result: LintResult, stream: TextIO) -> None:
    """Write the JSON report to `stream`."""
    json.dump(report_dict(result), stream, ensure_ascii=False, indent=2)
    stream.write("\n")
