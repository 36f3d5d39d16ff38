"""The result cache: same findings with and without it, and stale entries are never used."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import PROJECT, copy_demo
from jianguan_cli import cache as cache_module
from jianguan_cli import resources
from jianguan_cli.linting.engine import MeasureLinter

OVERLAYS = ["missing", "orphan", "duplicate", "broken_catalog", "department_deadline"]
TODAY = ("--today", "2017-06-10")


def many_files(repo):
    """Enough files (valid and broken copies) for lint to use its process pool."""
    source = repo / "measures" / "mz" / "T-BL-001.yaml"
    broken = source.read_text(encoding="utf-8").replace("objects:", "remarks:")
    for number in range(80):
        text = broken if number % 4 == 0 else source.read_text(encoding="utf-8")
        (repo / "measures" / "mz" / f"copy-{number:02}.yaml").write_text(text, encoding="utf-8")
    return repo


@pytest.fixture(params=["plain", "many", "demo", *OVERLAYS])
def corpus_repo(request, repo, repo_with, tmp_path):
    if request.param == "plain":
        return repo
    if request.param == "many":
        return many_files(repo)
    if request.param == "demo":
        return copy_demo(tmp_path / "demo")
    return repo_with(request.param)


@pytest.mark.parametrize("command", ["check", "lint"])
def test_same_report_with_and_without_cache_and_workers(corpus_repo, run_cli, command):
    extra = TODAY if command == "check" else ()
    runs = [
        run_cli(command, "-f", "json", "--no-cache", "-j", "1", *extra, cwd=corpus_repo),
        run_cli(command, "-f", "json", "--no-cache", "-j", "2", *extra, cwd=corpus_repo),
        run_cli(command, "-f", "json", "-j", "2", *extra, cwd=corpus_repo),  # fills the cache
        run_cli(command, "-f", "json", "-j", "1", *extra, cwd=corpus_repo),  # answered from it
    ]
    assert len({run.out for run in runs}) == 1
    assert len({run.code for run in runs}) == 1
    json.loads(runs[0].out)


def test_a_warm_run_parses_nothing(repo, run_cli, monkeypatch):
    first = run_cli("check", *TODAY, cwd=repo)

    def no_parsing(*args, **kwargs):
        raise AssertionError("a cached file was parsed again")

    monkeypatch.setattr(MeasureLinter, "load", no_parsing)
    second = run_cli("check", *TODAY, cwd=repo)
    assert (second.code, second.out) == (first.code, first.out)


def test_no_cache_writes_no_cache(repo, run_cli, private_cache):
    run_cli("check", "--no-cache", *TODAY, cwd=repo)
    assert not any(private_cache.rglob("*.json"))
    run_cli("check", *TODAY, cwd=repo)
    assert any(private_cache.rglob("*.json"))


def rules_found(run_cli, repo, *args) -> list[str]:
    return sorted(f["rule"] for f in json.loads(run_cli("check", "-f", "json", *TODAY, *args, cwd=repo).out)["findings"])


def test_editing_a_file_updates_its_findings(repo, run_cli):
    assert rules_found(run_cli, repo) == ["D701"] * 7
    path = repo / "measures" / "mz" / "T-BL-001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("objects:", "remarks:"), encoding="utf-8")
    assert rules_found(run_cli, repo) == sorted(["D701"] * 7 + ["S202", "S203"])


def test_editing_the_catalogue_updates_findings(repo, run_cli):
    rules_found(run_cli, repo)
    catalog = repo / "catalog.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("name: 养老机构设立许可", "name: 养老机构设立审批"),
                       encoding="utf-8")
    assert "C302" in rules_found(run_cli, repo)


def test_editing_the_settings_updates_findings(repo, run_cli):
    rules_found(run_cli, repo)
    (repo / "jianguan.toml").write_text('[rules]\nD701 = "off"\n', encoding="utf-8")
    assert rules_found(run_cli, repo) == []


def test_changing_today_across_a_deadline_updates_findings(repo, run_cli):
    assert rules_found(run_cli, repo) == ["D701"] * 7
    result = run_cli("check", "-f", "json", "--today", "2017-07-01", cwd=repo)
    assert sorted(f["rule"] for f in json.loads(result.out)["findings"]) == sorted(["D701", "D702"] * 7)


def test_editing_the_schema_updates_findings(repo, run_cli, monkeypatch, tmp_path):
    rules_found(run_cli, repo)
    schemas = tmp_path / "schemas"
    shutil.copytree(PROJECT / "schemas", schemas)
    measure = json.loads((schemas / "measure.schema.json").read_text(encoding="utf-8"))
    measure["required"].append("credit")
    (schemas / "measure.schema.json").write_text(json.dumps(measure, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(resources, "schema_dir", lambda: schemas)
    resources.load_schema.cache_clear()
    cache_module.code_fingerprint.cache_clear()
    try:
        assert rules_found(run_cli, repo).count("S202") == 7
    finally:
        resources.load_schema.cache_clear()
        cache_module.code_fingerprint.cache_clear()


def test_a_new_version_does_not_use_old_entries(repo, run_cli, monkeypatch):
    rules_found(run_cli, repo)
    parsed = []
    original = MeasureLinter.load
    monkeypatch.setattr(MeasureLinter, "load", lambda self, path: parsed.append(path) or original(self, path))
    monkeypatch.setattr(cache_module, "__version__", "9.9.9")
    cache_module.code_fingerprint.cache_clear()
    try:
        assert rules_found(run_cli, repo) == ["D701"] * 7
    finally:
        cache_module.code_fingerprint.cache_clear()
    assert len(parsed) == 7


def test_a_corrupt_cache_is_ignored(repo, run_cli, private_cache):
    expected = rules_found(run_cli, repo)
    for path in private_cache.rglob("*.json"):
        path.write_text('{"files": {"measures/mz/T-BL-001.yaml": ["x", [], {}]}, "catalog": null', encoding="utf-8")
    assert rules_found(run_cli, repo) == expected


def test_removed_files_leave_the_cache(repo, run_cli, private_cache):
    rules_found(run_cli, repo)
    (repo / "measures" / "mz" / "T-BL-001.yaml").unlink()
    rules_found(run_cli, repo)
    stored = json.loads(next(private_cache.rglob("*.json")).read_text(encoding="utf-8"))
    assert "measures/mz/T-BL-001.yaml" not in stored["files"] and len(stored["files"]) == 6
