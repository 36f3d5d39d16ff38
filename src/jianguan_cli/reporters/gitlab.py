"""GitLab Code Quality report (a Code Climate issue list) for merge request widgets."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import TextIO

from jianguan_cli.findings import Finding, Severity
from jianguan_cli.results import LintResult

_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor"}


def fingerprints(findings: list[Finding]) -> list[str]:
    """A fingerprint per finding that survives lines inserted above it: rule, file, data path and
    message, plus how many identical ones came before (GitLab needs them unique)."""
    seen: Counter[str] = Counter()
    found = []
    for finding in findings:
        identity = "\x1f".join((finding.rule, finding.path, finding.data_path, finding.message))
        found.append(hashlib.sha256(f"{identity}\x1f{seen[identity]}".encode()).hexdigest())
        seen[identity] += 1
    return found


def render_gitlab(result: LintResult, stream: TextIO) -> None:
    """A JSON list of issues with GitLab's required keys and a stable fingerprint each."""
    issues = []
    for finding, fingerprint in zip(result.findings, fingerprints(result.findings), strict=True):
        issues.append({
            "type": "issue",
            "check_name": finding.rule,
            "description": f"{finding.rule} {finding.message}" + (f"（提示：{finding.hint}）" if finding.hint else ""),
            "categories": ["Compatibility"],
            "severity": _SEVERITY[finding.severity],
            "fingerprint": fingerprint,
            "location": {"path": finding.path, "lines": {"begin": finding.line}},
        })
    json.dump(issues, stream, ensure_ascii=False, indent=2)
    stream.write("\n")
