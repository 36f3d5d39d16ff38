"""JUnit XML: one test case per measure file and per catalogue item (GitLab, Jenkins, …)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import PurePosixPath
from typing import TextIO

from jianguan_cli.findings import Finding, Severity
from jianguan_cli.results import LintResult
from jianguan_cli.safe_text import xml_safe


def _case(suite: ET.Element, classname: str, name: str, findings: list[Finding]) -> bool:
    """Add a test case; it fails when any finding is an error. Returns whether it failed."""
    case = ET.SubElement(suite, "testcase", classname=xml_safe(classname), name=xml_safe(name), time="0")
    text = "\n".join(f"{f.line}:{f.column} {f.severity.value} {f.rule} {f.message}"
                     + (f"\n    提示：{f.hint}" if f.hint else "") for f in findings)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if errors:
        failure = ET.SubElement(case, "failure", message=xml_safe(f"{errors[0].rule} {errors[0].message}"),
                                type=errors[0].rule)
        failure.text = xml_safe(text)
    elif findings:
        ET.SubElement(case, "system-out").text = xml_safe(text)
    return bool(errors)


def _classname(path: str) -> str:
    return ".".join(PurePosixPath(path).parent.parts) or "."


def render_junit(result: LintResult, stream: TextIO) -> None:
    """Write a <testsuites> document: a case per measure file, per catalogue item (check), and
    one for catalog.yaml's own problems."""
    items = result.coverage.items if result.coverage is not None else []
    catalog_path = result.coverage.catalog_path if result.coverage is not None else None
    item_lines = {state.item.line for state in items}
    by_path: dict[str, list[Finding]] = defaultdict(list)
    by_item_line: dict[int, list[Finding]] = defaultdict(list)
    for finding in result.findings:
        if finding.path == catalog_path and finding.line in item_lines:  # belongs to the item's own case
            by_item_line[finding.line].append(finding)
        else:
            by_path[finding.path].append(finding)
    suite = ET.Element("testsuite", name=f"jianguan {result.command}")
    paths = list(dict.fromkeys([m.path for m in result.measures] + list(by_path)))
    failures = sum(_case(suite, _classname(path), path, by_path.get(path, [])) for path in paths)
    for state in items:
        item = state.item
        failures += _case(suite, f"catalog.{item.department}", f"{item.code} {item.name}",
                          by_item_line.get(item.line, []))
    suite.set("tests", str(len(suite)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    root = ET.Element("testsuites", name="jianguan", tests=suite.get("tests"), failures=str(failures))
    root.append(suite)
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode"))
    stream.write("\n")
