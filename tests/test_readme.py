"""README.md stays in step with the code: the two commands and the rule table."""

from __future__ import annotations

import re

from ruamel.yaml import YAML

from conftest import PROJECT
from jianguan_cli.rules import RULES

README = (PROJECT / "README.md").read_text(encoding="utf-8")


def test_the_two_commands_are_there():
    assert "pip install -e . && jianguan check" in README
    assert 'pip install -e ".[test]" && pytest' in README


def rule_table() -> str:
    """The README's rule table as the registry gives it: each description as `jianguan rules` prints it."""
    rows = ["| " + " | ".join([r.id, r.title, r.severity.label, r.first_paragraph.replace("|", "\\|")]) + " |"
            for r in sorted(RULES.values(), key=lambda r: r.id)]
    return "\n".join(["| 编号 | 名称 | 默认级别 | 说明 |", "|---|---|---|---|", *rows]) + "\n"


def test_the_rule_table_is_the_registry_whole():
    # a failure prints the table to paste into README.md
    assert rule_table() in README, "README.md 的规则表与代码不一致，应为：\n" + rule_table()


def test_ci_runs_the_readme_test_command():
    ci = (PROJECT / ".ci" / "run").read_text(encoding="utf-8")
    assert '-e ".[test]"' in ci and "pytest" in ci


def test_ci_snippets_are_valid_yaml_running_jianguan_check():
    yaml = YAML(typ="safe")
    blocks = re.findall(r"```yaml\n(.*?)```", README, re.S)
    documents = [yaml.load(block) for block in blocks]
    workflow = next(d for d in documents if isinstance(d, dict) and "jobs" in d)
    assert any("jianguan check" in step.get("run", "") for step in workflow["jobs"]["check"]["steps"])
    gitlab = next(d for d in documents if isinstance(d, dict) and "jianguan" in d)
    assert any(line.startswith("jianguan check --format junit") for line in gitlab["jianguan"]["script"])
    assert gitlab["jianguan"]["artifacts"]["reports"] == {"codequality": "gl-code-quality-report.json",
                                                          "junit": "jianguan-junit.xml"}
    committed = yaml.load((PROJECT / ".github" / "workflows" / "jianguan.yml").read_text(encoding="utf-8"))
    assert committed["jobs"] == workflow["jobs"] | committed["jobs"]


def test_pre_commit_hooks():
    hooks = {hook["id"]: hook for hook in YAML(typ="safe").load((PROJECT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    lint, check = hooks["jianguan-lint"], hooks["jianguan-check"]
    assert lint["entry"] == "jianguan lint" and check["entry"] == "jianguan check"
    assert re.search(lint["files"], "measures/mz/QLH-MZ-004.yaml") and not re.search(lint["files"], "catalog.yaml")
    assert check["pass_filenames"] is False and check["always_run"] is True
    fmt = hooks["jianguan-fmt"]
    assert fmt["entry"] == "jianguan fmt" and re.search(fmt["files"], "catalog.yaml")


def _commands(group, prefix="jianguan"):
    for name, command in group.commands.items():
        path = f"{prefix} {name}"
        if hasattr(command, "commands"):
            yield from _commands(command, path)
        else:
            yield path, command


def test_every_command_and_option_is_in_the_readme():
    from typer.main import get_command

    from jianguan_cli.cli import app

    commands = dict(_commands(get_command(app)))
    assert "jianguan catalog import" in commands and len(commands) >= 10
    for path, command in commands.items():
        assert f"`{path}`" in README, f"README has no section for {path}"
        for param in command.params:
            for option in param.opts:
                if option.startswith("--") and option != "--help":
                    assert option in README, f"README does not mention {path} {option}"
