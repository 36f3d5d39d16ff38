"""The outline of a measure in Chinese, numbered like the published document (一、监管依据 …)."""

from __future__ import annotations

from dataclasses import dataclass

from lsprotocol import types

from jianguan_cli.lsp.outline import Entry, Outline, PathStep, unquoted
from jianguan_cli.lsp.positions import UTF16, client_range
from jianguan_cli.rendering.viewmodel import MeasureView
from jianguan_cli.schema import SchemaIndex

_LABEL_WIDTH = 24
_KINDS = {"object": types.SymbolKind.Namespace, "array": types.SymbolKind.Array}


@dataclass
class Symbols:
    """Builds the document symbols of one file from its outline and schema."""

    outline: Outline
    index: SchemaIndex
    measure: bool = True
    encoding: str = UTF16

    def tree(self) -> list[types.DocumentSymbol]:
        """Top-level sections, each with its keys and list items below it."""
        top = [path[0] for path, _ in self._nodes(())]
        numbers = {}
        if self.measure:
            numbers = {s.key: s.number for s in MeasureView(self.index).sections(dict.fromkeys(top))}
        return [self._symbol(path, entry, numbers.get(path[0])) for path, entry in self._nodes(())]

    def _nodes(self, path: tuple[PathStep, ...]) -> list[tuple[tuple[PathStep, ...], Entry]]:
        """The keys and items directly under `path`, each with the entry on the line where it starts."""
        depth, found = len(path) + 1, {}
        for entry in self.outline.entries:
            if len(entry.path) >= depth and entry.path[:depth - 1] == path:
                found.setdefault(entry.path[:depth], entry)
        return list(found.items())

    def _symbol(self, path, entry: Entry, number: str | None = None) -> types.DocumentSymbol:
        is_item = isinstance(path[-1], int)
        column = _marker_column(path, entry) if is_item else entry.start
        end = self.outline.block_end(entry.line, column)
        node = self.index.at(path) or {}
        if is_item:
            name, detail = self._item_label(path, entry), f"第{path[-1] + 1}项"
        else:
            title = node.get("title", str(path[-1]))
            name, detail = (f"{number}、{title}" if number else title), f"{path[-1]}" + (
                f"：{_short(unquoted(entry.value))}" if entry.value else "")
        children = [self._symbol(child, first) for child, first in self._nodes(path)]
        lines = self.outline.lines
        return types.DocumentSymbol(
            name=name or "（空）", detail=detail, kind=_KINDS.get(node.get("type"), types.SymbolKind.Field),
            range=types.Range(client_range(lines, entry.line, column, column, self.encoding).start,
                              client_range(lines, end, len(lines[end]), len(lines[end]), self.encoding).end),
            selection_range=client_range(lines, entry.line, column, entry.key_end if not is_item and entry.key
                                         else len(lines[entry.line].rstrip()), self.encoding),
            children=children or None)

    def _item_label(self, path, entry: Entry) -> str:
        """A list item by its own text, or by the first value written in it (a topic, a title …)."""
        if entry.path == path:
            return _short(unquoted(entry.value))
        values = [unquoted(e.value) for e in self.outline.children(path) if e.key and e.value and not e.block_scalar]
        named = self.outline.scalar((*path, "name"))
        first = values[0] if values else ""
        return _short(f"{first} {named}" if named and named != first else first)


def _marker_column(path, entry: Entry) -> int:
    """The column of the "- " that starts the item at `path` on the line of `entry`.

    The dashes on a line open the list items just before its key: in "- topic: 承接能力"
    (path content, 0, topic) the one dash opens item content[0].
    """
    steps_before_key = len(entry.path) - (1 if entry.key is not None else 0)
    position = (len(path) - 1) - (steps_before_key - len(entry.dashes))
    return entry.dashes[position] if 0 <= position < len(entry.dashes) else entry.first_column


def _short(text: str) -> str:
    return text if len(text) <= _LABEL_WIDTH else text[:_LABEL_WIDTH - 1] + "…"
