"""A cache of lint results by file content, kept in the user's cache folder (never in the repository).

An entry is valid only within a namespace that fingerprints everything findings depend on
besides the file itself: jianguan's code and schemas, the settings, the catalogue and, for
`check`, which deadlines have passed. Change any of them and the namespace changes.
Entries are JSON, so a planted cache file can at worst give wrong findings, never run code.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

from jianguan_cli import __version__
from jianguan_cli.catalog import Catalog, CatalogItem, Department
from jianguan_cli.findings import Finding, JianguanError, Severity
from jianguan_cli.fileio import TooLarge, Unreadable, os_reason, read_regular, write_atomic
from jianguan_cli.settings import Settings
from jianguan_cli.summary import MeasureSummary

CACHE_ENV = "JIANGUAN_CACHE_DIR"
NAMESPACES_KEPT = 4
MAX_CACHE_BYTES = 512 * 1024 * 1024  # 10,000 measures take about 20 MB
_PACKAGE = Path(__file__).resolve().parent


def digest(raw: bytes) -> str:
    """A short content hash."""
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def cache_root() -> Path:
    """$JIANGUAN_CACHE_DIR, else $XDG_CACHE_HOME/jianguan, else ~/.cache/jianguan."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "jianguan"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """jianguan's version, source files and schemas: a development edit invalidates the cache too."""
    from jianguan_cli.resources import schema_dir

    hasher = hashlib.blake2b(__version__.encode(), digest_size=16)
    for path in sorted([*_PACKAGE.rglob("*.py"), *schema_dir().glob("*.json")]):
        hasher.update(path.name.encode() + path.read_bytes())
    return hasher.hexdigest()


def namespace(settings: Settings, catalog_digest: str, today: dt.date | None) -> str:
    """The fingerprint of everything besides a file's bytes that its findings depend on."""
    deadlines = {settings.deadlines, *settings.department_deadlines.values()}
    dates = sorted({day for d in deadlines for day in d.dates})
    passed = "lint" if today is None else "".join("1" if today > day else "0" for day in dates)
    parts = [code_fingerprint(), repr(settings), catalog_digest, passed]
    return digest("\n".join(parts).encode())


class LintCache:
    """Findings and summaries by (path, content digest), plus the parsed catalogue."""

    def __init__(self, folder: Path, name: str) -> None:
        self.file = folder / f"{name}.json"
        self.hits = self.misses = 0
        self.warning: str | None = None  # said once when the cache could not be used
        self._data = self._read()
        self._dirty = False

    @classmethod
    def for_repository(cls, settings: Settings, catalog_digest: str, today: dt.date | None) -> LintCache:
        folder = cache_root() / digest(str(settings.root).encode())
        return cls(folder, namespace(settings, catalog_digest, today))

    def _read(self) -> dict:
        """The namespace's entries; a missing, unreadable, huge or malformed file is an empty cache."""
        try:
            data = json.loads(read_regular(self.file, MAX_CACHE_BYTES).decode("utf-8"))
        except (Unreadable, TooLarge, ValueError, RecursionError):
            return {"files": {}}
        return data if isinstance(data, dict) and isinstance(data.get("files"), dict) else {"files": {}}

    def lookup(self, path: str, key: str) -> tuple[list[Finding], MeasureSummary] | None:
        """The cached result for this file content, or None (also for an entry of the wrong shape)."""
        entry = self._data["files"].get(path)
        try:
            if entry[0] == key:
                fields = {**entry[2], "code_at": tuple(entry[2]["code_at"]), "late": tuple(entry[2]["late"])}
                found = [_finding(path, f) for f in entry[1]], MeasureSummary(path, **fields)
                self.hits += 1
                return found
        except (TypeError, KeyError, IndexError, ValueError, AttributeError):
            pass  # planted or from another version: lint the file again
        self.misses += 1
        return None

    def store(self, path: str, key: str, findings: list[Finding], summary: MeasureSummary) -> None:
        fields = dataclasses.asdict(summary)
        del fields["path"]
        self._data["files"][path] = [key, [_finding_row(f) for f in findings], fields]
        self._dirty = True

    def forget_except(self, paths: set[str]) -> None:
        """Drop entries of files that no longer exist."""
        stale = set(self._data["files"]) - paths
        for path in stale:
            del self._data["files"][path]
        self._dirty = self._dirty or bool(stale)

    def catalog(self) -> tuple[Catalog, list[Finding]] | None:
        """The parsed catalogue and its own findings, if this namespace has them."""
        cached = self._data.get("catalog")
        if not cached:
            return None
        try:
            catalog = Catalog(cached["district"], {d["id"]: Department(**d) for d in cached["departments"]},
                              {i["code"]: CatalogItem(**{**i, "co_departments": tuple(i["co_departments"])})
                               for i in cached["items"]}, None, cached["path"])
            return catalog, [_finding(cached["path"], f) for f in cached["findings"]]
        except (TypeError, KeyError, IndexError, ValueError, AttributeError):
            return None

    def store_catalog(self, catalog: Catalog, findings: list[Finding]) -> None:
        self._data["catalog"] = {
            "district": catalog.district,
            "path": catalog.path,
            "departments": [dataclasses.asdict(d) for d in catalog.departments.values()],
            "items": [dataclasses.asdict(i) for i in catalog.items.values()],
            "findings": [_finding_row(f) for f in findings],
        }
        self._dirty = True

    def save(self) -> None:
        """Write the namespace atomically and keep only the most recent few namespaces."""
        if not self._dirty:
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.file, json.dumps(self._data, ensure_ascii=False, separators=(",", ":")))
            older = sorted(self.file.parent.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
            for old in older[NAMESPACES_KEPT:]:
                old.unlink(missing_ok=True)
        except (OSError, JianguanError) as error:  # a cache that cannot be written only costs speed
            reason = os_reason(error) if isinstance(error, OSError) else str(error)
            self.warning = (f"无法写入缓存 {self.file.parent}（{reason}）：本次照常检查，只是下次不会更快；"
                            f"可用环境变量 {CACHE_ENV} 指定别的缓存文件夹。")


def _finding_row(finding: Finding) -> list:
    return [finding.path, finding.line, finding.column, finding.rule, finding.severity.value,
            finding.message, finding.hint, finding.data_path]


def _finding(default_path: str, row: list) -> Finding:
    path, line, column, rule, severity, message, hint, data_path = row
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in (line, column)) or \
            not all(isinstance(t, str) for t in (path, rule, message, hint, data_path)):
        raise ValueError("not a finding")
    return Finding(path or default_path, line, column, rule, Severity(severity), message, hint, data_path)
