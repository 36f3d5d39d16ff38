"""Repeated findings folded for people: one rule saying the same thing many times in one file.

A fresh scaffold has dozens of "待填写" placeholders; printing the same message and hint for each
buries the few findings that differ. Findings are "the same" when rule, message and hint are all
equal, so two findings of one rule whose messages differ (other keys, other values) both show.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from jianguan_cli.findings import Finding

# more line numbers than this are cut off with 等: the clerk goes to the first few, then runs lint again
LISTED_PLACES = 10
# the closing summary names at most this many of the problems repeated across files
LISTED_COMMON = 5


@dataclass(frozen=True)
class FindingGroup:
    """The first of a file's identical findings and the places of the others."""

    first: Finding
    repeats: tuple[Finding, ...] = ()


def _same(finding: Finding) -> tuple:
    # the rule decides the severity, so it need not be compared (hashing an enum is slow for 300,000)
    return finding.rule, finding.message, finding.hint


def group_findings(findings: list[Finding]) -> list[FindingGroup]:
    """Fold the findings of each file that differ only in their place, in order of first occurrence."""
    groups: dict[tuple, list[Finding]] = {}
    for finding in findings:
        key = (finding.path, finding.rule, finding.message, finding.hint)
        members = groups.get(key)
        if members is None:
            groups[key] = [finding]
        else:
            members.append(finding)
    return [FindingGroup(members[0], tuple(members[1:])) for members in groups.values()]


def repeats_text(group: FindingGroup) -> str:
    """"同样的问题还有 N 处：行 12、15、19 等。" for a group with repeats, else ""."""
    if not group.repeats:
        return ""
    members = (group.first, *group.repeats)
    lines = Counter(finding.line for finding in members)
    # two on one line are told apart by their column, so every listed place can be found
    places = [f"{finding.line}:{finding.column}" if lines[finding.line] > 1 else str(finding.line)
              for finding in group.repeats[:LISTED_PLACES]]
    more = " 等" if len(group.repeats) > LISTED_PLACES else ""
    return f"同样的问题还有 {len(group.repeats)} 处：行 {'、'.join(places)}{more}。"


def common_problems(groups: list[FindingGroup]) -> list[str]:
    """One line for each problem found in more than one file, the most frequent first."""
    counts: Counter = Counter()
    files: Counter = Counter()
    for group in groups:  # a file's findings of one problem are one group
        counts[_same(group.first)] += 1 + len(group.repeats)
        files[_same(group.first)] += 1
    spread = [key for key, _ in counts.most_common() if files[key] > 1][:LISTED_COMMON]
    lines = []
    for key in spread:
        rule, message, _ = key
        lines.append(f"{rule} {message}：{files[key]} 个文件中共 {counts[key]} 处")
    return lines
