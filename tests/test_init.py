"""`jianguan init`: deadlines only the district sets, and CI and hooks that install a jianguan that exists."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import FIXTURE_REPO, PROJECT
from jianguan_cli.authoring import install_source
from jianguan_cli.authoring.install_source import checkout_source, parse_source, source_from_direct_url
from jianguan_cli.settings import load_settings

FUTURE = (dt.date.today() + dt.timedelta(days=45)).isoformat()
LATER = (dt.date.today() + dt.timedelta(days=75)).isoformat()
GIT_SOURCE = "git+https://git.example.gov.cn/tools/jianguan.git@v0.1.0"
yaml = YAML(typ="safe")


def init(run_cli, tmp_path: Path, *args: str):
    return run_cli("init", str(tmp_path / "county"), "--district", "兰州市某某区", *args, cwd=tmp_path)


def with_fixture_catalogue(repo: Path) -> Path:
    shutil.copy(FIXTURE_REPO / "catalog.yaml", repo / "catalog.yaml")
    return repo


def test_without_deadlines_the_deadline_rules_stay_silent(tmp_path, run_cli):
    assert init(run_cli, tmp_path, "--ci", "none").code == 0
    repo = with_fixture_catalogue(tmp_path / "county")
    text = (repo / "jianguan.toml").read_text(encoding="utf-8")
    assert "# [deadlines]" in text and "2017" not in text
    assert load_settings(repo).deadlines.dates == ()
    run_cli("new", "--all-missing", cwd=repo)
    report = json.loads(run_cli("check", "--format", "json", "--today", "2099-01-01", cwd=repo).out)
    assert {f["rule"] for f in report["findings"]} == {"T601"}, "no D701/D702 on day one, or ever, until set"


def test_deadlines_from_options(tmp_path, run_cli):
    assert init(run_cli, tmp_path, "--submit-by", FUTURE, "--publish-by", LATER).code == 0
    deadlines = load_settings(tmp_path / "county").deadlines
    assert (deadlines.submit.isoformat(), deadlines.publish.isoformat()) == (FUTURE, LATER)


@pytest.mark.parametrize(("args", "says"), [
    (("--submit-by", "2017-05-30"), "已经过去"),
    (("--submit-by", LATER, "--publish-by", FUTURE), "早于报送期限"),
    (("--publish-by", "明年二月"), "--publish-by 应为日期"),
])
def test_deadlines_in_the_past_or_out_of_order_are_refused(tmp_path, run_cli, args, says):
    result = init(run_cli, tmp_path, *args)
    assert result.code == 2 and says in result.err
    assert not (tmp_path / "county").exists(), "nothing is written"


class Terminal(io.StringIO):
    """Keyboard input on a terminal."""

    def isatty(self) -> bool:
        return True


def test_on_a_terminal_init_asks_for_the_deadlines(tmp_path, run_cli, monkeypatch):
    monkeypatch.setattr(sys, "stdin", Terminal(f"{FUTURE}\n\n"))
    assert init(run_cli, tmp_path).code == 0
    deadlines = load_settings(tmp_path / "county").deadlines
    assert deadlines.submit.isoformat() == FUTURE and deadlines.publish is None, "Enter leaves one unset"


@pytest.mark.parametrize(("spec", "pip", "repo", "rev"), [
    (GIT_SOURCE, "jianguan @ git+https://git.example.gov.cn/tools/jianguan.git@v0.1.0",
     "https://git.example.gov.cn/tools/jianguan.git", "v0.1.0"),
    ("git+git@git.example.gov.cn:tools/jianguan.git@3f2a1b0", "jianguan @ git+ssh://git@git.example.gov.cn/tools/jianguan.git@3f2a1b0",
     "ssh://git@git.example.gov.cn/tools/jianguan.git", "3f2a1b0"),
    ("jianguan==0.1.0", "jianguan==0.1.0", "", ""),
    ("https://pypi.example.gov.cn/files/jianguan-0.1.0-py3-none-any.whl",
     "jianguan @ https://pypi.example.gov.cn/files/jianguan-0.1.0-py3-none-any.whl", "", ""),
])
def test_install_sources(spec, pip, repo, rev):
    source = parse_source(spec)
    assert (source.pip, source.repo, source.rev) == (pip, repo, rev)


@pytest.mark.parametrize("spec", ["git+https://git.example.gov.cn/jianguan.git", "pip install jianguan", "jianguan;rm -rf"])
def test_bad_install_sources_are_usage_errors(tmp_path, run_cli, spec):
    result = init(run_cli, tmp_path, "--jianguan-source", spec)
    assert result.code == 2 and "--jianguan-source" in result.err


def test_the_origin_recorded_by_pip(tmp_path):
    """PEP 610 direct_url.json: a VCS install, an archive, a local folder nobody else can reach."""
    vcs = {"url": "https://git.example.gov.cn/tools/jianguan.git", "vcs_info": {"vcs": "git", "commit_id": "ab12cd"}}
    assert source_from_direct_url(vcs).pip == "jianguan @ git+https://git.example.gov.cn/tools/jianguan.git@ab12cd"
    archive = {"url": "https://pypi.example.gov.cn/jianguan-0.1.0.tar.gz", "archive_info": {}}
    assert source_from_direct_url(archive).pip == "jianguan @ https://pypi.example.gov.cn/jianguan-0.1.0.tar.gz"
    assert source_from_direct_url({"url": f"file://{tmp_path}", "dir_info": {"editable": True}}) is None
    assert source_from_direct_url({"url": "file:///x.whl", "archive_info": {}}) is None


def git(folder: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@x"}
    return subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True, text=True,
                          env=env).stdout.strip()


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_checkout_names_its_remote_only_for_a_pushed_commit(tmp_path):
    checkout = tmp_path / "jianguan"
    checkout.mkdir()
    git(checkout, "init", "-q")
    git(checkout, "commit", "-q", "--allow-empty", "-m", "x")
    assert checkout_source(checkout) is None, "no remote"
    git(checkout, "remote", "add", "origin", "https://git.example.gov.cn/tools/jianguan.git")
    assert checkout_source(checkout) is None, "the commit was never pushed"
    git(checkout, "update-ref", "refs/remotes/origin/main", "HEAD")
    head = git(checkout, "rev-parse", "HEAD")
    source = checkout_source(checkout)
    assert (source.repo, source.rev) == ("https://git.example.gov.cn/tools/jianguan.git", head)


def test_ci_and_hooks_install_the_named_source(tmp_path, run_cli):
    assert init(run_cli, tmp_path, "--jianguan-source", GIT_SOURCE).code == 0
    repo = tmp_path / "county"
    steps = yaml.load((repo / ".github/workflows/jianguan.yml").read_text(encoding="utf-8"))["jobs"]["check"]["steps"]
    runs = [step["run"] for step in steps if "run" in step]
    assert runs == ["pip install 'jianguan @ git+https://git.example.gov.cn/tools/jianguan.git@v0.1.0'", "jianguan check"]
    hooks = yaml.load((repo / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"]
    assert hooks == [{"repo": "https://git.example.gov.cn/tools/jianguan.git", "rev": "v0.1.0",
                      "hooks": [{"id": "jianguan-lint"}, {"id": "jianguan-check"}]}]
    gitlab = tmp_path / "gitlab"
    run_cli("init", str(gitlab), "--district", "x", "--ci", "gitlab", "--jianguan-source", "jianguan==0.1.0", cwd=tmp_path)
    script = yaml.load((gitlab / ".gitlab-ci.yml").read_text(encoding="utf-8"))["jianguan"]["script"]
    assert script[0] == "pip install jianguan==0.1.0"
    local = yaml.load((gitlab / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"][0]
    assert local["repo"] == "local" and {h["language"] for h in local["hooks"]} == {"python"}
    assert all(h["additional_dependencies"] == ["jianguan==0.1.0"] for h in local["hooks"])


def test_an_unknown_source_is_a_marked_placeholder_that_fails_clearly(tmp_path, run_cli, monkeypatch):
    monkeypatch.setattr(install_source, "running_source", lambda: None)
    result = init(run_cli, tmp_path)
    assert result.code == 0 and "无法确定本机 jianguan 的安装来源" in result.err
    repo = tmp_path / "county"
    workflow = (repo / ".github/workflows/jianguan.yml").read_text(encoding="utf-8")
    steps = yaml.load(workflow)["jobs"]["check"]["steps"]
    placeholder = next(step["run"] for step in steps if "待填写" in step.get("run", ""))
    assert placeholder.endswith("exit 1") and "pip install jianguan\n" not in workflow
    hooks = (repo / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert "# 待填写：jianguan 的安装来源" in hooks and "language: system" in hooks


def test_a_full_disk_during_init_leaves_no_half_written_settings(tmp_path, run_cli, monkeypatch):
    import jianguan_cli.fileio as fileio

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fileio.os, "fsync", full)
    result = init(run_cli, tmp_path)
    assert result.code == 3 and "磁盘空间不足" in result.err
    assert not (tmp_path / "county" / "jianguan.toml").exists()


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None or shutil.which("pre-commit") is None
                    and not (Path(sys.executable).parent / "pre-commit").exists(),
                    reason="needs git and pre-commit (pip install pre-commit)")
def test_the_hooks_init_writes_run_in_pre_commit(tmp_path, run_cli):
    """The real client: pre-commit installs jianguan from its git repository at a commit that exists."""
    if not (PROJECT / ".git").exists():
        pytest.skip("needs jianguan's own git repository")
    clone = tmp_path / "jianguan.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(PROJECT), str(clone)], check=True)
    head = git(PROJECT, "rev-parse", "HEAD")
    repo = tmp_path / "county"
    made = run_cli("init", str(repo), "--district", "兰州市某某区", "--ci", "none",
                   "--jianguan-source", f"git+file://{clone}@{head}", cwd=tmp_path)
    assert made.code == 0, made.err
    with_fixture_catalogue(repo)
    shutil.copytree(FIXTURE_REPO / "measures", repo / "measures", dirs_exist_ok=True)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache")}
    pre_commit = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    done = subprocess.run([pre_commit, "run", "--all-files"], cwd=repo, capture_output=True, text=True, env=env,
                          timeout=900)
    assert "jianguan lint" in done.stdout and "jianguan check" in done.stdout, done.stdout + done.stderr
    assert done.returncode == 0, done.stdout + done.stderr
