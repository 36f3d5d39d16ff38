"""One measure's sorted-out paragraphs (docx_layout.MeasureText) → the data of its printed fields.

What could not be read is reported (docx_values.Unmapped); required fields that stay empty are filled
with 待填写, so `jianguan lint` flags each of them until someone writes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from jianguan_cli.catalog import CatalogItem
from jianguan_cli.domain import ACTION_KINDS, CATEGORY_TOPICS, INTERMEDIARY_TOPIC
from jianguan_cli.interchange.docx_layout import MeasureText
from jianguan_cli.interchange.docx_values import MISSING, PLACEHOLDER, Unmapped, ValueReader
from jianguan_cli.rendering.viewmodel import FOLDED
from jianguan_cli.schema import SchemaIndex

_EFFECTIVE = re.compile(r"^本(?:实施)?(?:办法|制度|细则)自(.+?)起(?:施行|实施|执行)[。.]?$")
_PLACEHOLDER_MARKS = ("×", "X", "（事项）")
# fields the page never shows: the item code, the review state, the revisions (and the template version)
UNPRINTED = ("schema_version", "review", "revisions")


@dataclass
class Built:
    """The printed fields read from one measure, and what was not read."""

    data: dict
    unmapped: list[Unmapped] = field(default_factory=list)


class MeasureBuilder:
    """Reads every section of a measure with a ValueReader."""

    def __init__(self, index: SchemaIndex, guidance: frozenset[str] = frozenset()) -> None:
        self.index = index
        self.guidance = guidance

    def build(self, measure: MeasureText) -> Built:
        """The data of the measure's printed fields: item.name, the sections, effective_date."""
        reader = ValueReader(self.index, self.guidance)
        data: dict = {"item": {"name": self._name(measure, reader)}}
        for paragraph in measure.unplaced:
            reader.report(paragraph, "不属于任何一节（在标题和第一个章节标题之间），未导入")
        for section in measure.sections:
            if section.path is None:
                reader.report(section.heading, f"认不出章节标题“{section.heading.text}”，这一节未导入")
                for paragraph in section.body:
                    reader.report(paragraph, f"在未导入的一节“{section.heading.start()}”中")
            else:
                self._section(reader, data, section.path, section)
        self._closing(reader, data, measure)
        return Built(data, reader.unmapped)

    def _name(self, measure: MeasureText, reader: ValueReader) -> str:
        if not measure.name or any(mark in measure.name for mark in _PLACEHOLDER_MARKS):
            reader.report(measure.title[0], "标题中的事项名称没有填写（还是模版的“××××（事项）”）", lost=False)
            return PLACEHOLDER
        return measure.name

    def _section(self, reader: ValueReader, data: dict, path: tuple, section) -> None:
        if len(path) == 1 and (self.index.at(path) or {}).get("type") == "object":
            extra = {reader.title((k,)): (k,) for k, into in FOLDED.items() if into == path[0]}
            values = reader.mapping(path, [p for p in section.body if not reader.is_guidance(p.text)], extra)
        else:
            value = reader.value(path, section.body)
            values = {} if value is MISSING else {path: value}
        if not values and not [p for p in section.body if p.text and not reader.is_guidance(p.text)]:
            reader.report(section.heading, f"“{section.heading.text}”一节没有内容", lost=False)
        for value_path, value in values.items():
            _put(data, value_path, value, reader, section.heading)

    def _closing(self, reader: ValueReader, data: dict, measure: MeasureText) -> None:
        for paragraph in measure.closing:
            if reader.is_guidance(paragraph.text):
                reader.report(paragraph, "施行日期没有填写（还是模版的“××××年×月×日”）", lost=False)
                continue
            match = _EFFECTIVE.match(paragraph.text)
            if match is None:
                reader.report(paragraph, "附则中的这句话没有对应的项（只认“本办法自2017年7月1日起施行。”），未导入")
                continue
            value = reader.scalar(("effective_date",), [replace(paragraph, text=match.group(1))])
            if value is not MISSING:
                data["effective_date"] = value


def _put(data: dict, path: tuple, value, reader: ValueReader, heading) -> None:
    """Set `value` at `path`; a second section for the same list adds its entries."""
    target = data
    for step in path[:-1]:
        target = target.setdefault(step, {})
    key = path[-1]
    if key not in target:
        target[key] = value
    elif isinstance(target[key], list) and isinstance(value, list):
        target[key].extend(value)
    elif isinstance(target[key], dict) and isinstance(value, dict):
        target[key].update(value)
    else:
        reader.report(heading, f"{reader.index.label(path)}出现了两次，只导入了第一处")


def fill_placeholders(data: dict, index: SchemaIndex, item: CatalogItem | None) -> list[str]:
    """Put 待填写 into every required field still empty; returns their Chinese labels."""
    filled: list[str] = []
    schema = index.at(()) or {}
    for key in schema.get("required", []):
        if key in UNPRINTED or key in data:
            continue
        data[key] = _placeholder(index, (key,), item)
        filled.append(index.label((key,)))
    for key, value in data.items():
        _fill_inside(value, (key,), index, filled)
    return filled


def _placeholder(index: SchemaIndex, path: tuple, item: CatalogItem | None):
    """A value for a missing required field: 待填写 in the shape the schema wants."""
    if path == ("content",) and item is not None:
        topics = [*CATEGORY_TOPICS.get(item.category, ()), *([INTERMEDIARY_TOPIC] if item.intermediary else [])]
        return [{"topic": topic, "text": PLACEHOLDER} for topic in topics] or [{"topic": "其他", "text": PLACEHOLDER}]
    if path == ("actions",):
        return {kind: PLACEHOLDER for kind in ACTION_KINDS}
    node = index.at(path) or {}
    if node.get("type") == "array":
        return [_placeholder(index, (*path, 0), item)]
    if node.get("type") == "object":
        return {key: _placeholder(index, (*path, key), item) for key in node.get("required", [])}
    return PLACEHOLDER


def _fill_inside(value, path: tuple, index: SchemaIndex, filled: list[str]) -> None:
    node = index.at(path) or {}
    if isinstance(value, dict) and node.get("type") == "object":
        for key in node.get("required", []):
            if key not in value:
                value[key] = _placeholder(index, (*path, key), None)
                filled.append(index.label((*path, key)))
        for key, child in value.items():
            _fill_inside(child, (*path, key), index, filled)
    elif isinstance(value, list):
        for number, child in enumerate(value):
            _fill_inside(child, (*path, number), index, filled)
