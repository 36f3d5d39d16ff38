"""The runs: `lint` (the files asked for), `check` (every measure, then the catalogue, coverage and
deadlines) and the coverage of files alone that `new --all-missing` needs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from jianguan_cli.catalog import Catalog
from jianguan_cli.coverage import Coverage, compute_coverage
from jianguan_cli.findings import JianguanError
from jianguan_cli.linting.engine import MeasureLinter, lint_files, prepare_run, repository_findings
from jianguan_cli.results import LintResult
from jianguan_cli.linting.files import collect_files, display_path
from jianguan_cli.rules import RepositoryContext
from jianguan_cli.settings import Settings
from jianguan_cli.summary import summarize


def run_lint(settings: Settings, paths: list[Path], jobs: int | None = None, use_cache: bool = True) -> LintResult:
    """Lint `paths` (default: every measure); CatalogError when the catalogue is broken."""
    catalog, _, cache = prepare_run(settings, None, use_cache)
    files = collect_files(paths, settings.measures_path)
    result = lint_files(settings, catalog, files, jobs, cache=cache)
    if catalog is None:
        result.notes.append(f"没有找到事项目录 {settings.catalog}，已跳过与目录有关的规则（C、M4 开头的部分规则）。")
    if not files:
        result.notes.append(f"没有找到要检查的 .yaml 文件（默认检查 {settings.measures}/）。")
    return result


def files_coverage(settings: Settings, catalog: Catalog, today: dt.date) -> Coverage:
    """Which catalogue items have a measure file, from the files' item codes alone (nothing is
    linted, so no item counts as 待填写): what `new --all-missing` needs to know."""
    reader = MeasureLinter(settings, catalog)
    summaries = [summarize(reader.load(path)) for path in collect_files([], settings.measures_path)]
    return compute_coverage(catalog, summaries, settings, display_path(settings.measures_path, settings.root), today)


def run_check(settings: Settings, today: dt.date, jobs: int | None = None,
              use_cache: bool = True) -> tuple[LintResult, Coverage]:
    """The CI gate over the whole repository; CatalogError/JianguanError when it cannot run."""
    catalog, catalog_findings, cache = prepare_run(settings, today, use_cache)
    if catalog is None:
        raise JianguanError(f"找不到事项目录 {settings.catalog}：jianguan check 需要事项目录才能检查覆盖情况。")
    files = collect_files([], settings.measures_path)
    result = lint_files(settings, catalog, files, jobs, today=today, cache=cache)
    measures_dir = display_path(settings.measures_path, settings.root)
    coverage = compute_coverage(catalog, result.measures, settings, measures_dir, today)
    result.findings.extend(catalog_findings)
    result.findings.extend(repository_findings(settings, RepositoryContext(catalog, coverage)))
    result.findings.sort()
    result.coverage = coverage
    result.command = "check"
    return result, coverage
