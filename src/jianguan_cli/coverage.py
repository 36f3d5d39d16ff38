"""Coverage (实施意见四(二)1 全覆盖): which catalogue items have a measure, and how far each got.

Computed once per `check` from the catalogue and the measure summaries; the coverage rules
(V901, V902), the status table, the JSON report, the site index and the export all read it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from jianguan_cli.catalog import Catalog, CatalogItem, department_names, expected_path
from jianguan_cli.domain import STATUSES
from jianguan_cli.findings import UsageError
from jianguan_cli.settings import Settings
from jianguan_cli.suggest import NAME, closest
from jianguan_cli.summary import MeasureSummary

NOT_WRITTEN = "未编写"
UNFINISHED = "待填写"  # a file that still holds placeholders or errors
STATES = [NOT_WRITTEN, UNFINISHED, *STATUSES]


@dataclass
class DepartmentTally:
    """One row of the status table (or the totals row): items, files, finished measures by stage."""

    id: str
    name: str
    short: str
    items: int = 0
    files: int = 0
    stages: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    overdue: int = 0

    @property
    def written(self) -> int:
        """Finished measures: no placeholder and no error left."""
        return sum(self.stages.values())

    @property
    def unfinished(self) -> int:
        """Files that still hold placeholders or errors (待填写)."""
        return self.files - self.written

    @property
    def percent(self) -> float:
        """Share of items with a finished measure, in percent (100 for a department without items)."""
        return round(100 * self.written / self.items, 1) if self.items else 100.0

    def add(self, other: DepartmentTally) -> None:
        self.items += other.items
        self.files += other.files
        self.overdue += other.overdue
        for stage, count in other.stages.items():
            self.stages[stage] += count

    def as_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "short": self.short, "items": self.items,
                "files": self.files, "written": self.written, "unfinished": self.unfinished,
                "stages": dict(self.stages), "overdue": self.overdue, "percent": self.percent}


@dataclass(frozen=True)
class ItemState:
    """A catalogue item and the measure that covers it (None when missing)."""

    item: CatalogItem
    expected: str
    measure: MeasureSummary | None
    late: tuple[str, ...] = ()

    @property
    def state(self) -> str:
        """未编写, 待填写, or the review stage of a finished measure."""
        if self.measure is None:
            return NOT_WRITTEN
        if self.measure.unfinished:
            return UNFINISHED
        return self.measure.status if self.measure.status in STATUSES else STATUSES[0]


@dataclass
class Coverage:
    """Departments in catalogue order, every item's state, and measures that fit no item."""

    district: str
    departments: list[DepartmentTally]
    items: list[ItemState]
    orphans: list[MeasureSummary]
    duplicates: dict[str, list[MeasureSummary]]
    today: dt.date
    names: dict[str, str] = field(default_factory=dict)  # every catalogue department's short name
    catalog_path: str = "catalog.yaml"  # as reports name it

    @property
    def total(self) -> DepartmentTally:
        total = DepartmentTally("", "合计", "合计")
        for row in self.departments:
            total.add(row)
        return total

    @property
    def missing(self) -> list[ItemState]:
        return [state for state in self.items if state.measure is None]

    @property
    def unfinished(self) -> list[ItemState]:
        return [state for state in self.items if state.state == UNFINISHED]

    @property
    def overdue(self) -> list[ItemState]:
        return [state for state in self.items if state.late]

    def department_id(self, written: str) -> str:
        """The id of a department that implements items, given by id, full name or short name."""
        names = department_names(self.departments)
        if written.strip() in names:
            return names[written.strip()]
        guess = closest(written, names, NAME)
        raise UsageError(f"事项目录中没有实施事项的部门“{written}”" + (f"，是否想写 {guess}？" if guess else "。"))

    def only(self, department: str) -> Coverage:
        """The same coverage restricted to one department."""
        items = [state for state in self.items if state.item.department == department]
        codes = {state.item.code for state in items}
        return Coverage(self.district, [row for row in self.departments if row.id == department], items, [],
                        {code: found for code, found in self.duplicates.items() if code in codes},
                        self.today, self.names, self.catalog_path)

    def as_dict(self) -> dict:
        """The `coverage` object of the JSON report."""
        total = self.total
        return {
            "today": self.today.isoformat(),
            "items": total.items,
            "files": total.files,
            "covered": total.written,
            "unfinished": total.unfinished,
            "percent": total.percent,
            "missing": [_item_dict(state) for state in self.missing],
            "unfinished_items": [_item_dict(state) for state in self.unfinished],
            "overdue": [{**_item_dict(state), "reasons": list(state.late)} for state in self.overdue],
            "duplicates": {code: [m.path for m in found] for code, found in self.duplicates.items()},
            "orphans": [m.path for m in self.orphans],
            "departments": [row.as_dict() for row in self.departments],
        }


def _item_dict(state: ItemState) -> dict:
    return {"code": state.item.code, "name": state.item.name, "department": state.item.department,
            "path": state.measure.path if state.measure else state.expected}


def compute_coverage(catalog: Catalog, measures: list[MeasureSummary], settings: Settings,
                     measures_dir: str, today: dt.date) -> Coverage:
    """Coverage of every department that implements at least one catalogue item."""
    by_code: dict[str, list[MeasureSummary]] = {}
    by_path = {m.path: m for m in measures}
    for measure in measures:
        if measure.code:
            by_code.setdefault(measure.code, []).append(measure)
    rows = {dept_id: DepartmentTally(dept.id, dept.name, dept.short) for dept_id, dept in catalog.departments.items()}
    states = []
    unread = [m for m in measures if m.code is None]  # a folder that cannot be read stands for its files
    for item in catalog.items.values():
        where = expected_path(measures_dir, item.department, item.code)
        found = by_code.get(item.code) or [by_path.get(where) or next(
            (m for m in unread if where.startswith(m.path + "/")), None)]
        state = ItemState(item, where, found[0], found[0].late if found[0] else ())
        states.append(state)
        row = rows.setdefault(item.department, DepartmentTally(item.department, item.department, item.department))
        row.items += 1
        if state.measure is not None:
            row.files += 1
            row.overdue += bool(state.late)
            if state.state in row.stages:
                row.stages[state.state] += 1
    return Coverage(
        district=settings.district or catalog.district,
        departments=[row for row in rows.values() if row.items],
        items=states,
        orphans=sorted((m for m in measures if m.code and m.code not in catalog.items), key=lambda m: m.path),
        duplicates={code: found for code, found in sorted(by_code.items())
                    if len(found) > 1 and code in catalog.items},
        today=today,
        names={dept_id: dept.short for dept_id, dept in catalog.departments.items()},
        catalog_path=catalog.path,
    )

