"""Quick fixes for findings: keyboard traps, a misspelt key, a missing section or topic, a value to quote."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lsprotocol import types

from jianguan_cli.authoring.scaffold import scalar
from jianguan_cli.catalog import Catalog
from jianguan_cli.findings import Finding
from jianguan_cli.loading.traps import repair_traps
from jianguan_cli.lsp.diagnostics import finding_span, to_diagnostic
from jianguan_cli.lsp.outline import Outline, unquoted
from jianguan_cli.lsp.positions import UTF16, client_range
from jianguan_cli.lsp.facts import missing_topics
from jianguan_cli.lsp.skeleton import Insertion, scaffold_outline, section_insertion, topic_insertion
from jianguan_cli.schema import SchemaIndex

TAB_WIDTH = 2  # spaces for one tab: the layout of measure files (and of `jianguan fmt`)
_SUGGESTED_KEY = re.compile(r"是否想写 ([A-Za-z_][A-Za-z0-9_]*)（")
_QUOTABLE_RULES = frozenset({"Y101", "Y108", "S201"})
_TRAP_RULES = frozenset({"Y103", "Y104", "Y112"})


@dataclass
class Fixer:
    """The quick fixes for one document's findings."""

    uri: str
    outline: Outline
    index: SchemaIndex
    catalog: Catalog | None = None
    measure: bool = True
    encoding: str = UTF16

    def actions(self, findings: list[Finding], first_line: int, last_line: int) -> list[types.CodeAction]:
        """Fixes for the findings on lines `first_line`..`last_line` (0-based), each title once."""
        found: dict[str, types.CodeAction] = {}
        for finding in findings:
            number = finding_span(self.outline.lines, finding)[0]
            if first_line <= number <= last_line:
                diagnostic = to_diagnostic(self.outline.lines, finding, self.encoding)
                for title, edits in self._fixes(finding, number):
                    found.setdefault(title, self._action(title, edits, diagnostic))
        traps = [f for f in findings if f.rule in _TRAP_RULES]
        if len(traps) > 1 and found:
            found.setdefault(*self._repair_all_traps())
        return list(found.values())

    def _fixes(self, finding: Finding, number: int) -> list[tuple[str, list[types.TextEdit]]]:
        line = self.outline.lines[number]
        if finding.rule in _TRAP_RULES:
            fixed, reasons = repair_traps(line, self.index.keys)
            return [(reasons[0].split("：", 1)[-1], [self._replace_line(number, fixed)])] if reasons else []
        if finding.rule == "Y105":
            indent = len(line) - len(line.lstrip(" \t"))
            fixed = line[:indent].replace("\t", " " * TAB_WIDTH) + line[indent:]
            return [(f"把行首的 Tab 换成空格（每个 Tab 换成 {TAB_WIDTH} 个空格）", [self._replace_line(number, fixed)])]
        if finding.rule == "S203":
            return self._suggested_key(finding, number)
        if self.measure and finding.rule == "S202":
            return self._missing_keys(number)
        if self.measure and finding.rule == "M401":
            return self._missing_topics()
        if self.measure and finding.rule == "M405":
            return self._insertions([("collaboration", ())])
        if finding.rule in _QUOTABLE_RULES:
            return self._quoted(finding, number)
        return []

    def _suggested_key(self, finding: Finding, number: int):
        """S203's hint names the key that was meant; put it in place of the unknown one."""
        match = _SUGGESTED_KEY.search(finding.hint)
        entry = self.outline.entry(number)
        if match is None or entry is None or entry.key is None:
            return []
        key = match.group(1)
        title = (self.index.properties(entry.path[:-1]).get(key) or {}).get("title", key)
        edit = types.TextEdit(client_range(self.outline.lines, number, entry.start, entry.key_end, self.encoding), key)
        return [(f"改为 {key}（{title}）", [edit])]

    def _missing_keys(self, number: int):
        """Each required key missing from a mapping that starts on this line (or from the whole file)."""
        entry = self.outline.entry(number)
        if entry is None:
            return []
        candidates = [entry.path]
        if entry.dashes and entry.key is not None:
            candidates.append(entry.path[:-1])  # the list item the line starts
        if self.outline.entries and self.outline.entries[0].line == number:
            candidates.append(())
        wanted = []
        for path in candidates:
            node = self.index.at(path) or {}
            present = {e.key for e in self.outline.children(path) if e.key}
            wanted += [(key, path) for key in node.get("required", []) if key not in present]
        return self._insertions(wanted)

    def _insertions(self, wanted: list[tuple[str, tuple]]):
        scaffold = scaffold_outline(self.index, self.catalog, self.outline)
        fixes = []
        for key, path in wanted:
            insertion = section_insertion(self.outline, scaffold, self.index, path, key)
            if insertion is not None:
                title = (self.index.at((*path, key)) or {}).get("title", key)
                fixes.append((f"添加{title}（{key}）", [self._insert(insertion)]))
        return fixes

    def _missing_topics(self):
        scaffold = scaffold_outline(self.index, self.catalog, self.outline)
        insertions = {topic: topic_insertion(self.outline, scaffold, topic)
                      for topic in missing_topics(self.outline, self.catalog)}
        insertions = {topic: found for topic, found in insertions.items() if found is not None}
        fixes = [(f"添加监管要点：{topic}", [self._insert(found)]) for topic, found in insertions.items()]
        if len(insertions) > 1:
            at = next(iter(insertions.values()))[0]
            every = [line for _, lines in insertions.values() for line in lines]
            fixes.append((f"添加全部缺少的监管要点（{'、'.join(insertions)}）", [self._insert((at, every))]))
        return fixes

    def _quoted(self, finding: Finding, number: int):
        """A value YAML cannot read as plain text (it starts with @, *, [ …), in double quotes."""
        entry = self.outline.entry(number)
        if entry is None or not entry.value or entry.value[0] in "\"'" or entry.block_scalar:
            return []
        line = self.outline.lines[number]
        value = line[entry.value_start:].rstrip()
        quoted = scalar(value)
        if quoted == value:
            return []
        if finding.rule == "S201" and (self.index.at(entry.path) or {}).get("type") != "string":
            return []
        edit = types.TextEdit(client_range(self.outline.lines, number, entry.value_start, len(line.rstrip()),
                                           self.encoding), quoted)
        return [(f"用英文双引号把“{unquoted(value)[:20]}”括起来（按文字读取）", [edit])]

    def _repair_all_traps(self) -> tuple[str, types.CodeAction]:
        fixed, _ = repair_traps(self.outline.text, self.index.keys)
        lines = self.outline.lines
        end = client_range(lines, len(lines) - 1, len(lines[-1]), len(lines[-1]), self.encoding).end
        title = "修复本文件中全部的全角冒号和全角空格"
        return title, self._action(title, [types.TextEdit(types.Range(types.Position(0, 0), end), fixed)], None)

    def _replace_line(self, number: int, text: str) -> types.TextEdit:
        return types.TextEdit(client_range(self.outline.lines, number, 0, len(self.outline.lines[number]),
                                           self.encoding), text)

    def _insert(self, insertion: Insertion) -> types.TextEdit:
        before, new_lines = insertion
        lines = self.outline.lines
        if before < len(lines):
            return types.TextEdit(client_range(lines, before, 0, 0, self.encoding),
                                  "".join(line + "\n" for line in new_lines))
        last = len(lines) - 1  # the file does not end with a line break
        return types.TextEdit(client_range(lines, last, len(lines[last]), len(lines[last]), self.encoding),
                              "".join("\n" + line for line in new_lines))

    def _action(self, title: str, edits: list[types.TextEdit], diagnostic) -> types.CodeAction:
        return types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix,
                                diagnostics=[diagnostic] if diagnostic else None,
                                edit=types.WorkspaceEdit(changes={self.uri: edits}))
