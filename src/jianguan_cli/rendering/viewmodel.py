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
# The printed order of a measure's sections: 依据 first, then 实施意见四(二)1's 监管对象、内容、方式、措施、
# 程序、工作要求、监管计划, with 违法违规行为处理 and 协同监管 after the procedure they belong to.
DOCUMENT_ORDER = ("basis", "objects", "content", "methods", "actions", "procedure", "handling", "collaboration",
                  "requirements", "plan", "responsibility", "disclosure", "credit", "complaints")
# Not 正文: the item is the title, review and revisions are the file's metadata, 施行日期 the closing sentence.
METADATA = ("schema_version", "item", "review", "revisions", "effective_date")
# printed inside another section: the responsible unit opens 监管责任
FOLDED = {"responsible_unit": "responsibility"}
# 监管方式 in the wording of the 实施意见 (四(三)1)
METHOD_WORDING = {"双随机一公开抽查": "“双随机、一公开”抽查", "飞行检查": "“飞行检查”", "抽样检验检测": "抽样检查、检验、检测"}
# 标准编号 such as GB/T 24431-2009, MZ/T 001-2013, AQ 3013-2008, DB62/T 2345-2013
_STANDARD = re.compile(r"^[A-Z]{1,4}(\d{1,3})?(/[A-Z])?\s*\d+(\.\d+)*([-—]\d{4})?$")
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


def is_standard(number: str) -> bool:
    """GB/T 24431-2009 is a 标准编号, 国务院令第412号 a 文号."""
    return bool(_STANDARD.match(number.strip()))


def closing_sentence(data: dict) -> str:
    """本办法自2017年7月1日起施行。 from `effective_date`, or "" when the measure has none."""
    value = data.get("effective_date")
    return f"本办法自{chinese_date(str(value))}起施行。" if value not in (None, "") else ""


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

    def __init__(self, index: SchemaIndex, wording: dict[str, str] | None = None) -> None:
        self.index = index
        self.wording = wording or {}  # printed labels of enum values (METHOD_WORDING)

    def heading_fields(self, data: dict) -> list[Block]:
        """The item's code and name, shown above the numbered sections."""
        return [Block("fields", fields=self._fields(data, ("item",)))]

    def metadata_fields(self, data: dict) -> list[Block]:
        """The review state and revisions: the file's metadata, never a section of the 正文."""
        fields = [(self.title((key,)), self.blocks(data[key], (key,))) for key in ("review", "revisions") if key in data]
        return [Block("fields", fields=fields)] if fields else []

    def section_keys(self, data: dict) -> list[str]:
        """The keys printed as numbered sections, in DOCUMENT_ORDER, other schema keys and unknown keys last."""
        known = list(self.index.properties(()))
        order = [*DOCUMENT_ORDER, *(k for k in known if k not in DOCUMENT_ORDER), *(k for k in data if k not in known)]
        present = {FOLDED.get(k, k) for k in data}
        return [k for k in dict.fromkeys(order) if k in present and k not in METADATA and k not in FOLDED]

    def sections(self, data: dict) -> list[Section]:
        """The numbered sections of the 正文 (see section_keys)."""
        return [Section(chinese_number(number), key, self.title((key,)), self._section_blocks(data, key))
                for number, key in enumerate(self.section_keys(data), start=1)]

    def _section_blocks(self, data: dict, key: str) -> list[Block]:
        """A section's blocks; a folded key (the responsible unit) comes first among its fields."""
        blocks = self.blocks(data[key], (key,)) if key in data else []
        folded = [(self.title((k,)), self.blocks(data[k], (k,))) for k, into in FOLDED.items()
                  if into == key and k in data]
        if not folded:
            return blocks
        if blocks and blocks[0].kind == "fields":
            return [Block("fields", fields=folded + blocks[0].fields), *blocks[1:]]
        return [Block("fields", fields=folded), *blocks]

    def _fields(self, data: dict, path: tuple) -> list[tuple[str, list[Block]]]:
        mapping = data.get(path[0]) if isinstance(data.get(path[0]), dict) else {}
        return [(self.title((*path, k)), self.blocks(v, (*path, k))) for k, v in self.ordered(mapping, path)]

    def title(self, path: tuple) -> str:
        """The schema's Chinese title of the value at `path` (the key itself for unknown keys)."""
        node = self.index.at(path)
        return node.get("title", str(path[-1])) if node else str(path[-1])

    def blocks(self, value: Any, path: tuple) -> list[Block]:
        """The blocks that show `value` (found at `path` in the measure)."""
        if len(path) > MAX_DEPTH and isinstance(value, (dict, list)):  # only a broken draft nests so deep
            return [Block("text", text=flat_text(value))]
        if isinstance(value, dict):
            return [Block("fields", fields=[(self.title((*path, k)), self.blocks(v, (*path, k)))
                                            for k, v in self.ordered(value, path)])]
        if isinstance(value, list):
            return self._list(value, path)
        return [self._scalar(value, path)]

    def ordered(self, mapping: dict, path: tuple) -> list[tuple[str, Any]]:
        """The entries of `mapping` in the schema's order, unknown keys last."""
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
            return [Block("table", headers=[self._header(values, (*path, 0, c)) for c in columns], rows=rows)]
        items = [self.blocks(v, (*path, i)) for i, v in enumerate(values)]
        return [Block("list", ordered=path[-1] in ORDERED, items=items)]

    def _header(self, rows: list[dict], path: tuple) -> str:
        """A column's title; 文号 becomes 标准编号 (or both) where the column holds standards."""
        title = self.title(path)
        if path[-1] != "doc_number":
            return title
        kinds = {is_standard(str(row[path[-1]])) for row in rows if path[-1] in row}
        return {frozenset({True}): "标准编号", frozenset({True, False}): f"{title}或标准编号"}.get(frozenset(kinds), title)

    def _scalar(self, value: Any, path: tuple) -> Block:
        if isinstance(value, str) and path[:1] == ("methods",) and value in self.wording:
            return Block("text", text=self.wording[value])
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
