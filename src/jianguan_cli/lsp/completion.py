"""Completion: keys in schema order, allowed values, the topics still missing, departments and items."""

from __future__ import annotations

from dataclasses import dataclass

from lsprotocol import types

from jianguan_cli.catalog import Catalog
from jianguan_cli.domain import TOPIC_NOTES
from jianguan_cli.lsp.facts import allowed_values, catalog_item, missing_topics
from jianguan_cli.lsp.outline import Cursor, Outline
from jianguan_cli.lsp.positions import UTF16, client_range
from jianguan_cli.schema import SchemaIndex

_MARKDOWN = types.MarkupKind.Markdown


@dataclass
class Completer:
    """Completion for one document: its outline, its schema and (for a measure) the catalogue."""

    outline: Outline
    index: SchemaIndex
    catalog: Catalog | None = None
    measure: bool = True
    snippets: bool = False
    encoding: str = UTF16

    def items(self, line: int, column: int) -> list[types.CompletionItem]:
        """What may be typed at character `column` of 0-based `line`."""
        cursor = self.outline.cursor(line, column)
        if cursor.in_text:
            return []
        written = self.outline.entry(line)
        if cursor.in_value or not self.index.properties(cursor.path):
            end = column
            if written is not None and written.value and column >= written.value_start:
                end = max(column, written.value_start + len(written.value))  # the whole value is replaced
            edit = client_range(self.outline.lines, line, cursor.start, end, self.encoding)
            # right after "key:" the value needs its space (else Y103)
            space = " " if cursor.in_value and self.outline.lines[line][cursor.start - 1:cursor.start] == ":" else ""
            return [self._item(edit, value, detail, note, sort, text=space + value)
                    for value, detail, note, sort in self.values(cursor, line)]
        retyped = written is not None and written.key is not None and written.start == cursor.start
        edit = client_range(self.outline.lines, line, cursor.start, written.key_end if retyped else column,
                            self.encoding)
        found = [self._key_item(edit, key, order, node, bare=retyped)
                 for order, (key, node) in enumerate(self.index.properties(cursor.path).items())
                 if key not in self._present_keys(cursor.path, line)]
        if self.measure and _is_content_item(cursor.path):  # a new content entry: "topic: 缺少的要点"
            found += [self._item(edit, topic, f"topic: {topic}（{detail}）", note, f"0{order:02d}",
                                 text=f"topic: {topic}", kind=types.CompletionItemKind.Snippet)
                      for order, (topic, detail, note, _) in enumerate(self._missing_topics(line))]
        return found

    def values(self, cursor: Cursor, line: int) -> list[tuple]:
        """(text, detail, documentation, sort key) of each value that fits at the cursor."""
        path = cursor.path
        if self.measure and path and path[-1] == "topic" and _is_content_item(path[:-1]):
            missing = self._missing_topics(line)
            if missing:
                return missing
        if self.measure and self.catalog is not None:
            special = self._catalogue_values(path)
            if special is not None:
                return special
        present = {self.outline.scalar(e.path) for e in self.outline.children(path[:-1]) if e.line != line} \
            if path and isinstance(path[-1], int) else set()
        return [(value, "", "", f"{order:03d}") for order, value in enumerate(allowed_values(self.index, path))
                if value not in present]

    def _catalogue_values(self, path) -> list[tuple] | None:
        item = catalog_item(self.outline, self.catalog)
        if path == ("item", "code"):
            return [(code, entry.name, "", f"{order:04d}") for order, (code, entry) in enumerate(self.catalog.items.items())]
        if path == ("item", "name") and item is not None:
            return [(item.name, f"事项目录中 {item.code} 的名称", "", "0")]
        if path == ("collaboration", "lead") or (len(path) == 4 and path[:2] == ("collaboration", "partners")
                                                 and path[3] == "department"):
            first = ({item.department} if path[1] == "lead" else set(item.co_departments)) if item else set()
            return [(dept.short, dept.name, f"部门编号 `{dept.id}`", ("0" if dept.id in first else "1") + dept.id)
                    for dept in self.catalog.departments.values()]
        return None

    def _missing_topics(self, line: int) -> list[tuple]:
        """The topics the item's category requires that no content entry but the one typed has yet."""
        missing = missing_topics(self.outline, self.catalog, ignore_line=line)
        if not missing:
            return []
        detail = f"“{catalog_item(self.outline, self.catalog).category}”类事项必须包含的要点"
        return [(topic, detail, TOPIC_NOTES.get(topic, ""), f"0{order:02d}") for order, topic in enumerate(missing)]

    def _present_keys(self, path, line: int) -> set[str]:
        return {e.key for e in self.outline.children(path) if e.key and e.line != line}

    def _key_item(self, edit: types.Range, key: str, order: int, node: dict,
                  bare: bool = False) -> types.CompletionItem:
        """A key; `bare` when it replaces a key already followed by its colon."""
        title = node.get("title", key)
        example = node.get("examples", [None])[0]
        documentation = node.get("description", "") + (f"\n\n示例：`{example}`" if isinstance(example, (str, int)) else "")
        text = key if bare else self._key_text(key, node)
        return types.CompletionItem(
            label=key, kind=types.CompletionItemKind.Property, detail=title, sort_text=f"{order:03d}",
            filter_text=f"{key} {title}", documentation=types.MarkupContent(_MARKDOWN, documentation),
            text_edit=types.TextEdit(edit, text),
            insert_text_format=types.InsertTextFormat.Snippet if self.snippets else types.InsertTextFormat.PlainText)

    def _key_text(self, key: str, node: dict) -> str:
        """`key: ` with what follows it: a nested mapping or a list starts on the next line."""
        shape = node.get("type")
        if shape == "array":
            return f"{key}:\n  - $0" if self.snippets else f"{key}:"
        if shape == "object":
            return f"{key}:\n  $0" if self.snippets else f"{key}:"
        return f"{key}: $0" if self.snippets else f"{key}: "

    @staticmethod
    def _item(edit: types.Range, label: str, detail: str, documentation: str, sort: str, text: str,
              kind: types.CompletionItemKind = types.CompletionItemKind.EnumMember) -> types.CompletionItem:
        """A value (or a whole "topic: …" line) labelled by the value itself."""
        return types.CompletionItem(
            label=label, kind=kind, detail=detail or None, sort_text=sort, filter_text=text.strip(),
            documentation=types.MarkupContent(_MARKDOWN, documentation) if documentation else None,
            text_edit=types.TextEdit(edit, text), insert_text_format=types.InsertTextFormat.PlainText)


def _is_content_item(path) -> bool:
    return len(path) == 2 and path[0] == "content" and isinstance(path[1], int)
