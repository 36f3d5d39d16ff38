"""A new measure file for a catalogue item: every section present, with Chinese guidance.

The text to replace is written as 待填写, which `jianguan lint` reports (T601) until replaced;
everything else (item, content topics of the category, partners) comes from the catalogue,
so a fresh file has no other findings.
"""

from __future__ import annotations

import json
import re

from jianguan_cli.catalog import Catalog, CatalogItem
from jianguan_cli.domain import ACTION_KINDS, CATEGORY_TOPICS, INTERMEDIARY_TOPIC, TOPIC_NOTES
from jianguan_cli.schema import SchemaIndex

TODO = "待填写"
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
    """Builds the YAML text of a new measure from the schema's descriptions and the catalogue."""

    def __init__(self, index: SchemaIndex, catalog: Catalog) -> None:
        self.index = index
        self.catalog = catalog

    def _comment(self, *path: str) -> str:
        node = self.index.at(path) or {}
        return f"# {node.get('title', path[-1])}：{node.get('description', '')}"

    def text(self, item: CatalogItem, schema_line: str) -> str:
        """The file for `item`, starting with `schema_line` (the `$schema=` comment)."""
        dept = self.catalog.departments.get(item.department)
        short = dept.short if dept else item.department
        return "\n".join([*self._what(item, short, schema_line), *self._how(item, short), *self._after()]) + "\n"

    def _what(self, item: CatalogItem, short: str, schema_line: str) -> list[str]:
        """The opening comments, the item, and what is supervised: basis, objects, content."""
        return [
            schema_line,
            f"# {item.name}事中事后监管办法（{short}）",
            f"# 由 jianguan new 生成：把每个“{TODO}”换成实际内容，写好后运行 jianguan lint 检查。",
            "schema_version: 1",
            "item:",
            f"  code: {scalar(item.code)}",
            f"  name: {scalar(item.name)}",
            self._comment("responsible_unit"),
            f"responsible_unit: {TODO}",
            self._comment("basis"),
            "basis:",
            *[f"  - title: {scalar(title)}" for title in law_titles(item.basis) or [f"《{TODO}》"]],
            self._comment("objects"),
            "objects:",
            f"  - {TODO}（取得{item.name}的行政相对人）",
            f"  - {TODO}（未经许可擅自从事相关活动的单位和个人）",
            *self._content(item),
        ]

    def _how(self, item: CatalogItem, short: str) -> list[str]:
        """How the item is supervised: methods, actions, procedure, handling, collaboration."""
        return [
            self._comment("methods"),
            "# 可选：" + "、".join(self.index.at(("methods", 0)).get("enum", [])),
            "methods:",
            "  - 书面检查",
            "  - 实地检查",
            "  - 双随机一公开抽查",
            self._comment("actions"),
            "actions:",
            *[f"  {kind}: {TODO}（{label}）" for kind, label in ACTION_KINDS.items()],
            self._comment("procedure"),
            "procedure:",
            f"  - {TODO}（第一步，如：制定年度检查计划）",
            f"  - {TODO}（第二步，如：两名以上执法人员出示证件，实地检查并制作笔录）",
            self._comment("handling"),
            "handling:",
            f"  - situation: {TODO}（情形）",
            f"    action: {TODO}（处理措施）",
            *self._collaboration(item, short),
        ]

    def _after(self) -> list[str]:
        """The plan, requirements, responsibility, publication, complaints and review."""
        return [
            self._comment("plan"),
            "plan:",
            f"  cycle: {TODO}（如：每年一个监管周期）",
            "  random_check_ratio: 20  # 随机抽查比例（百分比数字），按法定抽查比例修改",
            f"  random_check_frequency: {TODO}（如：每年不少于1次）",
            "  schedule:",
            f"    - period: {TODO}",
            f"      task: {TODO}",
            self._comment("requirements"),
            "requirements:",
            f"  - {TODO}",
            self._comment("responsibility"),
            "responsibility:",
            f"  first: {TODO}（主要领导）",
            f"  main: {TODO}（分管领导）",
            f"  direct: {TODO}（从事日常监管的工作人员）",
            f"  accountability: {TODO}",
            self._comment("disclosure"),
            "disclosure:",
            "  - content: 抽查结果",
            f"    channel: {TODO}（如：区政府门户网站）",
            f"    deadline: {TODO}（如：抽查结束之日起20个工作日内）",
            self._comment("complaints"),
            "complaints:",
            f"  phone: {TODO}",
            self._comment("review"),
            "review:",
            "  status: 起草",
        ]

    def _content(self, item: CatalogItem) -> list[str]:
        topics = list(CATEGORY_TOPICS.get(item.category, ()))
        if item.intermediary:
            topics.append(INTERMEDIARY_TOPIC)
        lines = [self._comment("content") + f"“{item.category}”类事项必须包含以下要点。", "content:"]
        for topic in topics:
            lines += [f"  - topic: {topic}", f"    text: {TODO}（{TOPIC_NOTES[topic]}）"]
        return lines

    def _collaboration(self, item: CatalogItem, short: str) -> list[str]:
        if not item.co_departments:
            return []
        lines = [self._comment("collaboration"), "collaboration:", f"  lead: {scalar(short)}", "  partners:"]
        for dept_id in item.co_departments:
            partner = self.catalog.departments.get(dept_id)
            lines += [f"    - department: {scalar(partner.short if partner else dept_id)}",
                      f"      duties: {TODO}（协办职责）"]
        return lines
