"""Text to a YAML node tree with a position on every node, parsed in C where possible.

libyaml (through ruamel.yaml.clib) composes the tree; tag resolution is left to
`convert`, so no Python runs per scalar here. Without the C extension the pure-Python
composer of ruamel.yaml gives the same tree, only slower.
"""

from __future__ import annotations

import re

from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.tag import Tag

from jianguan_cli.loading.decode import position_of_offset
from jianguan_cli.loading.limits import DEFAULT_LIMITS
from jianguan_cli.loading.problems import LoadFailure, LoadProblem

try:
    from _ruamel_yaml import CParser
except ImportError:  # pragma: no cover - depends on the installed wheel
    CParser = None


# The one tag object every implicitly tagged node shares; `convert` resolves those itself.
IMPLICIT = Tag(suffix="?")

if CParser is not None:

    class _NodeComposer(CParser):
        """libyaml's composer with resolution switched off: implicit tags stay IMPLICIT."""

        def resolve(self, kind, value, implicit):
            return IMPLICIT

        def descend_resolver(self, parent, index):
            pass

        def ascend_resolver(self):
            pass


def uses_c_parser() -> bool:
    """Whether the libyaml C parser is available."""
    return CParser is not None


# libyaml composes recursively in C: without a bound, 100,000 nested brackets or "- - - …"
# crash the process. Measures nest a few levels; the Python conversion stops far below anyway.
_BRACKET = re.compile(r"[\[\]{}]")


def too_deeply_nested(text: str, limit: int = DEFAULT_LIMITS.nesting_depth) -> int | None:
    """Offset where nesting passes `limit`, or None (cheap for normal files).

    Block nesting needs a wider indent or another "- " per level, so a line whose indent and
    leading indicators span more than two columns per allowed level is too deep.
    """
    block = re.search(r"^(?:[ ]|[-?:][ ]){%d}" % (2 * limit + 1), text, re.M)
    if block is not None:
        return block.end() - 1
    if text.count("[") + text.count("{") <= limit:
        return None
    depth = 0
    for match in _BRACKET.finditer(text):
        depth += 1 if match.group() in "[{" else -1
        if depth > limit:
            return match.start()
        depth = max(depth, 0)
    return None


def compose(text: str, depth_limit: int = DEFAULT_LIMITS.nesting_depth):
    """The root node of the single YAML document in `text`, or None for an empty stream."""
    deep = too_deeply_nested(text, depth_limit)
    if deep is not None:
        line, column = position_of_offset(text, deep)
        raise LoadFailure(LoadProblem(
            "Y109", line, column, f"文件嵌套层数过多（超过 {depth_limit} 层），无法读取",
            "监管办法的层次不会超过几层：请检查是否有大量连续的 [、{、“- ” 或很深的缩进。"
            "确需更深时可在 jianguan.toml 的 [limits] 中调整 nesting_depth。"))
    try:
        if CParser is not None:
            return _NodeComposer(text).get_single_node()
        return _compose_pure(text)
    except MarkedYAMLError as exc:
        raise LoadFailure(_syntax_problem(exc, text)) from None
    except YAMLError as exc:
        raise LoadFailure(_reader_problem(exc, text)) from None
    except RecursionError:
        raise LoadFailure(LoadProblem(
            "Y109", 1, 1, "文件嵌套层数过多，无法读取",
            "监管办法的层次不会超过几层：请检查是否有大量连续的 [ 或 {。")) from None


def _compose_pure(text: str):  # pragma: no cover - used only without the C extension
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=True).compose(text)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def _reader_problem(exc: YAMLError, text: str) -> LoadProblem:
    bad = _CONTROL.search(text)
    line, column = position_of_offset(text, bad.start()) if bad else (1, 1)
    return LoadProblem(
        "Y101", line, column, "文件含有不可见的控制字符，YAML 不允许",
        "删除该位置的特殊字符（常见于从网页、PDF 或 Word 复制的文字）。")


