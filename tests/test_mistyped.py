"""A mistyped command or option is answered in Chinese with the one that was meant, and exit code 2."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

COMMANDS = {"lint", "check", "status", "render", "new", "fmt", "catalog", "export", "schema", "rules", "init",
            "import", "diff", "lsp"}


@pytest.mark.parametrize(("args", "says"), [
    (("lnt",), "没有 lnt 命令。您是否要运行 jianguan lint？"),
    (("chek",), "没有 chek 命令。您是否要运行 jianguan check？"),
    (("rendr", "--format", "html"), "没有 rendr 命令。您是否要运行 jianguan render？"),
    (("Lint",), "没有 Lint 命令。您是否要运行 jianguan lint？"),
    (("stauts",), "没有 stauts 命令。您是否要运行 jianguan status？"),
    (("catalog", "imprt", "清单.xlsx"), "没有 imprt 命令。您是否要运行 jianguan catalog import？"),
    (("lint", "--fromat", "json"), "没有 --fromat 选项。您是否要写 --format？"),
    (("check", "--tody", "2017-06-01"), "没有 --tody 选项。您是否要写 --today？"),
    (("--verison",), "没有 --verison 选项。您是否要写 --version？"),
])
def test_a_mistyped_name_suggests_the_right_one(repo, run_cli, args, says):
    run = run_cli(*args, cwd=repo)
    assert run.code == 2 and run.out == ""
    assert run.err.splitlines()[0] == f"错误：{says}"
    assert "Did you mean" not in run.err and "No such" not in run.err


def test_a_name_like_no_command_suggests_nothing(repo, run_cli):
    run = run_cli("nonsense", cwd=repo)
    assert run.code == 2
    assert run.err == "错误：没有 nonsense 命令。\n运行 jianguan -h 查看用法。\n"


def test_the_suggestion_is_a_command_that_runs(repo, run_cli):
    run = run_cli("chek", cwd=repo)
    suggested = run.err.split("您是否要运行 jianguan ")[1].split("？")[0]
    assert run_cli(suggested, "--today", "2017-05-01", cwd=repo).code == 0


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12)
       .filter(lambda name: not name.startswith("-") and name not in COMMANDS))
def test_any_unknown_command_gets_a_chinese_answer(repo, run_cli, name):
    run = run_cli(name, cwd=repo)
    assert run.code == 2 and run.out == ""
    assert run.err.startswith("错误：没有 ") and " 命令。" in run.err
    assert "Traceback" not in run.err and "No such" not in run.err
