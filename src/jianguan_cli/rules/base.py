"""The rule registry: every rule has a stable ID, a default severity and documentation."""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from jianguan_cli.catalog import Catalog, CatalogItem
from jianguan_cli.deadlines import Lateness
from jianguan_cli.findings import Problem, Severity
from jianguan_cli import doctext

if TYPE_CHECKING:
    from jianguan_cli.coverage import Coverage

# When a rule runs: on each measure (lint and check), on each measure in `check` only
# (deadlines), once on the catalogue in `check`, or once over the whole repository in `check`
# (coverage). Catalogue and repository rules take a RepositoryContext. Every rule yields Problems;
# the engine stamps the rule's ID and configured severity on them.
MEASURE, DEADLINE, CATALOG, REPOSITORY = "measure", "deadline", "catalog", "repository"


@dataclass
class RuleContext:
    """What a rule may look at: one measure's data and the catalogue around it."""

    data: dict
    path: str
    measures_dir: str = "measures"
    catalog: Catalog | None = None
    today: dt.date | None = None
    late: tuple[Lateness, ...] = ()  # the deadlines missed by `today`, computed once by the engine
    text: str = ""  # the file's text, for rules that can rule a file out with one regex

    @cached_property
    def item(self) -> CatalogItem | None:
        """The catalogue item this measure is for, when its code is known."""
        code = self.get("item", "code")
        if self.catalog is None or not isinstance(code, str):
            return None
        return self.catalog.items.get(code)

    @cached_property
    def strings(self) -> list[tuple[tuple, str]]:
        """(data path, text) of every string in the data, walked once for all the text rules."""
        found: list[tuple[tuple, str]] = []
        stack: list[tuple[tuple, Any]] = [((), self.data)]
        while stack:
            path, value = stack.pop()
            if isinstance(value, str):
                found.append((path, value))
            elif isinstance(value, dict):
                stack.extend(((*path, key), child) for key, child in reversed(value.items()))
            elif isinstance(value, list):
                stack.extend(((*path, index), child) for index, child in reversed(list(enumerate(value))))
        return found

    def get(self, *path, default: Any = None) -> Any:
        """The value at `path`, or `default` where the path is missing or of the wrong type."""
        value: Any = self.data
        for step in path:
            if isinstance(step, int) and isinstance(value, list) and 0 <= step < len(value):
                value = value[step]
            elif isinstance(step, str) and isinstance(value, dict) and step in value:
                value = value[step]
            else:
                return default
        return value

    def items_of(self, *path) -> list[tuple[int, dict]]:
        """(index, entry) for every mapping entry of the list at `path`."""
        value = self.get(*path, default=[])
        if not isinstance(value, list):
            return []
        return [(i, entry) for i, entry in enumerate(value) if isinstance(entry, dict)]


@dataclass
class RepositoryContext:
    """What a catalogue or repository rule may look at: the catalogue (with positions) and,
    for repository rules, the coverage of its items by the measures."""

    catalog: Catalog
    coverage: Coverage | None = None


Check = Callable[[Any], Iterable[Problem]]


@dataclass(frozen=True)
class Rule:
    """One rule. `check` is None for rules the loader or the schema stage reports."""

    id: str
    name: str
    title: str
    severity: Severity
    doc: str
    check: Check | None = None
    needs_catalog: bool = False
    stage: str = MEASURE
    # a finding of this rule means the measure is not finished (待填写), whatever its severity
    marks_unfinished: bool = False
    # a slip of a Chinese keyboard the loader repairs to read on: what follows it on its line is in doubt
    keyboard_trap: bool = False
    # the file cannot be written back as it stands: `jianguan fmt` leaves it alone
    blocks_fmt: bool = False
    # a finding that a value is empty or missing text (a comment cutting a value off explains it)
    says_empty: bool = False
    # what `jianguan fmt --fix` repairs (fmt without --fix says it would)
    repaired_by_fmt_fix: bool = False
    # the kind of quick fix an editor offers (see lsp/actions.py), "" for none
    quick_fix: str = ""

    @property
    def first_paragraph(self) -> str:
        """The first paragraph of the documentation, on one line, as plain text."""
        return doctext.first_paragraph(self.doc)


RULES: dict[str, Rule] = {}


def rule(rule_id: str, name: str, title: str, severity: Severity = Severity.ERROR,
         *, needs_catalog: bool = False, stage: str = MEASURE, **traits: Any) -> Callable[[Check], Check]:
    """Register a checking function; its docstring is the rule's user documentation.

    Measure and deadline rules take a RuleContext, catalogue and repository rules a
    RepositoryContext; all yield Problems. `traits` are Rule's flags (marks_unfinished, quick_fix …).
    """

    def register(check: Check) -> Check:
        _add(Rule(rule_id, name, title, severity, inspect.cleandoc(check.__doc__ or ""), check,
                  needs_catalog or stage in (CATALOG, REPOSITORY), stage, **traits))
        return check

    return register


def declare(rule_id: str, name: str, title: str, doc: str,
            severity: Severity = Severity.ERROR, **traits: Any) -> str:
    """Register a rule reported by the loader or the schema stage (no check function); its ID."""
    _add(Rule(rule_id, name, title, severity, inspect.cleandoc(doc), **traits))
    return rule_id


def rules_with(trait: str) -> frozenset[str]:
    """The IDs of the rules that have `trait` (a flag of Rule such as keyboard_trap)."""
    return frozenset(rule_id for rule_id, known in RULES.items() if getattr(known, trait))


def _add(new: Rule) -> None:
    if new.id in RULES:
        raise ValueError(f"rule {new.id} registered twice")
    same_name = next((known.id for known in RULES.values() if known.name == new.name), None)
    if same_name is not None:
        raise ValueError(f"rule {new.id} has the name {new.name} of rule {same_name}")
    RULES[new.id] = new
