"""A new measure file for a catalogue item: every section present, with Chinese guidance.

The schema says which keys are written, in which order, with which guidance (`x-scaffold`);
the text to replace is written as 待填写, which `jianguan lint` reports (T601) until replaced.
The item, its laws, the content topics of its category and its partners come from the
catalogue, so a fresh file has no other findings.
"""

from __future__ import annotations

import json
import re

from jianguan_cli.catalog import Catalog, CatalogItem
from jianguan_cli.domain import CATEGORY_TOPICS, INTERMEDIARY_TOPIC, TOPIC_NOTES
from jianguan_cli.schema import SchemaIndex

TODO = "待填写"
SCAFFOLD = "x-scaffold"  # on a mapping's schema: what `new` writes for each of its keys
_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^#]*$")


def scalar(text: str) -> str:
    """`text` as a YAML scalar: plain when that reads back the same, else double-quoted."""
    if _PLAIN.match(text) and ": " not in text and not text.endswith(":"):
        return text
    return json.dumps(text, ensure_ascii=False)


def law_titles(basis: str) -> list[str]:
    """The 《…》 titles named in a catalogue item's legal basis."""
    return list(dict.fromkeys(re.findall(r"《[^《》]+》", basis)))


class Scaffold:
    """Builds the YAML text of a new measure: the keys, their order, guidance and placeholders come
    from the schema (the `x-scaffold` annotation of each mapping), the values `from: catalog` from the catalogue."""

    def __init__(self, index: SchemaIndex, catalog: Catalog) -> None:
        self.index = index
        self.catalog = catalog
        self._from_catalog = {"item": self._item, "basis": self._basis, "content": self._content,
                              "collaboration": self._collaboration}

    def text(self, item: CatalogItem, schema_line: str) -> str:
        """The file for `item`, starting with `schema_line` (the `$schema=` comment)."""
        dept = self.catalog.departments.get(item.department)
        short = dept.short if dept else item.department
        lines = [schema_line, f"# {item.name}事中事后监管办法（{short}）",
                 f"# 由 jianguan new 生成：把每个“{TODO}”换成实际内容，写好后运行 jianguan lint 检查。"]
        for key, node, spec in self._annotated(()):
            lines += self._section(key, node, spec, item, short)
        return "\n".join(lines) + "\n"

    def _annotated(self, path: tuple):
        """(key, subschema, what to write) for the keys the mapping at `path` annotates, in schema order."""
        annotations = (self.index.at(path) or {}).get(SCAFFOLD, {})
        return [(key, node, annotations[key]) for key, node in self.index.properties(path).items()
                if key in annotations]

    def _section(self, key: str, node: dict, spec, item: CatalogItem, short: str) -> list[str]:
        """A top-level key: its guidance comment (title and description), then its value."""
        options = spec if isinstance(spec, dict) else {}
        if options.get("from") == "catalog":
            body = self._from_catalog[key](item, short)
        else:
            body = self._entry(key, (key,), node, spec, 0, item)
        if not body or options.get("heading") is False:
            return body
        heading = [f"# {node.get('title', key)}：{node.get('description', '')}" + _filled(options.get("note", ""), item)]
        if options.get("choices"):
            heading.append("# 可选：" + "、".join(self.index.at((key, 0)).get("enum", [])))
        return heading + body

    def _entry(self, key: str, path: tuple, node: dict, spec, indent: int, item: CatalogItem) -> list[str]:
        """`key` and its value at `indent`, as the schema's annotation `spec` says."""
        pad = " " * indent
        if isinstance(spec, str):
            return [f"{pad}{key}: {placeholder(spec, item)}"]
        if isinstance(spec, list):
            return [f"{pad}{key}:", *(f"{pad}  - {placeholder(note, item)}" for note in spec)]
        if spec is True:
            return [f"{pad}{key}:", *self._children(path, node, indent + 2, item)]
        value = spec["value"]
        if isinstance(value, list):
            return [f"{pad}{key}:", *(f"{pad}  - {_literal(entry)}" for entry in value)]
        comment = f"  # {spec['comment']}" if "comment" in spec else ""
        return [f"{pad}{key}: {_literal(value)}{comment}"]

    def _children(self, path: tuple, node: dict, indent: int, item: CatalogItem) -> list[str]:
        """The annotated keys of the mapping at `path`; of a list, one entry of them."""
        if node.get("type") == "array":
            lines = self._children((*path, 0), self.index.at((*path, 0)) or {}, indent + 2, item)
            return [" " * indent + "- " + lines[0][indent + 2:], *lines[1:]] if lines else []
        return [line for key, child, spec in self._annotated(path)
                for line in self._entry(key, (*path, key), child, spec, indent, item)]

    def _item(self, item: CatalogItem, short: str) -> list[str]:
        return ["item:", f"  code: {scalar(item.code)}", f"  name: {scalar(item.name)}"]

    def _basis(self, item: CatalogItem, short: str) -> list[str]:
        return ["basis:", *[f"  - title: {scalar(title)}" for title in law_titles(item.basis) or [f"《{TODO}》"]]]

    def _content(self, item: CatalogItem, short: str) -> list[str]:
        topics = list(CATEGORY_TOPICS.get(item.category, ()))
        if item.intermediary:
            topics.append(INTERMEDIARY_TOPIC)
        lines = ["content:"]
        for topic in topics:
            lines += [f"  - topic: {topic}", f"    text: {TODO}（{TOPIC_NOTES[topic]}）"]
        return lines

    def _collaboration(self, item: CatalogItem, short: str) -> list[str]:
        if not item.co_departments:
            return []
        lines = ["collaboration:", f"  lead: {scalar(short)}", "  partners:"]
        for dept_id in item.co_departments:
            partner = self.catalog.departments.get(dept_id)
            lines += [f"    - department: {scalar(partner.short if partner else dept_id)}",
                      f"      duties: {TODO}（协办职责）"]
        return lines


def placeholder(note: str, item: CatalogItem) -> str:
    """待填写, with the schema's note (which may name the item: {name}, {category}) in brackets."""
    return TODO + (f"（{_filled(note, item)}）" if note else "")


def _filled(note: str, item: CatalogItem) -> str:
    return note.format(name=item.name, category=item.category)


def _literal(value) -> str:
    return scalar(value) if isinstance(value, str) else json.dumps(value)
