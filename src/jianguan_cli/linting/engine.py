"""Lints measure files: load → schema → rules → findings with positions."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

from jianguan_cli.cache import LintCache, digest
from jianguan_cli.catalog import Catalog, CatalogError, load_catalog
from jianguan_cli.findings import Finding, Problem, Severity, data_path_text
from jianguan_cli.linting.files import display_path
from jianguan_cli.fileio import TooLarge, Unreadable, read_regular
from jianguan_cli.rules import CATALOG, DEADLINE, MEASURE, REPOSITORY, RULES, RepositoryContext, Rule, RuleContext
from jianguan_cli.rules.base import rules_with
from jianguan_cli.rules.settings_rules import SETTINGS_RULE
from jianguan_cli.rules.yaml_rules import COMMENT_IN_VALUE_RULE, ENCODING_RULE
from jianguan_cli.settings import Settings, SettingsError
from jianguan_cli.results import LintResult
from jianguan_cli.deadlines import Lateness, lateness
from jianguan_cli.summary import MeasureSummary, item_code, review_state, summarize

if TYPE_CHECKING:
    from jianguan_cli.loading import Document

# Below this many files a process pool costs more than it saves.
PARALLEL_THRESHOLD = 64
TRAP_RULES = rules_with("keyboard_trap")
EMPTY_VALUE_RULES = rules_with("says_empty")


def open_catalog(settings: Settings) -> Catalog | None:
    """The repository's catalogue, or None when there is none; CatalogError when broken."""
    if not settings.catalog_path.is_file():
        return None
    return load_catalog(settings.catalog_path, display_path(settings.catalog_path, settings.root), settings.limits)


def severities(settings: Settings) -> dict[str, Severity]:
    """Each rule's severity: its default, or what `[rules]` in jianguan.toml says."""
    return {rid: settings.rule_severity.get(rid, r.severity) for rid, r in RULES.items()}


def prepare_run(settings: Settings, today: dt.date | None, use_cache: bool
                ) -> tuple[Catalog | None, list[Finding], LintCache | None]:
    """The catalogue, its own (K) findings and the cache for this run; CatalogError when broken."""
    try:
        raw = read_regular(settings.catalog_path, settings.limits.file_size_bytes, settings.root) \
            if settings.catalog_path.exists() or settings.catalog_path.is_symlink() else b""
    except Unreadable as entry:
        raise CatalogError(f"无法读取事项目录 {settings.catalog}：{entry.message}") from None
    except TooLarge as large:
        raise CatalogError(f"事项目录 {settings.catalog} 过大（{large.size // 1024 // 1024} MB，上限 "
                           f"{settings.limits.file_size_mb} MB）") from None
    cache = LintCache.for_repository(settings, digest(raw), today) if use_cache else None
    cached = cache.catalog() if cache else None
    if cached is not None:
        return cached[0], cached[1], cache
    catalog = open_catalog(settings)
    if catalog is None:
        return None, [], cache
    findings = repository_findings(settings, RepositoryContext(catalog), CATALOG)
    # Items know their own positions now; the node tree would only hold memory for the whole run.
    catalog = dataclasses.replace(catalog, document=None)
    if cache is not None:
        cache.store_catalog(catalog, findings)
    return catalog, findings, cache


