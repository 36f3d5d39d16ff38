"""GitLab Code Quality report (a Code Climate issue list) for merge request widgets."""

from __future__ import annotations

import hashlib
import json
from typing import TextIO

from jianguan_cli.findings import Severity
from jianguan_cli.linting import LintResult

_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor"}


def render_gitlab(result: LintResult, stream: TextIO) -> None:
    """A JSON list of issues with GitLab's required keys and a stable fingerprint each."""
    issues = []
    for finding in result.findings:
        identity = f"{finding.path}:{finding.line}:{finding.column}:{finding.rule}:{finding.message}"
        issues.append({
            "type": "issue",
            "check_name": finding.rule,
            "description": f"{finding.rule} {finding.message}" + (f"（提示：{finding.hint}）" if finding.hint else ""),
            "categories": ["Compatibility"],
            "severity": _SEVERITY[finding.severity],
            "fingerprint": hashlib.sha256(identity.encode()).hexdigest(),
            "location": {"path": finding.path, "lines": {"begin": finding.line}},
        })
    json.dump(issues, stream, ensure_ascii=False, indent=2)
    stream.write("\n")
