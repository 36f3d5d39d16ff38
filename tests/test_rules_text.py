"""`jianguan rules` and the README show each rule's docstring as plain text: whole, wrapped, no reST markup."""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len

from jianguan_cli.rules import RULES
from jianguan_cli.doctext import first_paragraph, plain_text

DOC = '''开展随机抽查时，信息公开中必须有一项公开“抽查结果”（随机抽样检验的，
写“抽检结果”亦可）。用 ``jianguan fmt --fix`` 修改，*不要*手工删除 **任何** 内容；
见 `--today` 选项和
jianguan.toml 的 [deadlines] 一节。

好的写法::

    disclosure:
      - content: 抽查结果

    b: &b [*a, *a]

有问题的写法 ::

  - *每年*

::

    x: 1
'''


def test_plain_text_drops_the_markup_and_keeps_the_examples():
    assert plain_text(DOC) == (
        "开展随机抽查时，信息公开中必须有一项公开“抽查结果”（随机抽样检验的，写“抽检结果”亦可）。"
        "用 jianguan fmt --fix 修改，不要手工删除 任何 内容；见 --today 选项和 jianguan.toml 的 [deadlines] 一节。\n\n"
        "好的写法：\n\n"
        "    disclosure:\n      - content: 抽查结果\n\n    b: &b [*a, *a]\n\n"
        "有问题的写法\n\n"
        "    - *每年*\n\n"
        "    x: 1")
    assert first_paragraph(DOC).endswith("[deadlines] 一节。")


def test_double_backquotes_keep_what_they_quote():
    assert plain_text("值 ``*每年*`` 要加引号，``[x]`` 也是。") == "值 *每年* 要加引号，[x] 也是。"


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_no_rule_text_has_rest_markup(rule_id):
    prose = [line for line in plain_text(RULES[rule_id].doc).split("\n") if not line.startswith(" ")]
    for line in prose:
        assert "::" not in line and "``" not in line, line
        assert not re.search(r"(^|\s)\*\S[^*]*\*", line), line
    assert "\n" not in RULES[rule_id].first_paragraph


def described_rows(output: str) -> dict[str, str]:
    """Rule ID → its 说明 cell, the cell's lines joined, from the table `jianguan rules` prints."""
    rows: dict[str, str] = {}
    current = None
    for line in output.splitlines():
        cells = line.split("│")
        if len(cells) != 6:
            continue
        if cells[1].strip():
            current = cells[1].strip()
            rows[current] = ""
        rows[current] += cells[4].strip()
    return rows


@pytest.mark.parametrize("columns", [60, 100, 200])
def test_the_table_shows_every_description_whole_at_the_terminal_width(repo, run_cli, columns):
    result = run_cli("rules", cwd=repo, env={"COLUMNS": str(columns)})
    assert result.code == 0
    assert "…" not in result.out and "``" not in result.out and "::" not in result.out
    assert max(cell_len(line) for line in result.out.splitlines()) <= columns
    rows = described_rows(result.out)
    assert set(rows) == set(RULES)
    for rule_id, cell in rows.items():
        assert "".join(cell.split()) == "".join(RULES[rule_id].first_paragraph.split()), rule_id


def test_a_wide_terminal_is_used_not_80_columns(repo, run_cli):
    result = run_cli("rules", cwd=repo, env={"COLUMNS": "200"})
    assert max(cell_len(line) for line in result.out.splitlines()) > 120


def test_one_rule_wraps_its_text_and_keeps_its_examples_line_for_line(repo, run_cli):
    result = run_cli("rules", "M404", cwd=repo, env={"COLUMNS": "50"})
    assert result.code == 0
    lines = result.out.splitlines()
    assert "好的写法：" in lines and "有问题的写法（开展随机抽查，却只公开审批结果）：" in lines
    assert "        deadline: 抽查结束之日起20个工作日内" in lines  # wider than 50 columns, not broken
    prose = "".join(lines[lines.index("") + 1:lines.index("好的写法：") - 1])
    assert max(cell_len(line) for line in lines[:lines.index("好的写法：")]) <= 50
    assert prose == first_paragraph(RULES["M404"].doc)
