"""Chinese for what click (vendored in typer) says itself: usage errors and the help option."""

from __future__ import annotations

import re

from jianguan_cli.suggest import closest

try:  # newer typer vendors click as typer._click; older ones use the click package
    from typer._click import core as _core
    from typer._click import exceptions as _exceptions
except ImportError:  # pragma: no cover - depends on the installed typer
    from click import core as _core
    from click import exceptions as _exceptions

CLICK_ERRORS = (_exceptions.ClickException,)
HELP_TEXT = "显示帮助并退出。"


def use_chinese_help_option() -> None:
    """Make every command's -h/--help describe itself in Chinese."""
    original = _core.Command.get_help_option
    if getattr(original, "chinese", False):
        return

    def get_help_option(self, ctx):
        option = original(self, ctx)
        if option is not None:
            option.help = HELP_TEXT
        return option

    get_help_option.chinese = True
    _core.Command.get_help_option = get_help_option


def usage_message(error: Exception) -> str | None:
    """The Chinese message for a usage error, or None to let click show its own."""
    try:
        return _chinese(error)
    except Exception:  # click's internals differ between versions: its own words are the fallback
        return None


def _chinese(error: Exception) -> str | None:
    if isinstance(error, _exceptions.NoArgsIsHelpError) or not isinstance(error, _exceptions.UsageError):
        return None
    if isinstance(error, _exceptions.NoSuchOption):
        guess = " 或 ".join(sorted(error.possibilities or ()))
        return f"没有 {error.option_name} 选项。" + (f"您是否要写 {guess}？" if guess else "")
    command = _unknown_command(error)
    if command is not None:
        return command
    if isinstance(error, _exceptions.BadParameter):
        hint = _parameter(error)
        if isinstance(error, _exceptions.MissingParameter):
            return f"缺少{hint}。"
        return f"{hint} 的值不对：{_translated(error.message, _VALUE_MESSAGES)}。"
    return _translated(error.format_message(), _MESSAGES)


_NO_SUCH_COMMAND = re.compile(r"No such command (['\"])(.*?)\1\.")


def _unknown_command(error) -> str | None:
    """"没有 lnt 命令。您是否要运行 jianguan lint？" for a mistyped command, None for other errors."""
    match = _NO_SUCH_COMMAND.search(error.format_message())
    ctx = getattr(error, "ctx", None)
    if match is None or ctx is None:
        return None
    name, group = match.group(2), ctx.command
    shown = [command for command in group.list_commands(ctx)
             if not getattr(group.get_command(ctx, command), "hidden", False)]
    # typed with Caps Lock or the shift key held still means the command
    close = closest(name.lower(), shown)
    guess = f"您是否要运行 {ctx.command_path} {close}？" if close else ""
    return f"没有 {name or '“”'} 命令。{guess}"


def _translated(text: str, table) -> str:
    for pattern, chinese in table:
        match = re.search(pattern, text)
        if match:
            return chinese.format(*match.groups())
    return text


_MESSAGES = (
    (r"Got unexpected extra argument(?:\(s\)|s)? \((.+)\)", "多余的参数：{0}。"),
    (r"Option '(.+)' requires an argument\.", "选项 {0} 后面要写一个值。"),
    (r"Option '(.+)' does not take a value\.", "选项 {0} 后面不能写值。"),
)


_VALUE_MESSAGES = (
    (r"'(.+)' is not one of (.+?)\.?$", "“{0}”不是可选的值，可选：{1}"),
    (r"valid integer", "应为整数"),
    (r"greater than or equal to (\d+)", "应不小于 {0}"),
)


def _parameter(error) -> str:
    if error.param_hint:
        hint = error.param_hint if isinstance(error.param_hint, str) else " / ".join(error.param_hint)
    elif error.param is not None:
        hint = " / ".join(error.param.opts) or error.param.name
    else:
        hint = ""
    return f"参数 {hint}" if hint else "参数"
