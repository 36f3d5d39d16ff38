"""A loaded YAML file: its data, and positions looked up only when a finding needs one."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from jianguan_cli.loading.decode import position_of_offset
from jianguan_cli.loading.problems import LoadProblem

PathStep = str | int


@dataclass
class Document:
    """One parsed file: `data` is plain Python; `root` keeps every node's position."""

    path: str
    text: str
    root: Any = None
    data: Any = None
    problems: list[LoadProblem] = field(default_factory=list)
    parsed: bool = False
    # the text `root` was composed from, when the loader repaired keyboard traps to read the file
    composed_text: str | None = None
    # key → (key node, value node) per mapping, built the first time a path goes through it
    _keys: dict[int, dict[str, tuple]] = field(default_factory=dict, repr=False, compare=False)

    def locate(self, path: tuple[PathStep, ...], *, at_key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value at `path`, or of its key with `at_key`.

        Where the path does not exist, the deepest part that does is used, so a missing
        key points at the key of the mapping that lacks it.
        """
        node, key_node = self._walk(path)
        target = key_node if (at_key or node is None) and key_node is not None else node
        if target is None:
            return 1, 1
        mark = target.start_mark
        if mark.index < len(self.text):
            return mark.line + 1, mark.column + 1
        return self._inside(mark.line + 1, mark.column + 1)

    def _inside(self, line: int, column: int) -> tuple[int, int]:
        """A position at the end of the text, where libyaml may mark a line past it (the empty value of "---")."""
        last = self.text.count("\n") + 1
        if line <= last:
            return line, column
        return last, len(self.text) - self.text.rfind("\n")

    def locate_text(self, path: tuple[PathStep, ...], needle: str) -> tuple[int, int]:
        """Position of `needle` inside the scalar at `path`, falling back to the scalar."""
        node, _ = self._walk(path)
        if node is not None:
            text = self.text if self.composed_text is None else self.composed_text
            found = text.find(needle, node.start_mark.index, node.end_mark.index)
            if found >= 0:
                return position_of_offset(text, found)
        return self.locate(path)

    def written(self, path: tuple[PathStep, ...]) -> str | None:
        """The scalar at `path` as the file writes it (`09312331234`, not the number it reads as), or None."""
        node = self.root
        for step in path:
            child = self._child(node, step)
            if child is None:
                return None
            node = child[1]
        return node.value if isinstance(node, ScalarNode) else None

    def _walk(self, path: tuple[PathStep, ...]):
        node, key_node = self.root, None
        for step in path:
            child = self._child(node, step)
            if child is None:
                return (None if key_node is not None else node), key_node
            key_node, node = child
        return node, key_node

    def _child(self, node, step: PathStep):
        if isinstance(node, MappingNode):
            keys = self._keys.get(id(node))
            if keys is None:  # 20,000 findings in one mapping must not scan it 20,000 times
                keys = self._keys[id(node)] = {}
                for key, value in node.value:
                    keys.setdefault(str(key.value), (key, value))  # the first of duplicate keys
            return keys.get(str(step))
        if isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            item = node.value[step]
            return item, item
        return None
