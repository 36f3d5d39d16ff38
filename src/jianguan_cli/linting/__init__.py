"""Linting: the engine that turns files into findings."""

from jianguan_cli.linting.engine import (
    MeasureLinter,
    catalog_findings,
    lint_files,
    open_catalog,
    prepare_run,
    repository_findings,
    settings_findings,
    severities,
)
from jianguan_cli.linting.files import collect_files, display_path
from jianguan_cli.results import LintResult

__all__ = ["LintResult", "MeasureLinter", "catalog_findings", "collect_files", "display_path",
           "lint_files", "open_catalog", "prepare_run", "repository_findings", "settings_findings", "severities"]
