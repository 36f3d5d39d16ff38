"""What the schema, the 实施意见 and the catalogue say about a place in a measure being written."""

from __future__ import annotations

from jianguan_cli.catalog import Catalog, CatalogItem
from jianguan_cli.domain import CATEGORY_TOPICS, INTERMEDIARY_TOPIC
from jianguan_cli.lsp.outline import Outline
from jianguan_cli.schema import SchemaIndex


def allowed_values(index: SchemaIndex, path) -> list[str]:
    """The values the schema allows at `path`, or for each item of the list at `path`."""
    node = index.at(path) or {}
    items = index.at((*path, 0)) or {}
    return [str(value) for value in node.get("enum") or items.get("enum") or []]


def catalog_item(outline: Outline, catalog: Catalog | None) -> CatalogItem | None:
    """The catalogue item the measure names in `item.code`."""
    code = outline.scalar(("item", "code"))
    return catalog.items.get(code) if catalog is not None and code else None


def missing_topics(outline: Outline, catalog: Catalog | None, ignore_line: int | None = None) -> list[str]:
    """The content topics the item's category requires (实施意见四(一)) that the measure lacks.

    The topic on `ignore_line` does not count: it is the one being typed.
    """
    item = catalog_item(outline, catalog)
    if item is None:
        return []
    required = [*CATEGORY_TOPICS.get(item.category, ()), *([INTERMEDIARY_TOPIC] if item.intermediary else [])]
    present = {outline.scalar(e.path) for e in outline.entries
               if len(e.path) == 3 and e.path[0] == "content" and e.path[2] == "topic" and e.line != ignore_line}
    return [topic for topic in required if topic not in present]
