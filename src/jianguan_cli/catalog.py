"""The catalogue of departments and approval items (事项目录, catalog.yaml)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from jianguan_cli.loading.limits import DEFAULT_LIMITS, Limits
from jianguan_cli.suggest import NAME, closest

if TYPE_CHECKING:
    from jianguan_cli.loading import Document
    from jianguan_cli.schema import SchemaChecker


@dataclass(frozen=True, slots=True)
class Department:
    """A department: catalogue id (also its folder under measures/), full and short name."""

    id: str
    name: str
    short: str
    website: str = ""


@dataclass(frozen=True, slots=True)
class CatalogItem:
    """An approval item (行政审批事项) and how it must be supervised."""

    code: str
    name: str
    category: str
    department: str
    co_departments: tuple[str, ...] = ()
    intermediary: bool = False
    basis: str = ""
    index: int = 0
    line: int = 1  # where the item starts in catalog.yaml
    column: int = 1


@dataclass
class Catalog:
    """Departments and items, with lookups by any name staff may write."""

    district: str
    departments: dict[str, Department]
    items: dict[str, CatalogItem]
    document: Document | None = None
    path: str = "catalog.yaml"  # as reports name it
    _names: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._names.update(department_names(self.departments.values()))

    def department(self, written: str) -> Department | None:
        """The department a measure names by id, full name or short name."""
        dept_id = self._names.get(str(written).strip())
        return self.departments.get(dept_id) if dept_id else None

    def suggest_department(self, written: str) -> str | None:
        """The closest department name to a misspelt one."""
        return closest(written, self._names, NAME)

    def suggest_code(self, written: str) -> str | None:
        """The closest item code to a mistyped one."""
        return closest(written, self.items)


def department_names(departments: Iterable) -> dict[str, str]:
    """Each way a department is written (its id, full name, short name) → its id; the first wins."""
    names: dict[str, str] = {}
    for dept in departments:
        for name in (dept.id, dept.name, dept.short):
            names.setdefault(name, dept.id)
    return names


def expected_path(measures_dir: str, department: str, code: str) -> str:
    """Where the measure of an item belongs: measures/<department>/<code>.yaml."""
    folder = "" if measures_dir in ("", ".") else measures_dir.rstrip("/") + "/"
    return f"{folder}{department}/{code}.yaml"


class CatalogError(Exception):
    """catalog.yaml cannot be used; `document` holds the problems, `problems` the schema ones."""

    def __init__(self, message: str, document: Document | None = None, problems=()) -> None:
        super().__init__(message)
        self.document = document
        self.problems = list(problems)


def load_catalog(path: Path, display_path: str, limits: Limits = DEFAULT_LIMITS) -> Catalog:
    """Read catalog.yaml; raises CatalogError when it is missing, unparsable or invalid."""
    if not path.is_file():
        raise CatalogError(f"找不到事项目录 {display_path}")
    from jianguan_cli.loading import (
        load_file,  # parsing is not needed when the catalogue is cached
    )
    from jianguan_cli.schema import checker_for

    checker = checker_for("catalog")
    return _checked_catalog(load_file(path, display_path, checker.index.keys, limits), checker)


def parse_catalog(raw: bytes, display_path: str) -> Catalog:
    """A catalogue from bytes, checked like load_catalog."""
    from jianguan_cli.loading import load_bytes
    from jianguan_cli.schema import checker_for

    checker = checker_for("catalog")
    return _checked_catalog(load_bytes(raw, display_path, checker.index.keys), checker)


def _checked_catalog(doc: Document, checker: SchemaChecker) -> Catalog:
    display_path = doc.path
    if not doc.parsed or doc.problems:
        raise CatalogError(f"事项目录 {display_path} 无法读取", doc)
    problems = checker.check(doc.data)
    if problems:
        raise CatalogError(f"事项目录 {display_path} 不符合格式", doc, problems)
    return catalog_from_data(doc.data, doc)


def catalog_from_data(data: dict, document: Document | None = None) -> Catalog:
    """A Catalog from already validated catalogue data."""
    departments = {
        d["id"]: Department(d["id"], d["name"], d["short"], d.get("website", ""))
        for d in data.get("departments", [])
    }
    items = {}
    for index, raw in enumerate(data.get("items", [])):
        line, column = document.locate(("items", index)) if document else (1, 1)
        items.setdefault(raw["code"], CatalogItem(
            code=raw["code"], name=raw["name"], category=raw["category"],
            department=raw["department"], co_departments=tuple(raw.get("co_departments", [])),
            intermediary=bool(raw.get("intermediary", False)), basis=raw.get("basis", ""),
            index=index, line=line, column=column,
        ))
    return Catalog(data.get("district", ""), departments, items, document,
                   document.path if document else "catalog.yaml")
