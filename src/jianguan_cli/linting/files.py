"""Which files to lint, and how to name them in reports."""

from __future__ import annotations

import os
from pathlib import Path

from jianguan_cli.findings import UsageError

YAML_SUFFIXES = (".yaml", ".yml")


def display_path(path: Path, root: Path) -> str:
    """`path` relative to the repository root with / separators (relative to cwd if outside)."""
    text = os.path.abspath(path)
    prefix = os.path.join(str(root), "")
    if text.startswith(prefix):  # the common case, without pathlib's parsing
        return text[len(prefix):].replace(os.sep, "/")
    return Path(os.path.relpath(text)).as_posix()


def _yaml_files_under(folder: Path) -> list[Path]:
    """Every entry under `folder` that may hold a measure: files named .yaml/.yml whatever they
    are (pipes, broken links …), folders named like one, folders that cannot be read and linked
    folders (not followed). The loader reports each one that is not a readable file."""
    found: list[str] = []

    def unreadable(error: OSError) -> None:
        found.append(error.filename)

    for current, folders, names in os.walk(folder, onerror=unreadable):
        folders.sort()
        found.extend(os.path.join(current, name) for name in names if name.endswith(YAML_SUFFIXES))
        for name in folders:
            path = os.path.join(current, name)
            if name.endswith(YAML_SUFFIXES) or os.path.islink(path):
                found.append(path)
    return [Path(name) for name in sorted(set(found))]


def collect_files(paths: list[Path], default_dir: Path) -> list[Path]:
    """Files named, plus YAML files under folders named; `default_dir` when none are named."""
    if not paths:
        if not default_dir.is_dir():
            return []
        paths = [default_dir]
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(_yaml_files_under(path))
        elif path.exists() or path.is_symlink():
            found.append(path)
        else:
            raise UsageError(f"找不到文件或文件夹：{path}")
    unique: dict[str, Path] = {}  # the same file named twice (relative and absolute) is read once
    for path in found:
        unique.setdefault(os.path.abspath(path), path)
    return list(unique.values())
