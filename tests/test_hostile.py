"""Hostile and broken input: a Chinese message naming the file, exit 1 or 3, bounded time and memory.

Each case runs `python -m jianguan_cli` in its own process with an address-space limit and a
timeout, so a crash of the C parser, a runaway allocation or a hang fails the test instead of
the test run.
"""

from __future__ import annotations

import os
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import FIXTURE_REPO, PROJECT

MEMORY_LIMIT = 3 * 1024 ** 3  # address space, bytes: Python with its libraries uses well under 1 GB
TIME_LIMIT = 60  # seconds per command
DEMO_MEASURE = PROJECT / "measures" / "mz" / "QLH-MZ-001.yaml"


def _billion_laughs() -> bytes:
    lines = ['a0: &a0 ["哈哈"]']
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 10)]
    return ("\n".join(lines) + "\n").encode()


def _huge_anchor() -> bytes:
    big = "[" + ", ".join(f"项{n}" for n in range(50_000)) + "]"
    return (f"base: &big {big}\ncopies: [" + ", ".join(["*big"] * 2_000) + "]\n").encode()


def _write(path: Path, content: bytes) -> None:
    path.write_bytes(content)


def _sparse_100_mb(path: Path) -> None:
    with open(path, "wb") as stream:
        stream.truncate(100 * 1024 * 1024)


HOSTILE = {
    "random-bytes": lambda p: _write(p, random.Random(8).randbytes(8192)),
    "binary": lambda p: _write(p, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16),
    "empty": lambda p: _write(p, b""),
    "100-mb": _sparse_100_mb,
    "10000-brackets": lambda p: _write(p, b"objects: " + b"[" * 10_000 + b"\n"),
    "10000-dashes": lambda p: _write(p, b"- " * 10_000 + b"x\n"),
    "alias-bomb": lambda p: _write(p, _billion_laughs()),
    "huge-anchor": lambda p: _write(p, _huge_anchor()),
    "nul-bytes": lambda p: _write(p, "objects:\n  - 甲\x00乙\n".encode()),
    "invalid-surrogates": lambda p: _write(p, b"objects:\n  - \xed\xa0\x80\xed\xbf\xbf\n"),
    "gbk": lambda p: _write(p, DEMO_MEASURE.read_text(encoding="utf-8").encode("gbk")),
    "utf-16": lambda p: _write(p, DEMO_MEASURE.read_text(encoding="utf-8").encode("utf-16")),
    "directory": lambda p: p.mkdir(),
    "symlink-outside": lambda p: p.symlink_to(DEMO_MEASURE),
}


def limited() -> None:
    """Caps the address space of a test's jianguan process."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def jianguan(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "JIANGUAN_CACHE_DIR": str(cwd.parent / "cache"), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("GITHUB_ACTIONS", None)
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "jianguan_cli", *args], cwd=cwd, env=env, capture_output=True,
                            text=True, timeout=TIME_LIMIT, preexec_fn=limited)
    result.seconds = time.monotonic() - started
    return result


def assert_clear_failure(result: subprocess.CompletedProcess, codes: tuple[int, ...], names: str) -> None:
    output = result.stdout + result.stderr
    assert result.returncode in codes, (result.returncode, output[-2000:])
    assert names in output, output[-2000:]
    assert "Traceback" not in output and "内部错误" not in output, output[-2000:]


@pytest.fixture
def hostile_repo(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURE_REPO, repo)
    return repo


def _planted(repo: Path, case: str) -> Path:
    path = repo / "measures" / "mz" / "hostile.yaml"
    HOSTILE[case](path)
    return path


@pytest.mark.parametrize("case", HOSTILE)
@pytest.mark.parametrize("command", [("lint",), ("check",), ("render", "--format", "html"), ("fmt",)], ids=" ".join)
def test_hostile_measure_file(hostile_repo, case, command):
    _planted(hostile_repo, case)
    result = jianguan(*command, cwd=hostile_repo)
    if command[0] == "render":  # not a published measure: its errors are a note, not a refusal
        assert_clear_failure(result, (0,), "不影响本次发布")
    else:
        assert_clear_failure(result, (1,), "hostile.yaml")


@pytest.mark.parametrize("case", [c for c in HOSTILE if c not in ("directory", "symlink-outside")])
def test_hostile_catalogue(hostile_repo, case):
    HOSTILE[case](hostile_repo / "catalog.yaml")
    result = jianguan("check", cwd=hostile_repo)
    assert_clear_failure(result, (3,), "catalog.yaml")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("case", [c for c in HOSTILE if c not in ("gbk", "symlink-outside")])
def test_hostile_spreadsheet(hostile_repo, case, suffix):
    before = (hostile_repo / "catalog.yaml").read_bytes()
    HOSTILE[case](hostile_repo / f"list{suffix}")
    result = jianguan("catalog", "import", f"list{suffix}", cwd=hostile_repo)
    assert_clear_failure(result, (1, 2, 3), f"list{suffix}")
    assert (hostile_repo / "catalog.yaml").read_bytes() == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file; test_unreadable_file_in_process covers it")
def test_unreadable_file(hostile_repo):
    path = _planted(hostile_repo, "gbk")
    path.chmod(0)
    assert_clear_failure(jianguan("lint", cwd=hostile_repo), (1,), "hostile.yaml")


def test_unreadable_file_in_process(hostile_repo, run_cli, monkeypatch):
    from jianguan_cli import fileio as entries

    path = _planted(hostile_repo, "gbk")

    def denied(name, *args, **kwargs):
        if Path(name).name == path.name:
            raise PermissionError(13, "Permission denied")
        return open(name, *args, **kwargs)

    monkeypatch.setattr(entries, "open", denied, raising=False)
    for command in ("lint", "fmt"):
        result = run_cli(command, cwd=hostile_repo, env={"JIANGUAN_CACHE_DIR": str(hostile_repo.parent / command)})
        assert result.code == 1 and "hostile.yaml" in result.out + result.err and "没有读取权限" in result.out + result.err


def test_a_catalogue_of_50000_items(hostile_repo):
    lines = ["district: 测试区", "departments:", "  - {id: mz, name: 测试区民政局, short: 区民政局}", "items:"]
    lines += [f"  - {{code: Z-{n}, name: 事项{n}, category: 保留, department: mz}}" for n in range(50_000)]
    (hostile_repo / "catalog.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = jianguan("check", "--format", "json", "--output", "report.json", cwd=hostile_repo)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.seconds < TIME_LIMIT
    report = (hostile_repo / "report.json").read_text(encoding="utf-8")
    assert report.count('"rule": "V901"') >= 49_990
