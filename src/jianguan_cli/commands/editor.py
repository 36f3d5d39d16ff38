"""`lsp` and `rules`: help in the editor and the rules' documentation."""

from __future__ import annotations

import sys
from typing import Optional

import typer
from rich.console import Console

from jianguan_cli.commands.base import app, err
from jianguan_cli.findings import UsageError
from jianguan_cli.reporters.rules_text import rule_page, rule_table
from jianguan_cli.rules import RULES
from jianguan_cli.suggest import closest


@app.command(short_help="语言服务器（LSP）：在编辑器中边写边检查，悬停看说明，自动补全，快速修复。",
             help="启动语言服务器（Language Server Protocol，通过标准输入输出与编辑器通信），供 VS Code、Neovim、"
                  "Emacs、Sublime Text 等编辑器使用：输入时给出与 jianguan lint 完全相同的问题，悬停显示中文说明，"
                  "自动补全键名、可选值和缺少的监管要点，一键修复全角冒号等问题。由编辑器启动，不需要手动运行。")
def lsp(
    stdio: bool = typer.Option(False, "--stdio", help="通过标准输入输出通信（默认且唯一的方式；有的编辑器总是加上这个选项）。"),
) -> None:
    from jianguan_cli.lsp.server import serve

    if sys.stdin.isatty():  # stdio is the only transport; `stdio` is accepted, not needed
        err.print("jianguan lsp 是供编辑器使用的语言服务器，正在等待编辑器的消息（按 Ctrl-C 退出）。"
                  "配置方法见 README 的“编辑器中的检查”一节。")
    serve()


@app.command(short_help="列出检查规则，或说明一条规则。",
             help="列出全部检查规则；给出规则编号则详细说明该规则，并附正反示例。")
def rules(rule_id: Optional[str] = typer.Argument(None, help="规则编号，如 M401。", show_default=False)) -> None:
    out = Console(highlight=False)
    if rule_id is None:
        out.print(rule_table(RULES.values()))
        out.print("运行 jianguan rules 规则编号 查看说明和示例；在 jianguan.toml 的 [rules] 中可调整级别或关闭。")
        return
    rule = RULES.get(rule_id.upper())
    if rule is None:
        close = closest(rule_id.upper(), RULES)
        raise UsageError(f"没有规则 {rule_id}" + (f"，是否想查 {close}？" if close else "。运行 jianguan rules 查看全部规则。"))
    out.print(rule_page(rule))
