"""What changed between a revision and the working tree: one entry per added, removed or changed measure."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from jianguan_cli.diffing.compare import MISSING, SAME, FieldNode, MeasureComparer, changes
from jianguan_cli.diffing.git import Revision, Signature
from jianguan_cli.diffing.versions import MeasureVersion, Repository

ADDED, REMOVED, MODIFIED, RENAMED = "added", "removed", "modified", "renamed"
KIND_LABELS = {ADDED: "新增", REMOVED: "删除", MODIFIED: "修改", RENAMED: "改名"}
UNCOMMITTED = "未提交的修改"


@dataclass
class MeasureChange:
    """A measure that is new, gone, edited or moved to another file since the revision."""

    kind: str
    old: MeasureVersion | None
    new: MeasureVersion | None
    tree: FieldNode
    signature: Signature

    @property
    def current(self) -> MeasureVersion:
        """The newer version, or the older one for a removed measure."""
        return self.new or self.old  # type: ignore[return-value]

    @property
    def code(self) -> str:
        """The item code of the measure."""
        return self.current.code or ""

    @property
    def name(self) -> str:
        """The item name of the measure."""
        return self.current.name

    @property
    def moved(self) -> bool:
        """The file has another path than at the revision (found by its item code)."""
        return self.old is not None and self.new is not None and self.old.path != self.new.path

    @cached_property
    def fields(self) -> list[FieldNode]:
        """The changed fields, outermost first."""
        return list(changes(self.tree))


@dataclass
class DiffReport:
    """Every change since `revision`, in path order."""

    revision: Revision
    measures: list[MeasureChange]

    def count(self, kind: str) -> int:
        """How many measures were added, removed, modified or renamed."""
        return sum(change.kind == kind for change in self.measures)

    @property
    def field_count(self) -> int:
        """How many changed fields the modified and renamed measures have."""
        return sum(len(change.fields) for change in self.measures if change.kind in (MODIFIED, RENAMED))


def build_report(repository: Repository, revision: Revision, comparer: MeasureComparer) -> DiffReport:
    """Compare every measure at `revision` with the working tree."""
    before, after = repository.at_revision(revision), repository.in_working_tree()
    attribution = Attribution(repository, revision)
    found = []
    for key in sorted(set(before) | set(after), key=lambda k: (after.get(k) or before[k]).path):
        old, new = before.get(key), after.get(key)
        tree = comparer.compare(old.data if old else MISSING, new.data if new else MISSING)
        kind = _kind(old, new, tree)
        if kind is not None:
            found.append(MeasureChange(kind, old, new, tree, attribution.of(old, new)))
    return DiffReport(revision, found)


def _kind(old: MeasureVersion | None, new: MeasureVersion | None, tree: FieldNode) -> str | None:
    if old is None:
        return ADDED
    if new is None:
        return REMOVED
    if old.path != new.path:
        return RENAMED
    return MODIFIED if tree.status != SAME else None


class Attribution:
    """Who made a change and when: the newest commit since the revision, or the user for uncommitted work."""

    def __init__(self, repository: Repository, revision: Revision) -> None:
        self.repository = repository
        self.git = repository.git
        self.revision = revision
        head = self.git.head()
        self.head = {f.path: f.oid for f in repository.tree(head)} if head else {}

    def of(self, old: MeasureVersion | None, new: MeasureVersion | None) -> Signature:
        """The signature for the change from `old` to `new`."""
        paths = list(dict.fromkeys(v.path for v in (new, old) if v is not None))
        if self._uncommitted(old, new):
            return Signature(self.git.user_name() or UNCOMMITTED, None)
        git_paths = [self.repository.git_path(p) for p in paths]
        return (self.git.last_change(self.revision.commit, git_paths)
                or self.git.last_change("", git_paths) or Signature(UNCOMMITTED, None))

    def _uncommitted(self, old: MeasureVersion | None, new: MeasureVersion | None) -> bool:
        if new is None:  # still in HEAD, gone from the working tree: deleted but not committed
            return old is not None and old.path in self.head
        committed = self.head.get(new.path)
        return committed is None or self.git.hashes([self.repository.git_path(new.path)]) != [committed]
