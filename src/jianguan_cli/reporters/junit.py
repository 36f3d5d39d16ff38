"""JUnit XML: one test case per measure file and per catalogue item (GitLab, Jenkins, …)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import PurePosixPath
from typing import TextIO

from jianguan_cli.findings import Finding, Severity
from jianguan_cli.linting import LintResult


def _case(suite: ET.Element, classname: str, name: str, findings: list[Finding]) -> bool:
    """Add a test case; it fails when any finding is an error. Returns whether it failed."""
    case = ET.SubElement(suite, "testcase", classname=classname, name=name, time="0")
    text = "\n".join(f"{f.line}:{f.column} {f.severity.value} {f.rule} {f.message}"
                     + (f"\n    提示：{f.hint}" if f.hint else "") for f in findings)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if errors:
        failure = ET.SubElement(case, "failure", message=f"{errors[0].rule} {errors[0].message}",
                                type=errors[0].rule)
        failure.text = text
    elif findings:
        ET.SubElement(case, "system-out").text = text
    return bool(errors)


def _classname(path: str) -> str:
    return ".".join(PurePosixPath(path).parent.parts) or "."


def render_junit(result: LintResult, stream: TextIO) -> None:
    """Write a <testsuites> document: a case per measure file, per catalogue item (check), and
    one for catalog.yaml's own problems."""
    item_lines = {line for *_, line in result.catalog_items}
    by_path: dict[str, list[Finding]] = defaultdict(list)
    by_item_line: dict[int, list[Finding]] = defaultdict(list)
    for finding in result.findings:
        if finding.rule == "V901" and finding.line in item_lines:  # belongs to the item's own case
            by_item_line[finding.line].append(finding)
        else:
            by_path[finding.path].append(finding)
    suite = ET.Element("testsuite", name=f"jianguan {result.command}")
    paths = list(dict.fromkeys([m.path for m in result.measures] + list(by_path)))
    failures = sum(_case(suite, _classname(path), path, by_path.get(path, [])) for path in paths)
    for code, name, department, line in result.catalog_items:
        failures += _case(suite, f"catalog.{department}", f"{code} {name}", by_item_line.get(line, []))
    suite.set("tests", str(len(suite)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    root = ET.Element("testsuites", name="jianguan", tests=suite.get("tests"), failures=str(failures))
    root.append(suite)
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode"))
    stream.write("\n")
