"""Findings as the editor's diagnostics: rule ID as the code, Chinese message and hint, a link to the rule."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from lsprotocol import types

from jianguan_cli.cache import cache_root
from jianguan_cli.doctext import plain_text
from jianguan_cli.fileio import write_atomic
from jianguan_cli.findings import Finding, JianguanError, Severity
from jianguan_cli.lsp.positions import UTF16, client_range, finding_start
from jianguan_cli.rules import RULES

SOURCE = "jianguan"
_SEVERITY = {Severity.ERROR: types.DiagnosticSeverity.Error, Severity.WARNING: types.DiagnosticSeverity.Warning}
# characters that are a finding by themselves: a mistyped colon, space or tab
_SINGLE = frozenset("：\u3000\t:")


def finding_span(lines: list[str], finding: Finding) -> tuple[int, int, int]:
    """(0-based line, first and last+1 character index) of what `finding` points at.

    A finding has only a start; the span runs to the end of the word there (a key stops
    before its colon), or covers the one mistyped character.
    """
    number, start = finding_start(lines, finding.line, finding.column)
    line = lines[number] if lines else ""
    start = min(start, len(line))
    if start < len(line) and line[start] in _SINGLE:
        return number, start, start + 1
    end = start
    while end < len(line) and not line[end].isspace() and line[end] != "：" and not _ends_key(line, end):
        end += 1
    return number, start, max(end, min(start + 1, len(line)))


def to_diagnostic(lines: list[str], finding: Finding, encoding: str = UTF16) -> types.Diagnostic:
    """The diagnostic for one finding, in the client's position encoding."""
    where = client_range(lines, *finding_span(lines, finding), encoding)
    message = finding.message + (f"\n提示：{finding.hint}" if finding.hint else "")
    return types.Diagnostic(
        range=where, message=message, severity=_SEVERITY.get(finding.severity, types.DiagnosticSeverity.Error),
        code=finding.rule, source=SOURCE, code_description=_documentation(finding.rule),
        data={"rule": finding.rule})


def rule_markdown(rule_id: str) -> str:
    """The documentation of one rule, as `jianguan rules ID` prints it, in Markdown."""
    rule = RULES[rule_id]
    return (f"**{rule.id} {rule.title}**（{rule.name}，默认级别：{rule.severity.label}）\n\n{plain_text(rule.doc)}\n\n"
            f"在终端查看：`jianguan rules {rule.id}`；在 jianguan.toml 的 [rules] 中可调整级别或关闭。\n")


def rule_page(rule_id: str) -> Path:
    """A Markdown page of the rule's documentation in the user's cache folder (the diagnostic's link)."""
    return _page(cache_root(), rule_id)


@lru_cache(maxsize=256)
def _page(folder: Path, rule_id: str) -> Path:
    """Written once a process, when missing or stale: the link must lead to the documentation of this version."""
    page = folder / "rules" / f"{rule_id}.md"
    text = rule_markdown(rule_id)
    try:
        if not page.is_file() or page.read_text(encoding="utf-8") != text:
            page.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(page, text)
    except (OSError, UnicodeDecodeError, JianguanError):
        pass  # without the page the diagnostic still has its code, message and hint
    return page


def _documentation(rule_id: str) -> types.CodeDescription | None:
    if rule_id not in RULES:
        return None
    return types.CodeDescription(href=rule_page(rule_id).as_uri())


def _ends_key(line: str, index: int) -> bool:
    return line[index] == ":" and (index + 1 == len(line) or line[index + 1] in " \t")