class MeasureLinter:
    """Checks measure files against the schema and every enabled rule.

    With `today` it runs as part of `check` and also applies the deadline rules.
    """

    def __init__(self, settings: Settings, catalog: Catalog | None, today: dt.date | None = None) -> None:
        # Imported here: a run answered entirely from the cache never parses YAML.
        from jianguan_cli.schema import checker_for

        self.settings = settings
        self.catalog = catalog
        self.today = today
        self.schema = checker_for("measure")
        self.severity = severities(settings)
        stages = {MEASURE, DEADLINE} if today else {MEASURE}
        self.rules = [
            r for rid, r in RULES.items()
            if r.check and r.stage in stages and self.severity[rid] is not Severity.OFF
            and (catalog or not r.needs_catalog)
        ]
        self.measures_dir = display_path(settings.measures_path, settings.root)

    def lint_file(self, path: Path) -> list[Finding]:
        """All findings for one file, sorted by position."""
        return self.lint_document(self.load(path))

    def lint_and_summarize(self, path: Path) -> tuple[list[Finding], MeasureSummary]:
        """Findings for one file and the summary the repository checks need."""
        doc = self.load(path)
        late = self.lateness(doc)
        findings = self.lint_document(doc, late)
        return findings, summarize(doc, any(map(marks_unfinished, findings)), late)

    def lateness(self, doc: Document) -> tuple[Lateness, ...]:
        """The deadlines the measure has missed: in `check` only, which knows today."""
        if self.today is None:
            return ()
        data = doc.data if doc.parsed else None
        code = item_code(data)
        item = self.catalog.items.get(code) if self.catalog and code else None
        status, dates = review_state(data)
        return tuple(lateness(status, dates, self.settings.deadlines_for(item.department if item else None),
                              self.today))

    def load(self, path: Path) -> Document:
        """Read and parse one measure file."""
        from jianguan_cli.loading import load_file

        return load_file(path, display_path(path, self.settings.root), self.schema.index.keys,
                         self.settings.limits, self.settings.root)

    def lint_document(self, doc: Document, late: tuple[Lateness, ...] | None = None) -> list[Finding]:
        """All findings for a loaded document, sorted by position (`late`: its lateness, if known)."""
        findings = [_finding(doc.path, self.severity[p.rule], p.rule, p.line, p.column, p.message, p.hint)
                    for p in doc.problems]
        if doc.parsed:
            traps = _first_trap_columns(doc)
            placed = (self.place(doc, _explained(doc, problem)) for problem in self.problems_of(doc, late))
            findings.extend(f for f in placed if f is not None and not _caused_by_trap(f, traps, doc))
        return sorted(f for f in findings if f is not None)

    def problems_of(self, doc: Document, late: tuple[Lateness, ...] | None = None) -> list[Problem]:
        """Schema and rule problems of a parsed document, by data path."""
        problems = self.schema.check(doc.data, doc.written)
        if isinstance(doc.data, dict):
            context = RuleContext(doc.data, doc.path, self.measures_dir, self.catalog, self.today, text=doc.text,
                                  late=self.lateness(doc) if late is None else late)
            for measure_rule in self.rules:
                problems.extend(stamped(measure_rule, measure_rule.check(context)))
        return problems

    def place(self, doc: Document, problem: Problem) -> Finding | None:
        """The finding for `problem`, at its position in `doc` (None if its rule is off, or if the
        rule that explains it is on)."""
        if problem.cause and self.severity[problem.cause] is not Severity.OFF:
            return None
        return placed(doc, problem, self.severity[problem.rule])


def stamped(source: Rule, problems) -> list[Problem]:
    """A rule's problems with its ID on them: rules never name themselves."""
    return [dataclasses.replace(problem, rule=source.id) for problem in problems]


def placed(doc: Document | None, problem: Problem, severity: Severity) -> Finding | None:
    """The finding for `problem`: at its explicit position, else at its data path in `doc`."""
    if problem.line:
        line, column, path = problem.line, problem.column, problem.file or doc.path
    elif problem.needle:
        (line, column), path = doc.locate_text(problem.path, problem.needle), doc.path
    else:
        (line, column), path = doc.locate(problem.path, at_key=problem.at_key), doc.path
    return _finding(path, severity, problem.rule, line, column, problem.message, problem.hint,
                    data_path_text(problem.path))


def _first_trap_columns(doc: Document) -> dict[int, int]:
    """line → column of the first keyboard trap on it."""
    columns: dict[int, int] = {}
    for problem in doc.problems:
        if problem.rule in TRAP_RULES:
            columns[problem.line] = min(problem.column, columns.get(problem.line, problem.column))
    return columns


def _explained(doc: Document, problem: Problem) -> Problem:
    """`problem`, caused by Y123 when it only says a value is empty whose text a comment took
    ("address: #3号楼"): while Y123 is on, that says what happened and this is left out."""
    if problem.rule in EMPTY_VALUE_RULES and doc.written(problem.path) == "" and any(
            p.rule == COMMENT_IN_VALUE_RULE and p.line == doc.locate(problem.path)[0] for p in doc.problems):
        return dataclasses.replace(problem, cause=COMMENT_IN_VALUE_RULE)
    return problem


def _caused_by_trap(finding: Finding, traps: dict[int, int], doc: Document) -> bool:
    """Whether a finding on a line with a keyboard trap is only its consequence.

    Read as typed, the whole line is. Read as meant (the loader repaired the traps), only what
    stands after the trap is in doubt: before it the text and the columns are the typist's own,
    so a key whose value is incomplete (`content：` lacking a topic) is still reported.
    """
    column = traps.get(finding.line)
    if column is None:
        return False
    return doc.composed_text is None or finding.column >= column


def _finding(path: str, severity: Severity, rule: str, line: int, column: int, message: str,
             hint: str, data_path: str = "") -> Finding | None:
    """A Finding, or None when its rule is switched off."""
    if severity is Severity.OFF:
        return None
    return Finding(path, line, column, rule, severity, message, hint, data_path)


def settings_findings(error: SettingsError) -> list[Finding]:
    """An unusable jianguan.toml as the one finding of a report (rule J001)."""
    return [Finding(error.path.name, error.line, error.column, SETTINGS_RULE, Severity.ERROR, error.message,
                    "改正 jianguan.toml 后重新运行（说明见 jianguan 的 README“设置”一节）。")]


