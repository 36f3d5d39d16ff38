"""Which files to lint, and how to name them in reports."""

from __future__ import annotations

import os
from pathlib import Path

from jianguan_cli.findings import UsageError

YAML_SUFFIXES = (".yaml", ".yml")


def display_path(path: Path, root: Path) -> str:
    """`path` relative to the repository root with / separators (relative to cwd if outside)."""
    absolute = path.absolute()
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        return Path(os.path.relpath(absolute)).as_posix()


def collect_files(paths: list[Path], default_dir: Path) -> list[Path]:
    """Files named, plus YAML files under folders named; `default_dir` when none are named."""
    if not paths:
        if not default_dir.is_dir():
            return []
        paths = [default_dir]
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file()))
        elif path.exists() or path.is_symlink():
            found.append(path)
        else:
            raise UsageError(f"找不到文件或文件夹：{path}")
    return list(dict.fromkeys(found))
