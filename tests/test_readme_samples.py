"""The sample output in README.md is what the commands print on the input the README describes.

Each sample block is preceded by `<!-- 示例输出 NAME ... -->`; the test runs the command that NAME stands
for on a repository it builds and compares the output with the block, character for character. After a
deliberate change of the output, regenerate the blocks with

    JIANGUAN_UPDATE_README=1 pytest tests/test_readme_samples.py

and review the README diff.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURE_REPO, FIXTURES, PROJECT, copy_demo
from jianguan_cli.fileio import write_atomic

README_PATH = PROJECT / "README.md"
UPDATE = os.environ.get("JIANGUAN_UPDATE_README") == "1"
SAMPLE = re.compile(r"<!-- 示例输出 (?P<name>[\w-]+) [^\n]*-->\n```text\n(?P<body>.*?)```", re.S)


def _three_mistakes(tmp_path: Path, run_cli) -> str:
    """lint on the demo's 区民政局 measure with a misspelt key, a full-width colon and a wrong doc number."""
    repo = copy_demo(tmp_path)
    measure = repo / "measures" / "mz" / "QLH-MZ-004.yaml"
    text = measure.read_text(encoding="utf-8")
    for good, bad in (("\nobjects:", "\nobjcts:"), ("  cycle: ", "  cycle："),
                      ("doc_number: 七民发〔2017〕35号", "doc_number: 七民发[2017]035号")):
        assert good in text, f"the demo measure no longer has {good!r}: choose another mistake for the README"
        text = text.replace(good, bad, 1)
    measure.write_text(text, encoding="utf-8")
    return _printed(run_cli("lint", "measures/mz/QLH-MZ-004.yaml", cwd=repo))


def _missing_measure(tmp_path: Path, run_cli) -> str:
    """check on the test repository whose catalogue has one item more than there are measures."""
    repo = _missing_repo(tmp_path)
    return _printed(run_cli("check", "--today", "2017-05-01", cwd=repo))


def _fresh_scaffold(tmp_path: Path, run_cli) -> str:
    """lint on a measure just made by `jianguan new`: its placeholders fold into one entry."""
    repo = _missing_repo(tmp_path)
    assert run_cli("new", "T-BL-003", cwd=repo).code == 0
    return _printed(run_cli("lint", "measures/mz/T-BL-003.yaml", cwd=repo))


def _mistyped_command(tmp_path: Path, run_cli) -> str:
    """A command name with a letter missing: the answer is on stderr, nothing on stdout."""
    run = run_cli("lnt", cwd=copy_demo(tmp_path))
    assert run.code == 2 and run.out == ""
    return run.err


def _printed(run) -> str:
    assert run.err == "" and "Traceback" not in run.out
    return run.out


def _missing_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURE_REPO, repo)
    shutil.copytree(FIXTURES / "check" / "missing", repo, dirs_exist_ok=True)
    return repo


SAMPLES = {
    "lint": _three_mistakes,
    "check": _missing_measure,
    "lint-scaffold": _fresh_scaffold,
    "lnt": _mistyped_command,
}


def _blocks(readme: str) -> dict[str, re.Match]:
    return {match["name"]: match for match in SAMPLE.finditer(readme)}


def test_every_sample_is_in_the_readme_once():
    readme = README_PATH.read_text(encoding="utf-8")
    names = [match["name"] for match in SAMPLE.finditer(readme)]
    assert sorted(names) == sorted(SAMPLES)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_readme_sample_is_the_real_output(name, tmp_path, run_cli):
    printed = SAMPLES[name](tmp_path, run_cli)
    readme = README_PATH.read_text(encoding="utf-8")
    block = _blocks(readme)[name]
    if UPDATE and block["body"] != printed:
        write_atomic(README_PATH, readme[:block.start("body")] + printed + readme[block.end("body"):])
        return
    assert block["body"] == printed, (f"README 中的示例输出 {name} 与实际输出不同；确认改动无误后运行 "
                                      "JIANGUAN_UPDATE_README=1 pytest tests/test_readme_samples.py 更新 README。")
