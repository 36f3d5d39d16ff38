"""The language server's only door to jianguan's lint engine: a repository, and text in, findings out.

So the editor shows exactly what the terminal does: for a measure, what `jianguan lint` reports
for that text; for the catalogue, what `jianguan check` reports about the catalogue itself.
Nothing else in the language server reads settings or the catalogue, or lints; `lint_text` is
the one function that runs the engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jianguan_cli.catalog import Catalog, CatalogError, parse_catalog
from jianguan_cli.findings import Finding, JianguanError
from jianguan_cli.linting import MeasureLinter, catalog_findings, display_path, open_catalog, repository_findings
from jianguan_cli.linting.files import YAML_SUFFIXES
from jianguan_cli.loading import load_bytes
from jianguan_cli.rules import CATALOG, RULES, RepositoryContext
from jianguan_cli.settings import SETTINGS_FILE, Settings, find_root, load_settings

MEASURE, CATALOGUE = "measure", "catalog"
_MEASURE_SCHEMA = "measure.schema.json"


@dataclass
class Project:
    """A data repository as last read from disk: settings, catalogue, and what is wrong with them."""

    root: Path
    settings: Settings | None = None
    catalog: Catalog | None = None
    problem: str = ""  # why the settings or the catalogue cannot be used, for the clerk
    stamp: tuple = ()
    linter: MeasureLinter | None = field(default=None, repr=False)

    def kind_of(self, path: Path, text: str) -> str | None:
        """MEASURE, CATALOGUE, or None for a file jianguan does not check (a CI file, say)."""
        if self.settings is None:
            return None
        if path == self.settings.catalog_path:
            return CATALOGUE
        under_measures = self.settings.measures_path in path.parents and path.suffix in YAML_SUFFIXES
        return MEASURE if under_measures or _MEASURE_SCHEMA in text[:300] else None


def project_root(path: Path, folders: list[Path] = ()) -> Path:
    """The repository a file belongs to: the nearest folder above it with a jianguan.toml.

    Without one (every setting is optional) it is the editor's workspace folder that holds the
    file, as the working folder is for `jianguan lint`, else the file's own folder.
    """
    found = find_root(path.parent)
    if found is not None:
        return found
    holding = [folder for folder in folders if folder in path.parents]
    return max(holding, key=lambda folder: len(folder.parts)) if holding else path.parent


def disk_stamp(root: Path, settings: Settings | None) -> tuple:
    """What changes when jianguan.toml or the catalogue changes on disk."""
    files = [root / SETTINGS_FILE] + ([settings.catalog_path] if settings else [])
    return tuple(_stat(path) for path in files)


def open_project(root: Path) -> Project:
    """Read the repository's settings and catalogue (a broken one is said, not raised)."""
    try:
        settings = load_settings(root, RULES)
    except JianguanError as error:
        return Project(root, problem=f"{error}（jianguan 暂停检查这个数据仓库，改正后自动恢复）",
                       stamp=disk_stamp(root, None))
    project = Project(root, settings, stamp=disk_stamp(root, settings))
    try:
        project.catalog = open_catalog(settings)
    except CatalogError as error:
        first = catalog_findings(error, settings)[:1]
        where = f"（{first[0].path}:{first[0].line}:{first[0].column} {first[0].message}）" if first else ""
        project.problem = f"{error}{where}，与事项目录有关的规则已跳过；改正事项目录后自动恢复。"
    project.linter = MeasureLinter(settings, project.catalog)
    # A text that breaks the schema builds the validator that explains errors (and imports
    # jsonschema) now, not while the clerk waits for the first diagnostics.
    lint_text(project, settings.measures_path / "warm-up.yaml", "schema_version: 1\n")
    return project


def lint_text(project: Project, path: Path, text: str) -> list[Finding]:
    """The findings for `text` as the file at `path`, sorted by position (none while settings are broken)."""
    settings = project.settings
    if settings is None:
        return []
    display = display_path(path, settings.root)
    raw = text.encode("utf-8", "replace")  # an editor may hold a lone surrogate, which no file can
    if project.kind_of(path, text) == CATALOGUE:
        try:
            catalog = parse_catalog(raw, display)
        except CatalogError as error:
            return catalog_findings(error, settings)
        return sorted(repository_findings(settings, RepositoryContext(catalog), CATALOG))
    linter = project.linter
    return linter.lint_document(load_bytes(raw, display, linter.schema.index.keys, settings.limits))


def _stat(path: Path) -> tuple:
    try:
        info = path.stat()
    except OSError:
        return (str(path), None)
    return (str(path), info.st_mtime_ns, info.st_size)
