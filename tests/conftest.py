"""Shared test helpers: fixture locations, a copy of the fixture repository, and the CLI."""

from __future__ import annotations

import hashlib
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from jianguan_cli.cli import main

TESTS = Path(__file__).parent
FIXTURES = TESTS / "fixtures"
FIXTURE_REPO = FIXTURES / "repo"
PROJECT = TESTS.parent
SHARED = PROJECT.parent / "shared"  # the workspace's shared data beside the checkout (not part of it)
YAML_TEST_SUITE = SHARED / "yaml-test-suite" / "cases"


def needs_shared(*parts: str) -> pytest.MarkDecorator:
    """Skip, saying so in one way, where a test needs a file of ../shared that this checkout lacks."""
    where = "/".join(parts)
    return pytest.mark.skipif(not SHARED.joinpath(*parts).exists(),
                              reason=f"needs ../shared/{where}, which is not beside this checkout")


# items of the bundled demo district, each with one published measure
DEMO_ITEMS = sum(1 for line in (PROJECT / "catalog.yaml").read_text(encoding="utf-8").splitlines()
                 if line.startswith("  - code: "))


def copy_demo(target: Path) -> Path:
    """A writable copy of the demo district (catalogue, settings and measures) at `target`."""
    shutil.copytree(PROJECT / "measures", target / "measures")
    for name in ("catalog.yaml", "jianguan.toml"):
        shutil.copy(PROJECT / name, target / name)
    return target


def tree_digest(root: Path) -> str:
    """A hash of every path, mode and file content under `root`: equal means nothing was written."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        digest.update(f"{path.relative_to(root)}:{path.lstat().st_mode:o}".encode())
        if path.is_file() and not path.is_symlink():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def flatten(value):
    """Every scalar inside nested mappings and lists."""
    if isinstance(value, dict):
        for child in value.values():
            yield from flatten(child)
    elif isinstance(value, list):
        for child in value:
            yield from flatten(child)
    else:
        yield value


@dataclass
class Run:
    """What one CLI invocation printed and returned."""

    code: int
    out: str
    err: str


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory, monkeypatch) -> Path:
    """Each test gets its own result cache, so no test sees another's entries."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("JIANGUAN_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A writable copy of the fixture repository (valid measures for every category)."""
    target = tmp_path / "repo"
    shutil.copytree(FIXTURE_REPO, target)
    return target


@pytest.fixture
def repo_with(tmp_path: Path):
    """A copy of the fixture repository with one overlay from tests/fixtures/check/ laid over it."""

    def make(overlay: str) -> Path:
        target = tmp_path / overlay
        shutil.copytree(FIXTURE_REPO, target)
        shutil.copytree(FIXTURES / "check" / overlay, target, dirs_exist_ok=True)
        return target

    return make


@pytest.fixture
def run_cli(monkeypatch, capsys):
    """Run `jianguan ARGS` in-process in folder `cwd`; returns exit code and output."""

    def run(*args: str, cwd: Path, env: dict | None = None) -> Run:
        monkeypatch.chdir(cwd)
        monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
        for key, value in (env or {}).items():
            monkeypatch.setenv(key, value)
        monkeypatch.setattr(sys, "argv", ["jianguan", *args])
        with pytest.raises(SystemExit) as exit_info:
            main()
        captured = capsys.readouterr()
        return Run(exit_info.value.code, captured.out, captured.err)

    return run


# Modules that run whole repositories through the program (the command line, subprocesses,
# LibreOffice, browsers, editors): `pytest -m "not slow"`, the development loop, leaves them out;
# plain `pytest` (the README's command and CI) runs everything.
SLOW_MODULES = frozenset({
    "test_browser", "test_cache", "test_catalog_import", "test_check", "test_clerk_mistakes", "test_cli",
    "test_demo", "test_diff", "test_diff_words", "test_docx", "test_editor_schema", "test_export", "test_fmt",
    "test_formats", "test_generated", "test_hidden_meanings", "test_hostile", "test_hostile_repository",
    "test_import_docx", "test_import_hostile", "test_import_roundtrip", "test_init", "test_lsp_engine",
    "test_lsp_features", "test_lsp_protocol", "test_new_district", "test_official_pdf", "test_properties",
    "test_readme_samples", "test_render", "test_rule_docs", "test_typing_mistakes", "test_vscode_extension",
})


def pytest_collection_modifyitems(items):
    for item in items:
        if item.module.__name__.rsplit(".", 1)[-1] in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
