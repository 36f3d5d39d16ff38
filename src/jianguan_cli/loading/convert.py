"""Node tree to plain Python data, with YAML 1.2 core-schema scalars.

Dates stay strings (`2017-05-30`), so a date reads the same quoted or not. Duplicate
keys and unknown tags are reported, not raised, so the rest of the file is still checked.
"""

from __future__ import annotations

import re

from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from jianguan_cli.loading.compose import IMPLICIT
from jianguan_cli.loading.limits import DEFAULT_LIMITS
from jianguan_cli.loading.problems import LoadFailure, LoadProblem

_CORE = "tag:yaml.org,2002:"
_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_SPECIAL_FLOATS = {".inf": float("inf"), ".Inf": float("inf"), ".INF": float("inf"),
                   "+.inf": float("inf"), "+.Inf": float("inf"), "+.INF": float("inf"),
                   "-.inf": float("-inf"), "-.Inf": float("-inf"), "-.INF": float("-inf"),
                   ".nan": float("nan"), ".NaN": float("nan"), ".NAN": float("nan")}
# First characters a plain scalar needs to be anything but a string; Chinese text skips all.
_MAYBE_NOT_STR = frozenset("0123456789+-.~nNtTfF")

def node_budget(text: str, minimum: int = DEFAULT_LIMITS.alias_nodes) -> int:
    """How many nodes converting `text` may produce (see Limits.alias_nodes)."""
    return max(minimum, len(text) // 2)


def resolve_plain(value: str):
    """The YAML 1.2 core-schema value of a plain (unquoted) scalar; timestamps stay strings."""
    if value in _NULLS:
        return None
    if value[0] not in _MAYBE_NOT_STR:
        return value
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    try:
        if _INT.match(value):
            return int(value)
        if _OCT.match(value):
            return int(value[2:], 8)
        if _HEX.match(value):
            return int(value[2:], 16)
    except ValueError:  # more digits than int() accepts: keep the text
        return value
    if _FLOAT.match(value):
        return float(value)
    return _SPECIAL_FLOATS.get(value, value)


class _TooLarge(Exception):
    """The node budget ran out: the document expands to more than a measure can hold."""


class Converter:
    """Turns one node tree into data, collecting duplicate-key and tag problems."""

    def __init__(self, budget: int = DEFAULT_LIMITS.alias_nodes) -> None:
        self.problems: list[LoadProblem] = []
        self.multi_line: list[ScalarNode] = []  # scalars that span lines, for loading.meanings
        self._budget = budget

    def convert_root(self, node):
        """Convert a whole document; an expansion that is too large is reported at its top-level key."""
        if not isinstance(node, MappingNode):
            return self._within_budget(node, node)
        self._check_tag(node, "map")
        result: dict = {}
        first_keys: dict = {}
        for key_node, value_node in node.value:
            self._add(result, first_keys, key_node, self._within_budget(value_node, key_node))
        return result

    def _within_budget(self, node, report_at):
        try:
            return self.convert(node)
        except _TooLarge:
            raise LoadFailure(LoadProblem(
                "Y109", report_at.start_mark.line + 1, report_at.start_mark.column + 1,
                "内容展开后过大（锚点 & 和别名 * 引用过多）",
                "监管办法不需要锚点（&）和别名（*）：请直接写出内容。")) from None

    def convert(self, node):
        self._budget -= 1
        if self._budget < 0:
            raise _TooLarge
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        if isinstance(node, SequenceNode):
            self._check_tag(node, "seq")
            return [self.convert(child) for child in node.value]
        return self._mapping(node)

    def _mapping(self, node: MappingNode) -> dict:
        self._check_tag(node, "map")
        result: dict = {}
        first_keys: dict = {}
        for key_node, value_node in node.value:
            self._add(result, first_keys, key_node, self.convert(value_node))
        return result

    def _add(self, result: dict, first_keys: dict, key_node, value) -> None:
        key = self.convert(key_node)
        if not isinstance(key, str):
            key = str(key)
        if key in result:
            self._duplicate(key, key_node, first_keys[key])
        else:
            result[key] = value
            first_keys[key] = key_node

    def _duplicate(self, key: str, key_node, first) -> None:
        self.problems.append(LoadProblem(
            "Y102", key_node.start_mark.line + 1, key_node.start_mark.column + 1,
            f"重复的键 {key}（第 {first.start_mark.line + 1} 行已经出现过）",
            "同一层中每个键只能出现一次：把两处内容合并，删除重复的一处。"))

    def _scalar(self, node: ScalarNode):
        if node.start_mark.line != node.end_mark.line:
            self.multi_line.append(node)
        if node.ctag is IMPLICIT:
            return resolve_plain(node.value) if not node.style else node.value
        tag = str(node.ctag)
        if tag == "!":
            return node.value
        if tag == _CORE + "str":
            return node.value
        if tag in (_CORE + "int", _CORE + "float", _CORE + "bool", _CORE + "null",
                   _CORE + "timestamp"):
            return resolve_plain(node.value)
        self._unknown_tag(node, tag)
        return node.value

    def _check_tag(self, node, kind: str) -> None:
        if node.ctag is not IMPLICIT and str(node.ctag) not in ("!", _CORE + kind):
            self._unknown_tag(node, str(node.ctag))

    def _unknown_tag(self, node, tag: str) -> None:
        self.problems.append(LoadProblem(
            "Y108", node.start_mark.line + 1, node.start_mark.column + 1,
            f"不支持的 YAML 标签 {tag}",
            "删除以 ! 开头的标签，直接写内容。"))
