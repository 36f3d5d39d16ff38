"""`jianguan new`: a scaffold for each chosen catalogue item, never over an existing file."""

from __future__ import annotations

import datetime as dt

from jianguan_cli.authoring.repository import schema_line
from jianguan_cli.authoring.scaffold import Scaffold
from jianguan_cli.catalog import Catalog
from jianguan_cli.coverage import Coverage
from jianguan_cli.fileio import inside, write_atomic
from jianguan_cli.findings import JianguanError, UsageError
from jianguan_cli.linting.check import files_coverage
from jianguan_cli.linting.engine import prepare_run
from jianguan_cli.resources import load_schema
from jianguan_cli.schema import SchemaIndex
from jianguan_cli.settings import Settings


def planned_measures(settings: Settings, codes: list[str], all_missing: bool) -> tuple[Catalog, list[str]]:
    """The catalogue and the codes to write a file for (CatalogError when it is broken)."""
    catalog, _, _ = prepare_run(settings, None, use_cache=True)
    if catalog is None:
        raise JianguanError(f"找不到事项目录 {settings.catalog}：jianguan new 按事项目录生成文件。")
    chosen = chosen_codes(codes, files_coverage(settings, catalog, dt.date.today()) if all_missing else None)
    if not chosen and not all_missing:
        raise UsageError("请给出事项编码，或用 --all-missing 为所有还没有监管办法的事项生成文件。")
    return catalog, chosen


def chosen_codes(codes: list[str], coverage: Coverage | None) -> list[str]:
    """The codes asked for, then (with the coverage of `--all-missing`) every item without a measure."""
    chosen = list(dict.fromkeys(codes))
    if coverage is not None:
        chosen += [state.item.code for state in coverage.missing if state.item.code not in chosen]
    return chosen


def create_measures(settings: Settings, catalog: Catalog, codes: list[str], named: list[str]):
    """Write a scaffold for each of `codes`, yielding each file's path as it is written.

    A code the user `named` whose file exists is a usage error; a missing one found by
    `--all-missing` whose file appeared meanwhile is passed over.
    """
    scaffold = Scaffold(SchemaIndex(load_schema("measure")), catalog)
    for code in codes:
        item = catalog.items.get(code)
        if item is None:
            guess = catalog.suggest_code(code)
            raise UsageError(f"事项目录中没有 {code}" + (f"，是否想写 {guess}？" if guess else "。"))
        path = settings.measures_path / item.department / f"{item.code}.yaml"
        shown = path.relative_to(settings.root)
        if path.exists() and code not in named:
            continue
        if path.exists():
            raise UsageError(f"{shown} 已存在，jianguan new 不会覆盖已有文件。")
        if path.is_symlink() or not inside(path.parent, settings.root):
            raise UsageError(f"{shown} 已存在或在数据仓库以外（符号链接），jianguan new 不会写入。")
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, scaffold.text(item, schema_line(settings.root, path)))
        yield shown.as_posix()
