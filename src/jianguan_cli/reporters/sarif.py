"""SARIF 2.1.0, the format code-scanning services (GitHub, Azure DevOps) read."""

from __future__ import annotations

import json
from typing import TextIO
from urllib.parse import quote

from jianguan_cli import __version__
from jianguan_cli.doctext import plain_text
from jianguan_cli.findings import Severity
from jianguan_cli.results import LintResult
from jianguan_cli.rules import RULES

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _rules() -> list[dict]:
    return [{
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.first_paragraph},
        "help": {"text": plain_text(rule.doc)},
        "defaultConfiguration": {"level": rule.severity.value},
    } for rule in sorted(RULES.values(), key=lambda r: r.id)]


def sarif_document(result: LintResult) -> dict:
    """The SARIF log as plain data: one run, every rule described, one result per finding."""
    rules = _rules()
    index = {rule["id"]: number for number, rule in enumerate(rules)}
    results = [{
        "ruleId": finding.rule,
        "ruleIndex": index[finding.rule],
        "level": "error" if finding.severity is Severity.ERROR else "warning",
        "message": {"text": finding.message + (f"\n提示：{finding.hint}" if finding.hint else "")},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": quote(finding.path), "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": finding.line, "startColumn": finding.column},
        }}],
    } for finding in result.findings]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "jianguan", "version": __version__, "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def render_sarif(result: LintResult, stream: TextIO) -> None:
    """Write the SARIF log as JSON."""
    json.dump(sarif_document(result), stream, ensure_ascii=False, indent=2)
    stream.write("\n")
