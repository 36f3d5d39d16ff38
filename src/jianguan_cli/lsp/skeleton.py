"""Missing sections and topics, cut from the file `jianguan new` writes for the measure's item.

The scaffold is used through `scaffold_outline` alone, so when the scaffold changes (it follows
the schema's `x-scaffold` annotations) the skeletons the editor inserts change with it.
"""

from __future__ import annotations

from jianguan_cli.authoring.scaffold import TODO, Scaffold
from jianguan_cli.catalog import Catalog, CatalogItem
from jianguan_cli.lsp.facts import catalog_item
from jianguan_cli.lsp.outline import Entry, Outline, PathStep
from jianguan_cli.schema import SchemaIndex

Insertion = tuple[int, list[str]]  # insert these lines before 0-based line N


def scaffold_outline(index: SchemaIndex, catalog: Catalog | None, outline: Outline) -> Outline:
    """What `jianguan new` would write for the measure's item (a stand-in item when it is not catalogued)."""
    item = catalog_item(outline, catalog) or CatalogItem(
        code=outline.scalar(("item", "code")) or TODO, name=outline.scalar(("item", "name")) or TODO,
        category="", department="")
    return Outline(Scaffold(index, catalog or Catalog("", {}, {})).text(item, ""))


def section_insertion(document: Outline, scaffold: Outline, index: SchemaIndex,
                      path: tuple[PathStep, ...], key: str) -> Insertion | None:
    """Where and what to insert for the missing `key` of the mapping at `path`, in schema order."""
    source = scaffold.find((*_first_items(path), key))
    if source is None:
        return None
    lines = _with_comments_above(scaffold, source.line, source.start)
    lines += scaffold.lines[source.line + 1:scaffold.block_end(source.line, source.start) + 1]
    siblings = [e for e in document.children(path) if e.key is not None]
    column = siblings[0].start if siblings else _child_column(document, path)
    before = _insertion_line(document, index, path, key, siblings)
    return before, _reindented(lines, source.start, column)


def topic_insertion(document: Outline, scaffold: Outline, topic: str) -> Insertion | None:
    """Where and what to insert for a content entry on `topic`, after the last entry."""
    source = next((e for e in scaffold.entries if e.path[:1] == ("content",) and e.key == "topic"
                   and e.value == topic), None)
    entries = [e for e in document.children(("content",))]
    content = document.find(("content",))
    if source is None or content is None:
        return None
    dash = source.dashes[-1]
    lines = scaffold.lines[source.line:scaffold.block_end(source.line, dash) + 1]
    column = entries[0].dashes[-1] if entries and entries[0].dashes else content.start + 2
    last = entries[-1] if entries else content
    end = document.block_end(last.line, last.dashes[-1] if last.dashes else last.start)
    return end + 1, _reindented(lines, dash, column)


def _first_items(path: tuple[PathStep, ...]) -> tuple[PathStep, ...]:
    """`path` in the scaffold, which has one entry in each list."""
    return tuple(0 if isinstance(step, int) else step for step in path)


def _with_comments_above(outline: Outline, line: int, column: int) -> list[str]:
    """The comment lines right above `line` at its indentation (the scaffold's guidance)."""
    first = line
    while first > 0 and outline.lines[first - 1].strip().startswith("#") and \
            len(outline.lines[first - 1]) - len(outline.lines[first - 1].lstrip()) == column:
        first -= 1
    return outline.lines[first:line + 1]


def _child_column(document: Outline, path: tuple[PathStep, ...]) -> int:
    if not path:
        return 0
    parent = document.find(path)
    return parent.start + 2 if parent is not None else 2 * len(path)


def _insertion_line(document: Outline, index: SchemaIndex, path, key: str, siblings: list[Entry]) -> int:
    """The line to insert before: after the nearest earlier key in schema order, else before the next one."""
    order = {name: rank for rank, name in enumerate(index.properties(path))}
    rank = order.get(key, len(order))
    earlier = [e for e in siblings if order.get(e.key, len(order)) < rank]
    if earlier:
        anchor = max(earlier, key=lambda e: (order[e.key], e.line))
        return document.block_end(anchor.line, anchor.start) + 1
    later = [e for e in siblings if e.key in order]
    if later:
        anchor = min(later, key=lambda e: e.line)
        return _first_comment_line(document, anchor)
    parent = document.find(path) if path else None
    if parent is not None:
        return document.block_end(parent.line, parent.start) + 1
    return len(document.lines)


def _first_comment_line(document: Outline, entry: Entry) -> int:
    """The first line of the comments describing `entry` (not the file's `$schema` line above them)."""
    first = entry.line
    while first > 0 and document.lines[first - 1].strip().startswith("#") \
            and "yaml-language-server" not in document.lines[first - 1]:
        first -= 1
    return first


def _reindented(lines: list[str], from_column: int, to_column: int) -> list[str]:
    shift = to_column - from_column
    if shift >= 0:
        return [" " * shift + line if line.strip() else line for line in lines]
    return [line[min(-shift, len(line) - len(line.lstrip())):] for line in lines]
