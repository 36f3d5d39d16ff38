"""A measure as headed sections of typed blocks, in document order, titled from the schema.

Templates only lay blocks out; everything in the file is shown, unknown keys included.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from jianguan_cli.schema import SchemaIndex

_CN_DIGITS = "零一二三四五六七八九"
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_URL = re.compile(r"^https?://\S+$")
ORDERED = frozenset({"procedure"})
MAX_DEPTH = 8  # a valid measure nests 4 levels; deeper values are shown as one line of text


def flat_text(value: Any) -> str:
    """Every scalar inside `value` on one line, without recursion (the data may nest 1,000 deep)."""
    parts, stack = [], [value]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            stack.extend(reversed([item for pair in current.items() for item in pair]))
        elif isinstance(current, list):
            stack.extend(reversed(current))
        elif current is not None:
            parts.append(str(current))
    return "；".join(parts)


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (section numbers of an official document)."""
    tens, ones = divmod(n, 10)
    text = ("" if tens <= 1 else _CN_DIGITS[tens]) + ("十" if tens else "")
    return text + (_CN_DIGITS[ones] if ones or not tens else "")


def chinese_date(iso: str) -> str:
    """2017-06-28 → 2017年6月28日 (no leading zeros, GB/T 9704)."""
    match = _ISO_DATE.match(iso)
    if not match:
        return iso
    year, month, day = match.groups()
    return f"{year}年{int(month)}月{int(day)}日"


@dataclass
class Block:
    """One piece of content: text, link, list, table or fields (title → blocks)."""

    kind: str
    text: str = ""
    href: str = ""
    ordered: bool = False
    items: list[list[Block]] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    rows: list[list[list[Block]]] = field(default_factory=list)
    fields: list[tuple[str, list[Block]]] = field(default_factory=list)


@dataclass
class Section:
    """A numbered top-level section of a measure."""

    number: str
    key: str
    title: str
    blocks: list[Block]


class MeasureView:
    """Builds the sections of one measure from its data and the schema."""

    def __init__(self, index: SchemaIndex) -> None:
        self.index = index

    def heading_fields(self, data: dict) -> list[Block]:
        """The item's code and name and the responsible unit, shown above the numbered sections."""
        item = data.get("item") if isinstance(data.get("item"), dict) else {}
        fields = [(self._title(("item", k)), self.blocks(v, ("item", k))) for k, v in self._ordered(item, ("item",))]
        if "responsible_unit" in data:
            fields.append((self._title(("responsible_unit",)), self.blocks(data["responsible_unit"], ("responsible_unit",))))
        return [Block("fields", fields=fields)]

    def sections(self, data: dict,
                 skip: tuple[str, ...] = ("schema_version", "item", "responsible_unit")) -> list[Section]:
        """Sections for every key of `data` in the schema's order, unknown keys last."""
        known = list(self.index.properties(()))
        keys = [k for k in known if k in data] + [k for k in data if k not in known]
        shown = [k for k in keys if k not in skip]
        return [Section(chinese_number(number), key, self._title((key,)), self.blocks(data[key], (key,)))
                for number, key in enumerate(shown, start=1)]

    def _title(self, path: tuple) -> str:
        node = self.index.at(path)
        return node.get("title", str(path[-1])) if node else str(path[-1])

    def blocks(self, value: Any, path: tuple) -> list[Block]:
        """The blocks that show `value` (found at `path` in the measure)."""
        if len(path) > MAX_DEPTH and isinstance(value, (dict, list)):  # only a broken draft nests so deep
            return [Block("text", text=flat_text(value))]
        if isinstance(value, dict):
            return [Block("fields", fields=[(self._title((*path, k)), self.blocks(v, (*path, k)))
                                            for k, v in self._ordered(value, path)])]
        if isinstance(value, list):
            return self._list(value, path)
        return [self._scalar(value, path)]

    def _ordered(self, mapping: dict, path: tuple) -> list[tuple[str, Any]]:
        known = list(self.index.properties(path))
        return ([(k, mapping[k]) for k in known if k in mapping]
                + [(k, v) for k, v in mapping.items() if k not in known])

    def _list(self, values: list, path: tuple) -> list[Block]:
        if values and all(isinstance(v, dict) for v in values):
            columns = [k for k in self.index.properties((*path, 0))]
            columns += [k for v in values for k in v if k not in columns]
            columns = [c for c in dict.fromkeys(columns) if any(c in v for v in values)]
            rows = [[self.blocks(v[c], (*path, i, c)) if c in v else [] for c in columns]
                    for i, v in enumerate(values)]
            return [Block("table", headers=[self._title((*path, 0, c)) for c in columns], rows=rows)]
        items = [self.blocks(v, (*path, i)) for i, v in enumerate(values)]
        return [Block("list", ordered=path[-1] in ORDERED, items=items)]

    @staticmethod
    def _scalar(value: Any, path: tuple) -> Block:
        if value is None:
            return Block("text", text="（未填写）")
        if isinstance(value, bool):
            return Block("text", text="是" if value else "否")
        text = str(value)
        if isinstance(value, (int, float)) and str(path[-1]).endswith("_ratio"):
            return Block("text", text=f"{value:g}%")
        if _URL.match(text):
            return Block("link", text=text, href=text)
        return Block("text", text=chinese_date(text))


def plain_text(blocks: list[Block]) -> str:
    """The text of blocks on one line, parts joined with "；" (for tables, CSV and .docx lines)."""
    parts = []
    for block in blocks:
        if block.kind in ("text", "link"):
            parts.append(block.text)
        elif block.kind == "list":
            parts.extend(plain_text(entry) for entry in block.items)
        elif block.kind == "fields":
            parts.extend(f"{title}：{plain_text(content)}" for title, content in block.fields)
        elif block.kind == "table":
            parts.extend("，".join(plain_text(cell) for cell in row if cell) for row in block.rows)
    return "；".join(p for p in parts if p)
