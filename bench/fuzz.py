"""Fuzz jianguan for a set time and report how many inputs were tried.

    python bench/fuzz.py --minutes 10

Runs Hypothesis with a large example budget, round-robin over these targets, until the time
is up; any crash or broken guarantee stops the run with the failing input and exit code 1.

- loader + lint on random bytes and on YAML-like text: no exception, findings inside the file;
- lint on generated measures with one mutation: findings inside the file;
- fmt on generated measures with comments, shuffled keys and 4-space indents: data and
  comments kept, idempotent; fmt on YAML-like text: refused or data kept, never a crash;
- catalog import on random spreadsheet rows: always a catalogue jianguan accepts;
- hostile repositories (settings with paths out of the repository, templates linked to secrets,
  pipes, broken and looping links where measures should be): lint, check, render, export and
  fmt never fail with an internal error, never publish the secret, never change a file outside.
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

TESTS = Path(__file__).resolve().parents[1] / "tests"
sys.path.insert(0, str(TESTS))

import test_catalog_import as imports  # noqa: E402  (the strategies live with the tests)
import test_generated as generated  # noqa: E402
import test_properties as properties  # noqa: E402
from jianguan_cli.authoring.formatting import Formatter, FormatRefused  # noqa: E402
from jianguan_cli.loading import load_bytes  # noqa: E402

BATCH = settings(max_examples=300, deadline=None, database=None, phases=[Phase.generate, Phase.shrink],
                 suppress_health_check=list(HealthCheck))
tried = {"inputs": 0}


def _linter():
    from jianguan_cli.linting import MeasureLinter, open_catalog
    from jianguan_cli.settings import load_settings

    project = load_settings(TESTS.parent)
    return MeasureLinter(project, open_catalog(project))


LINT = _linter()
FORMATTER = Formatter(generated.INDEX)


def counted(function):
    @functools.wraps(function)
    def run(*args, **kwargs):
        tried["inputs"] += 1
        return function(*args, **kwargs)
    return run


@BATCH
@given(raw=st.binary(max_size=2_000))
@counted
def random_bytes(raw):
    document = load_bytes(raw, "x.yaml", generated.INDEX.keys)
    findings = LINT.lint_document(document)
    assert document.parsed or findings


@BATCH
@given(text=properties.YAMLISH)
@counted
def yaml_like_text(text):
    generated.assert_inside(LINT.lint_document(load_bytes(text.encode(), "x.yaml", generated.INDEX.keys)), text)
    try:
        formatted = FORMATTER.format(text.encode("utf-8"), None).text
    except FormatRefused:
        return
    before = load_bytes(text.encode("utf-8"), "x.yaml", generated.INDEX.keys)
    assert load_bytes(formatted.encode("utf-8"), "x.yaml", generated.INDEX.keys).data == before.data


@BATCH
@given(measure=generated.generated(), mutation=generated.MUTATIONS, pick=st.randoms(use_true_random=False))
@counted
def mutated_measures(measure, mutation, pick):
    generated.test_generated_measures_are_valid_and_one_mutation_points_into_the_file.hypothesis.inner_test(
        LINT, measure, mutation, pick)


@BATCH
@given(measure=generated.generated(), rnd=st.randoms(use_true_random=False))
@counted
def formatted_measures(measure, rnd):
    generated.test_fmt_keeps_data_and_comments_and_is_idempotent.hypothesis.inner_test(measure, rnd)


@BATCH
@given(sheet=st.one_of(
    st.tuples(st.just(("事项编码", "事项名称", "实施主体", "事项类别", "共同审批部门", "设定依据")),
              st.lists(imports.item_rows, max_size=8)),
    st.tuples(st.just(("部门编号", "部门", "部门简称")), st.lists(imports.department_rows, max_size=5))))
@counted
def spreadsheet_rows(sheet):
    imports.test_any_rows_give_a_valid_catalogue.hypothesis.inner_test(sheet)


SECRET = "FUZZ_SECRET_7d1e"
SETTINGS = st.sampled_from(["", 'measures = "../outside"', 'output = "/"', 'templates = "../outside"',
                            'catalog = "../outside/secret.txt"', 'output = "templates"', 'measures = "."',
                            "[limits]\nnesting_depth = 99999999", '[publication]\nrecipients = 1'])
ENTRY_KINDS = st.sampled_from(["fifo", "dangling", "loop", "secret-link", "folder", "device", "unreadable-bytes"])
TEMPLATE_LINKS = st.sampled_from(["", "style.css", "filter.js", "base.html", "docx/reference.docx"])
COMMANDS = st.sampled_from([("lint",), ("check",), ("render",), ("render", "--drafts"), ("export", "-f", "csv"),
                            ("fmt", "--fix"), ("status",), ("new", "--all-missing")])


def _plant(path: Path, kind: str, outside: Path) -> None:
    import os

    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dangling":
        path.symlink_to(path.parent / "nowhere.yaml")
    elif kind == "loop":
        path.symlink_to(path)
    elif kind == "secret-link":
        path.symlink_to(outside / "secret.txt")
    elif kind == "folder":
        path.mkdir()
    elif kind == "device":
        path.symlink_to("/dev/zero")
    else:
        path.write_bytes(bytes(range(256)))


def _hostile_repository(folder: Path, settings: str, entries: list[str], link: str) -> Path:
    import shutil

    outside = folder / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    repo = folder / "repo"
    shutil.copytree(TESTS / "fixtures" / "repo", repo)
    (repo / "jianguan.toml").write_text(f"{settings}\n", encoding="utf-8")
    for number, kind in enumerate(entries):
        _plant(repo / "measures" / "mz" / f"odd{number}.yaml", kind, outside)
    if link:
        target = repo / "templates" / ("html" if "/" not in link else "") / link
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to(outside / "secret.txt")
    return repo


def _digest(folder: Path) -> list:
    return sorted((p.relative_to(folder).as_posix(), p.read_bytes()) for p in folder.rglob("*") if p.is_file())


@settings(max_examples=20, deadline=None, database=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck))
@given(settings_text=SETTINGS, entries=st.lists(ENTRY_KINDS, max_size=3), link=TEMPLATE_LINKS, command=COMMANDS)
@counted
def hostile_repositories(settings_text, entries, link, command):
    import os
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as work:
        repo = _hostile_repository(Path(work), settings_text, entries, link)
        before = _digest(Path(work) / "outside")
        env = {**os.environ, "JIANGUAN_CACHE_DIR": str(Path(work) / "cache"), "FUZZ_SECRET": SECRET}
        done = subprocess.run([sys.executable, "-m", "jianguan_cli", *command], cwd=repo, env=env,
                              capture_output=True, text=True, timeout=120)
        output = done.stdout + done.stderr
        assert "Traceback" not in output and "内部错误" not in output, (command, output[-1500:])
        assert done.returncode in (0, 1, 2, 3), (command, done.returncode, output[-1500:])
        written = "".join(p.read_bytes().decode("utf-8", "replace") for p in (repo / "build").rglob("*")
                          if p.is_file()) if (repo / "build").is_dir() else ""
        assert SECRET not in output + written, (command, "the secret left the repository")
        assert _digest(Path(work) / "outside") == before, (command, "a file outside the repository changed")


TARGETS = [random_bytes, yaml_like_text, mutated_measures, formatted_measures, spreadsheet_rows,
           hostile_repositories]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    minutes = parser.parse_args().minutes
    deadline = time.monotonic() + minutes * 60
    rounds = 0
    while time.monotonic() < deadline:
        for target in TARGETS:
            target()
            if time.monotonic() >= deadline:
                break
        rounds += 1
        print(f"round {rounds}: {tried['inputs']} inputs so far", flush=True)
    print(f"fuzzed {minutes:g} min: {tried['inputs']} inputs over {len(TARGETS)} targets, no failure")
    return 0


if __name__ == "__main__":
    sys.exit(main())