def catalog_findings(error: CatalogError, settings: Settings) -> list[Finding]:
    """What is wrong with a broken catalogue, as findings at their positions."""
    doc = error.document
    if doc is None:
        path = display_path(settings.catalog_path, settings.root)
        return [Finding(path, 1, 1, ENCODING_RULE, Severity.ERROR, str(error), "检查 jianguan.toml 中的 catalog 设置。")]
    findings = [_finding(doc.path, Severity.ERROR, p.rule, p.line, p.column, p.message, p.hint)
                for p in doc.problems]
    # a broken catalogue shows every problem, whatever [rules] says: so the cause is always shown too
    findings += [placed(doc, problem, Severity.ERROR) for problem in error.problems if not problem.cause]
    return sorted(findings)


def lint_files(settings: Settings, catalog: Catalog | None, files: list[Path], jobs: int | None = None,
               today: dt.date | None = None, cache: LintCache | None = None) -> LintResult:
    """Lint `files` (those unchanged since the cache saw them are not read twice)."""
    per_file: list = [None] * len(files)
    todo = list(range(len(files)))
    if cache is not None:
        todo, keys = _cached(settings, files, per_file, cache)
    fresh = _lint_uncached(settings, catalog, [files[i] for i in todo], jobs, today)
    for index, result in zip(todo, fresh, strict=True):
        per_file[index] = result
        if cache is not None and keys[index] is not None:
            cache.store(result[1].path, keys[index], *result)
    if cache is not None:
        cache.forget_except({summary.path for _, summary in per_file})
        cache.save()
    findings = [finding for found, _ in per_file for finding in found]
    notes = [cache.warning] if cache is not None and cache.warning else []
    return LintResult(findings, len(files), [summary for _, summary in per_file], notes=notes)


def _cached(settings: Settings, files: list[Path], per_file: list, cache: LintCache):
    """Fill `per_file` from the cache; the indexes still to lint and each file's content key."""
    todo, keys = [], []
    for index, path in enumerate(files):
        try:
            key = digest(read_regular(path, settings.limits.file_size_bytes, settings.root))
        except (Unreadable, TooLarge):
            key = None  # not a readable file: lint it, which reports why
        keys.append(key)
        hit = cache.lookup(display_path(path, settings.root), key) if key else None
        if hit is None:
            todo.append(index)
        else:
            per_file[index] = hit
    return todo, keys


def _lint_uncached(settings: Settings, catalog: Catalog | None, files: list[Path], jobs: int | None,
                   today: dt.date | None) -> list[tuple[list[Finding], MeasureSummary]]:
    """Lint every file, in a process pool when there are many and more than one core."""
    if not files:
        return []
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(files) < PARALLEL_THRESHOLD:
        linter = MeasureLinter(settings, catalog, today)
        return [linter.lint_and_summarize(path) for path in files]
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, len(files) // (jobs * 8))
    # Workers get the parsed catalogue (without its node tree) instead of parsing it again.
    shipped = dataclasses.replace(catalog, document=None) if catalog else None
    with ProcessPoolExecutor(jobs, mp_context=_worker_context(), initializer=_start_worker,
                             initargs=(settings, shipped, today)) as pool:
        return list(pool.map(_lint_in_worker, files, chunksize=chunk))


def _worker_context():
    """Workers forked from a small server process rather than from this one.

    A worker forked from the parent copies its whole heap as reference counts change
    (64 MB each for a 10,000-item catalogue); from the fork server it holds only what
    linting needs (about 40 MB).
    """
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():  # pragma: no cover - Windows
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["jianguan_cli.linting.engine", "jianguan_cli.loading",
                                    "jianguan_cli.schema"])
    return context


def marks_unfinished(finding: Finding) -> bool:
    """Whether a finding leaves its measure unfinished (待填写): an error of its content, or a
    placeholder; being late is not about the content."""
    rule = RULES[finding.rule]
    return rule.marks_unfinished or (finding.severity is Severity.ERROR and rule.stage != DEADLINE)


def repository_findings(settings: Settings, context: RepositoryContext, stage: str = REPOSITORY) -> list[Finding]:
    """Findings of the catalogue (stage CATALOG) or coverage rules, with configured severities."""
    severity = severities(settings)
    found = []
    for rule_id, rule in RULES.items():
        if rule.stage == stage and severity[rule_id] is not Severity.OFF:
            found += [placed(context.catalog.document, problem, severity[rule_id])
                      for problem in stamped(rule, rule.check(context))]
    return found


_worker_linter: MeasureLinter | None = None


def _start_worker(settings: Settings, catalog: Catalog | None, today: dt.date | None) -> None:
    global _worker_linter
    _worker_linter = MeasureLinter(settings, catalog, today)


def _lint_in_worker(path: Path) -> tuple[list[Finding], MeasureSummary]:
    return _worker_linter.lint_and_summarize(path)
