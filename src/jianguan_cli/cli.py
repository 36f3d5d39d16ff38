"""The command line's entry point: runs a command and turns every way it ends into an exit code,
with a Chinese word (the commands themselves are in jianguan_cli.commands)."""

from __future__ import annotations

import errno
import os
import signal
import sys
import traceback

import typer
from rich.text import Text

from jianguan_cli.cli_click import CLICK_ERRORS, usage_message
from jianguan_cli.commands import app, debug_mode
from jianguan_cli.commands.base import err
from jianguan_cli.fileio import os_reason
from jianguan_cli.findings import Interrupted, JianguanError

__all__ = ["app", "main"]


INTERRUPTED = "已中断。没有写完的文件已丢弃，原有文件和上一次的输出保持不变。"



_terminated = {"by": False}  # SIGTERM (a CI job cancelled, `kill`) stops like Ctrl-C, with the same word



def _terminate(signum, frame) -> None:
    _terminated["by"] = True
    raise KeyboardInterrupt



def main() -> None:
    """Entry point: runs the app and turns every failure into a Chinese message and exit code."""
    if "--debug" in sys.argv[1:]:  # accepted after the command too: jianguan check --debug
        sys.argv.remove("--debug")
        debug_mode["on"] = True
    signal.signal(signal.SIGTERM, _terminate)
    code = _run()
    try:
        sys.stdout.flush()
    except OSError as error:  # jianguan lint > /dev/full: the report never arrived
        code = _stdout_failed(error)
    sys.exit(code)



def _run() -> int:
    """Run the command; every way it can end becomes an exit code, with a Chinese word."""
    try:
        code = app(standalone_mode=False, prog_name="jianguan")
    except typer.Exit as done:
        code = done.exit_code
    except Interrupted as stop:
        err.print(str(stop), markup=False)
        return stop.exit_code
    except JianguanError as error:
        err.print(Text(f"错误：{error}", style="bold red"))
        return error.exit_code
    except (typer.Abort, KeyboardInterrupt):
        code = 130
    except CLICK_ERRORS as error:
        _usage(error)
        return error.exit_code
    except OSError as error:
        if error.errno in (errno.EPIPE, errno.ENOSPC, errno.EIO):
            return _stdout_failed(error)
        return _internal_error(error)
    except Exception as error:  # a bug in jianguan itself: say so, without a traceback
        return _internal_error(error)
    if code == 130:  # typer turns Ctrl-C into exit code 130 without a word
        err.print(INTERRUPTED)
        return 128 + signal.SIGTERM if _terminated["by"] else 130
    return code if isinstance(code, int) else 0



def _usage(error) -> None:
    message = usage_message(error)
    if message is None:
        error.show()
    else:
        command = error.ctx.command_path if getattr(error, "ctx", None) else "jianguan"
        err.print(f"错误：{message}", markup=False)
        err.print(f"运行 {command} -h 查看用法。", markup=False)



def _stdout_failed(error: OSError) -> int:
    """The terminal or file the output goes to took no more (a closed pipe, a full disk)."""
    try:
        sys.stdout = open(os.devnull, "w")  # nothing more is written where it failed, not even at exit
    except OSError:
        pass
    if error.errno == errno.EPIPE:  # jianguan lint | head: the reader has what it wanted
        return 1
    err.print(f"错误：无法写出结果（{os_reason(error)}）：检查输出重定向到的文件或磁盘。", markup=False)
    return 3



def _internal_error(error: Exception) -> int:
    if debug_mode["on"]:
        traceback.print_exc()
    err.print(Text(f"jianguan 内部错误：{error.__class__.__name__}: {error}", style="bold red"))
    if not debug_mode["on"]:
        err.print("请加 --debug 重新运行（如 jianguan --debug check），并把输出报告给维护人员。")
    return 3
