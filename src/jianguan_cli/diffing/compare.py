"""Comparing two versions of a measure field by field, named by the schema's Chinese titles."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from jianguan_cli.diffing.align import align
from jianguan_cli.diffing.words import Piece, word_diff
from jianguan_cli.rendering.viewmodel import ORDERED, MeasureView, plain_text

MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING"})()
SAME, ADDED, REMOVED, CHANGED = "same", "added", "removed", "changed"


@dataclass
class FieldNode:
    """One field of a measure in both versions, with its sub-fields (a merged tree of old and new).

    `path` is the data path in the newer version (in the older one for removed entries);
    `label` names it in Chinese: 「监管措施 › 日常监管」, 「监管对象 第2项」.
    """

    path: tuple
    title: str
    label: str
    status: str
    kind: str  # "fields" (a mapping), "list" or "text"
    old: str | None = None
    new: str | None = None
    pieces: list[Piece] = field(default_factory=list)
    children: list[FieldNode] = field(default_factory=list)
    ordered: bool = False


def canonical(value: Any) -> str:
    """A value as one string, equal exactly when the values are (True is not 1, 20 is not "20")."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=lambda v: f"{type(v).__name__}:{v}")


class MeasureComparer:
    """Builds the merged tree of two versions of a measure (MISSING for a version that has none)."""

    def __init__(self, view: MeasureView) -> None:
        self.view = view

    def compare(self, old: Any, new: Any) -> FieldNode:
        """The whole measure: a "fields" node whose children are its top-level fields."""
        return self._node(old, new, (), "", "")

    def _node(self, old: Any, new: Any, path: tuple, title: str, label: str) -> FieldNode:
        present = [v for v in (old, new) if v is not MISSING]
        if all(isinstance(v, dict) for v in present):
            node = FieldNode(path, title, label, SAME, "fields", children=self._fields(old, new, path, label))
        elif all(isinstance(v, list) for v in present):
            node = FieldNode(path, title, label, SAME, "list", children=self._items(old, new, path, label),
                             ordered=bool(path) and path[-1] in ORDERED)
        else:
            return self._text(old, new, path, title, label)
        node.old, node.new = self._shown(old, path), self._shown(new, path)
        node.status = _status(old, new, any(child.status != SAME for child in node.children))
        return node

    def _text(self, old: Any, new: Any, path: tuple, title: str, label: str) -> FieldNode:
        before, after = self._shown(old, path), self._shown(new, path)
        changed = old is not MISSING and new is not MISSING and canonical(old) != canonical(new)
        pieces = word_diff(before or "", after or "")
        return FieldNode(path, title, label, _status(old, new, changed), "text", before, after, pieces)

    def _shown(self, value: Any, path: tuple) -> str | None:
        return None if value is MISSING else plain_text(self.view.blocks(value, path))

    def _fields(self, old: Any, new: Any, path: tuple, label: str) -> list[FieldNode]:
        old_map = old if isinstance(old, dict) else {}
        new_map = new if isinstance(new, dict) else {}
        known = list(self.view.index.properties(path))
        keys = [k for k in known if k in old_map or k in new_map]
        keys += [k for k in [*new_map, *old_map] if k not in known and k not in keys]
        children = []
        for key in keys:
            title = self._title((*path, key))
            children.append(self._node(old_map.get(key, MISSING), new_map.get(key, MISSING), (*path, key),
                                       title, f"{label} › {title}" if label else title))
        return children

    def _items(self, old: Any, new: Any, path: tuple, label: str) -> list[FieldNode]:
        old_list = old if isinstance(old, list) else []
        new_list = new if isinstance(new, list) else []
        children = []
        for step in align(old_list, new_list, canonical, lambda v: self._shown(v, path) or ""):
            index = step.new if step.new is not None else step.old
            title = f"第{index + 1}项"
            children.append(self._node(old_list[step.old] if step.old is not None else MISSING,
                                       new_list[step.new] if step.new is not None else MISSING,
                                       (*path, index), title, f"{label} {title}"))
        return children

    def _title(self, path: tuple) -> str:
        node = self.view.index.at(path)
        return node.get("title", str(path[-1])) if node else str(path[-1])


def _status(old: Any, new: Any, changed: bool) -> str:
    if old is MISSING:
        return ADDED
    if new is MISSING:
        return REMOVED
    return CHANGED if changed else SAME


def changes(node: FieldNode) -> Iterator[FieldNode]:
    """The changed fields, outermost first: a whole added or removed entry is one change."""
    for child in node.children:
        if child.status in (ADDED, REMOVED) or (child.status == CHANGED and not child.children):
            yield child
        elif child.status == CHANGED:
            yield from changes(child)
