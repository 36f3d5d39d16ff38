"""Progress of the district: per department, how many items have measures and how far review got."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from jianguan_cli.catalog import Catalog, CatalogItem
from jianguan_cli.deadlines import lateness
from jianguan_cli.domain import REVIEW_STAGES
from jianguan_cli.rules.coverage_rules import expected_path
from jianguan_cli.settings import Settings
from jianguan_cli.summary import MeasureSummary

STAGES = [status for status, _ in REVIEW_STAGES]


@dataclass
class DepartmentProgress:
    """One row of the status table (or the totals row)."""

    id: str
    name: str
    short: str
    items: int = 0
    written: int = 0
    stages: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STAGES, 0))
    overdue: int = 0

    @property
    def percent(self) -> float:
        """Share of items with a measure, in percent (100 for a department without items)."""
        return round(100 * self.written / self.items, 1) if self.items else 100.0

    def add(self, other: DepartmentProgress) -> None:
        self.items += other.items
        self.written += other.written
        self.overdue += other.overdue
        for stage, count in other.stages.items():
            self.stages[stage] += count

    def as_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "short": self.short, "items": self.items,
                "written": self.written, "stages": dict(self.stages), "overdue": self.overdue,
                "percent": self.percent}


@dataclass(frozen=True)
class ItemState:
    """A catalogue item and the measure that covers it (None when missing)."""

    item: CatalogItem
    expected: str
    measure: MeasureSummary | None
    late: tuple[str, ...] = ()


@dataclass
class Progress:
    """Departments in catalogue order, every item's state, and measures that fit no item."""

    departments: list[DepartmentProgress]
    items: list[ItemState]
    orphans: list[str]
    duplicates: dict[str, list[str]]
    today: dt.date
    names: dict[str, str] = field(default_factory=dict)  # every catalogue department's short name

    @property
    def total(self) -> DepartmentProgress:
        total = DepartmentProgress("", "合计", "合计")
        for row in self.departments:
            total.add(row)
        return total

    @property
    def missing(self) -> list[ItemState]:
        return [state for state in self.items if state.measure is None]

    @property
    def overdue(self) -> list[ItemState]:
        return [state for state in self.items if state.late]

    def only(self, department: str) -> Progress:
        """The same progress restricted to one department."""
        return Progress(
            [row for row in self.departments if row.id == department],
            [state for state in self.items if state.item.department == department],
            [], {code: paths for code, paths in self.duplicates.items()
                 if any(s.item.code == code and s.item.department == department for s in self.items)},
            self.today, self.names,
        )

    def as_dict(self) -> dict:
        """The `coverage` object of the JSON report."""
        total = self.total
        return {
            "today": self.today.isoformat(),
            "items": total.items,
            "covered": total.written,
            "percent": total.percent,
            "missing": [_item_dict(state) for state in self.missing],
            "overdue": [{**_item_dict(state), "reasons": list(state.late)} for state in self.overdue],
            "duplicates": self.duplicates,
            "orphans": self.orphans,
            "departments": [row.as_dict() for row in self.departments],
        }


def _item_dict(state: ItemState) -> dict:
    return {"code": state.item.code, "name": state.item.name, "department": state.item.department,
            "path": state.measure.path if state.measure else state.expected}


def compute_progress(catalog: Catalog, measures: list[MeasureSummary], settings: Settings,
                     measures_dir: str, today: dt.date) -> Progress:
    """Progress of every department that implements at least one catalogue item."""
    by_code: dict[str, list[MeasureSummary]] = {}
    by_path = {m.path: m for m in measures}
    for measure in measures:
        if measure.code:
            by_code.setdefault(measure.code, []).append(measure)
    rows = {dept_id: DepartmentProgress(dept.id, dept.name, dept.short)
            for dept_id, dept in catalog.departments.items()}
    states = []
    for item in catalog.items.values():
        where = expected_path(measures_dir, item.department, item.code)
        measure = (by_code.get(item.code) or [by_path.get(where)])[0]
        late = ()
        if measure is not None:
            deadlines = settings.deadlines_for(item.department)
            late = tuple(x.message for x in lateness(measure.status, measure.dates, deadlines, today) if x.open)
        states.append(ItemState(item, where, measure, late))
        row = rows.setdefault(item.department, DepartmentProgress(item.department, item.department, item.department))
        row.items += 1
        if measure is not None:
            row.written += 1
            row.stages[measure.status if measure.status in STAGES else STAGES[0]] += 1
            row.overdue += bool(late)
    return Progress(
        departments=[row for row in rows.values() if row.items],
        items=states,
        orphans=sorted(m.path for m in measures if m.code and m.code not in catalog.items),
        duplicates={code: [m.path for m in found] for code, found in sorted(by_code.items())
                    if len(found) > 1 and code in catalog.items},
        today=today,
        names={dept_id: dept.short for dept_id, dept in catalog.departments.items()},
    )