# (pattern in libyaml's English message, Chinese message, hint)
_TRANSLATIONS: tuple[tuple[str, str, str], ...] = (
    ("mapping values are not allowed",
     "此处不能出现“键: 值”",
     "常见原因：上一行缩进不对，或文字中有英文冒号加空格“: ”。检查缩进；文字中的冒号请改用中文冒号“：”，或把整段文字用引号括起来。"),
    ("could not find expected ':'",
     "缺少英文冒号“:”",
     "键和值之间要用英文冒号加空格分隔，如 “responsible_unit: 社会事务科”；多行文字请用 “|” 开头的块写法。"),
    ("did not find expected key",
     "这里应该是一个键，但缩进与同一层的其他键不一致",
     "同一层的键要左对齐，缩进只用空格（通常每层 2 个空格）。"),
    ("did not find expected '-' indicator",
     "列表项的缩进不一致",
     "同一个列表的每一项 “- ” 要左对齐。"),
    ("block sequence entries are not allowed",
     "此处不能开始列表项 “- ”",
     "列表项要另起一行并缩进，如 “objects:” 下一行写 “  - 内容”。"),
    ("found undefined alias",
     "引用了未定义的锚点（*名称）",
     "删除 * 引用，或直接写出内容。"),
    ("found duplicate anchor",
     "同一个锚点（&名称）定义了两次",
     "给锚点换个名字，或直接写出内容。"),
    ("expected a single document",
     "一个文件只能有一个 YAML 文档",
     "删除文件中间多余的 “---” 行，每个事项单独一个文件。"),
    ("found unexpected end of stream",
     "文件意外结束：有引号或括号没有闭合",
     "检查引号 “\"”、“'” 和括号 “[ ]”、“{ }” 是否成对。"),
    ("found invalid Unicode character escape code",
     "双引号中的转义序列（如 \\ud800）不是有效的文字：它是单独的代理字符（UTF-16 的一半）",
     "直接写出这个字本身，或写成完整的 \\U0001F600 这样的转义；不确定时删除这个转义序列。"),
    ("found unknown escape character",
     "双引号中有无效的转义字符（反斜杠 \\）",
     "把反斜杠写成 \\\\，或改用单引号把文字括起来。"),
    ("expected ',' or ']'",
     "方括号 [ ] 没有闭合，或项之间缺少英文逗号",
     "检查 [ ] 是否成对、项之间是否用英文逗号 “,” 分隔。"),
    ("expected ',' or '}'",
     "花括号 { } 没有闭合，或项之间缺少英文逗号",
     "检查 { } 是否成对、项之间是否用英文逗号 “,” 分隔。"),
    ("found a tab character",
     "用了 Tab 键缩进",
     "YAML 只能用空格缩进：把 Tab 换成空格（在编辑器中设置“用空格代替 Tab”）。"),
    ("did not find expected node content",
     "此处缺少内容",
     "检查上一行是否多了符号，或列表、映射的写法是否完整。"),
    ("while scanning a quoted scalar",
     "引号没有闭合",
     "检查这一段文字开头和结尾的引号是否成对。"),
    ("while scanning an alias",
     "“*” 开头的文字被当作别名（引用）",
     "以 * 开头的文字要整个用引号括起来，如 '*每年*'。"),
    ("while scanning an anchor",
     "“&” 开头的文字被当作锚点",
     "以 & 开头的文字要整个用引号括起来，如 '&每年'。"),
    ("while scanning a tag",
     "“!” 开头的文字被当作标签",
     "以 ! 开头的文字要整个用引号括起来，如 '!重要'。"),
    ("while scanning a block scalar",
     "“|” 或 “>” 后面不能在同一行接着写文字",
     "多行文字写成 “键: |” 并在下一行缩进后开始写；只有一行文字时，把整段文字用引号括起来。"),
    ("while scanning a directive",
     "“%” 开头的行被当作 YAML 指令",
     "以 % 开头的文字要整个用引号括起来，如 '%20'。"),
    ("cannot start any token",
     "出现了不能作为内容开头的字符",
     "以 @、`、% 等符号开头的文字要用引号括起来；缩进只能用空格。"),
)


# errors libyaml places and names rightly (a bad escape in a quoted text): no other line is the cause
EXACT_MESSAGES = frozenset(f"YAML 格式错误：{message}" for pattern, message, _ in _TRANSLATIONS if "escape" in pattern)


def _syntax_problem(exc: MarkedYAMLError, text: str) -> LoadProblem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    lines = text.split("\n")
    if line > len(lines):  # libyaml places end-of-stream errors past the last line
        line, column = len(lines), len(lines[-1]) + 1
    english = " ".join(part for part in (exc.context, exc.problem) if part)
    for pattern, message, hint in _TRANSLATIONS:
        if pattern in english:
            return LoadProblem("Y101", line, column, f"YAML 格式错误：{message}", hint)
    return LoadProblem(
        "Y101", line, column, "YAML 格式错误：这里的写法无法识别",
        "检查这一行及上一行的缩进、冒号和引号：缩进只用空格，键和值之间用英文冒号加空格，"
        "以特殊符号开头的文字要整个用引号括起来。")
