"""Walks a JSON Schema by data path: titles, allowed keys and examples for messages."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from jianguan_cli.loading.keys import KnownKeys


class SchemaIndex:
    """Answers questions about the subschema that governs a data path."""

    def __init__(self, schema: dict) -> None:
        self.schema = schema
        self.keys = KnownKeys(self._all_keys(schema), _unique_titles(schema))

    def resolve(self, node: dict) -> dict:
        """`node` with a local `$ref` merged in (the referencing node's own keys win)."""
        ref = node.get("$ref")
        if not ref or not ref.startswith("#/"):
            return node
        target: Any = self.schema
        for part in ref[2:].split("/"):
            target = target[part]
        return {**self.resolve(target), **{k: v for k, v in node.items() if k != "$ref"}}

    def inlined(self, node=None):
        """The schema with every local `$ref` replaced by its target (the schemas are not recursive)."""
        node = self.schema if node is None else node
        if isinstance(node, dict):
            merged = self.resolve(node)
            return {k: self.inlined(v) for k, v in merged.items() if k != "$defs"}
        if isinstance(node, list):
            return [self.inlined(v) for v in node]
        return node

    def at(self, path) -> dict | None:
        """The subschema for the value at `path`, or None where the schema says nothing."""
        node = self.resolve(self.schema)
        for step in path:
            node = self._step(node, step)
            if node is None:
                return None
        return node

    def _step(self, node: dict, step) -> dict | None:
        if isinstance(step, int):
            items = node.get("items")
            return self.resolve(items) if isinstance(items, dict) else None
        properties = node.get("properties")
        if properties is None:
            for branch in node.get("anyOf", []):
                branch = self.resolve(branch)
                if "properties" in branch:
                    properties = branch["properties"]
        if properties and step in properties:
            return self.resolve(properties[step])
        return None

    def label(self, path) -> str:
        """A Chinese name for the value at `path`, e.g. 「监管内容 › 第4项 › 监管要点」."""
        parts = []
        for depth, step in enumerate(path):
            if isinstance(step, int):
                parts.append(f"第{step + 1}项")
            else:
                node = self.at(path[: depth + 1])
                parts.append(node.get("title", step) if node else str(step))
        return "「" + " › ".join(parts or ["整个文件"]) + "」"

    def properties(self, path) -> dict[str, dict]:
        """The allowed keys of the mapping at `path` with their (resolved) subschemas."""
        node = self.at(path) or {}
        if "properties" not in node:
            for branch in node.get("anyOf", []):
                branch = self.resolve(branch)
                if "properties" in branch:
                    node = branch
        return {k: self.resolve(v) for k, v in node.get("properties", {}).items()}

    def example(self, path, key: str | None = None) -> str:
        """A one-line YAML example for the value at `path` (as `key: value` when key given)."""
        node = self.at(path if key is None else (*path, key)) or {}
        examples = node.get("examples")
        if not examples:
            return ""
        value = examples[0]
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        name = key if key is not None else (path[-1] if path and isinstance(path[-1], str) else None)
        return f"{name}: {text}" if name is not None else text

    def _all_keys(self, node) -> set[str]:
        keys: set[str] = set()
        if isinstance(node, dict):
            keys.update(node.get("properties", {}))
            for value in node.values():
                keys |= self._all_keys(value)
        elif isinstance(node, list):
            for value in node:
                keys |= self._all_keys(value)
        return keys


def _unique_titles(schema: dict) -> dict[str, str]:
    """Chinese title → key, for the titles that name one key only (the loader suggests them)."""
    keys_of: defaultdict[str, set[str]] = defaultdict(set)
    stack: list[Any] = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, sub in node.get("properties", {}).items():
                if isinstance(sub, dict) and isinstance(sub.get("title"), str):
                    keys_of[sub["title"]].add(key)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return {title: next(iter(keys)) for title, keys in keys_of.items() if len(keys) == 1}
