"""Valid YAML that silently means something else than the clerk typed.

A plain scalar goes on over the next lines for as long as they are indented deeper than its
key or dash, whatever they hold: a deeper "- b" becomes part of the item above ("a - b"), and
each line break becomes a space, which splits a Chinese sentence ("3月31日前 报送"). An " #"
ends a plain value and starts a comment, so "民政局 #3号楼" publishes only "民政局".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from jianguan_cli.loading.problems import LoadProblem

# CJK ideographs, CJK punctuation (、。「」《》), full-width forms (，：！) and the quotes, dashes and
# ellipsis Chinese text shares with English (“”‘’——……)
_CJK = re.compile(r"[\u2014\u2018-\u201d\u2026\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_COMMENT_AFTER_VALUE = re.compile(r"[ \t]*#(?P<text>\S.*)")
_CONTENT_AFTER_HASH = re.compile(r"[\d\u3400-\u4dbf\u4e00-\u9fff]")


def _scalars(root) -> Iterator[ScalarNode]:
    """Every scalar value of the tree (keys aside), without recursion."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, ScalarNode):
            yield node
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            stack.extend(value for _, value in node.value)


def find_hidden_meanings(text: str, root, multi_line: list[ScalarNode] | None = None) -> list[LoadProblem]:
    """Folded list items (Y121), Chinese text split by a line break (Y122), content cut off as a comment (Y123).

    `multi_line` are the scalars that span lines, when the caller has them (the converter notes
    them on its way): then the tree is walked only for a file with an " #" in it.
    """
    comments = " #" in text or "\t#" in text
    single: list[ScalarNode] = []
    if multi_line is None or comments:
        scalars = list(_scalars(root))
        multi_line = [node for node in scalars if node.start_mark.line != node.end_mark.line]
        single = [node for node in scalars if node.start_mark.line == node.end_mark.line] if comments else []
    if not (multi_line or single):
        return []
    lines = text.split("\n")
    problems: list[LoadProblem] = []
    for node in multi_line:
        if node.style in (None, "", '"', ">"):
            problems.extend(_folded_lines(node, lines))
    for node in single:
        if not node.style:
            problems.extend(_cut_by_comment(node, lines))
    return sorted(problems, key=lambda p: (p.line, p.column))


def _continuations(node: ScalarNode, lines: list[str]) -> Iterator[tuple[int, str, str]]:
    """(0-based line, the scalar's text on the line before, this line) for each line a multi-line scalar goes on to."""
    for number in range(node.start_mark.line + 1, node.end_mark.line + 1):
        previous, line = lines[number - 1], lines[number]
        if number - 1 == node.start_mark.line:
            previous = previous[node.start_mark.column:]  # without the key or the "- " before the value
        if line.strip() and previous.strip():  # after an empty line YAML keeps a line break: no space
            yield number, previous, line


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _looks_like_item(node: ScalarNode, line: str) -> bool:
    return not node.style and re.match(r"-(?:\s|$)", line.lstrip(" ")) is not None


def _item_dash(node: ScalarNode, lines: list[str]) -> int | None:
    """The column of the "- " before `node` when it is an item of a block list, else None."""
    before = lines[node.start_mark.line][:node.start_mark.column].rstrip(" ")
    return len(before) - 1 if before.endswith("-") and before[:-1].strip(" -") == "" else None


def _folded_lines(node: ScalarNode, lines: list[str]) -> Iterator[LoadProblem]:
    for number, previous, line in _continuations(node, lines):
        column = _indent(line)
        if _looks_like_item(node, line):
            yield _folded_item(_item_dash(node, lines), node.start_mark.line + 1, number, column, previous, line)
        elif _joins_cjk(previous, line[column:]) and _folds(node, previous, line):
            yield LoadProblem(
                "Y122", number + 1, column + 1,
                f"中文句子在这里换了行，YAML 读取时把换行变成了空格（读成“{_around_break(previous, line)}”）",
                "把这一行接到上一行末尾，不留空格；或运行 jianguan fmt --fix 自动接上。")


def _folded_item(dash: int | None, dash_line: int, number: int, column: int, previous: str,
                 line: str) -> LoadProblem:
    if dash is not None and dash % 2 and not column % 2:
        hint = (f"第 {dash_line} 行的 “-” 缩进了 {dash} 个空格，不是 2 的倍数：把它改为缩进 {column} 个空格，"
                "与这一行对齐，这一行就是新的一项。")
    elif dash is not None:
        hint = (f"这一行如果是新的一项，把 “-” 与上面各项的 “-” 对齐（行首 {dash} 个空格）；"
                "如果确实是上一项文字的一部分，把它接到上一行末尾。")
    else:
        hint = "这一行如果是列表的一项，让 “-” 与同一列表其他项的 “-” 对齐；如果是上一行文字的一部分，把它接到上一行末尾。"
    return LoadProblem(
        "Y121", number + 1, column + 1,
        f"这一行看起来是列表项，但缩进比上面的内容深，YAML 把它并入了上一项的文字（读成“…{_around_break(previous, line)}…”）",
        hint)


def _folds(node: ScalarNode, previous: str, line: str) -> bool:
    """Whether YAML turns the line break before `line` into a space: not after an escaped break in
    double quotes, nor in a `>` block where either line is indented more (those keep their breaks)."""
    if node.style == '"':
        return not previous.rstrip().endswith("\\")
    if node.style == ">":
        return _indent(previous) == _indent(line)
    return True


def _joins_cjk(previous: str, following: str) -> bool:
    before = previous.rstrip()
    return bool(before) and bool(following) and bool(_CJK.match(before[-1])) and bool(_CJK.match(following[0]))


def _around_break(previous: str, line: str) -> str:
    """The text on both sides of a folded line break, as YAML reads it."""
    return f"{previous.strip()[-8:]} {line.strip()[:10]}"


def _short(value: str) -> str:
    return value if len(value) <= 30 else value[:30] + "…"


def _cut_by_comment(node: ScalarNode, lines: list[str]) -> Iterator[LoadProblem]:
    line = lines[node.end_mark.line]
    comment = _COMMENT_AFTER_VALUE.match(line, node.end_mark.column)
    # a Chinese value, or none at all ("address: #3号楼"), followed by what reads as more of it
    if comment is None or not (_CJK.search(node.value) or not node.value) \
            or not _CONTENT_AFTER_HASH.match(comment.group("text")):
        return
    hash_column = comment.start("text") - 1
    cut = line[hash_column:].rstrip()
    value = f"读成“{_short(node.value)}”" if node.value else "读成空值，没有填写"
    quoted = f"{node.value} {cut}" if node.value else cut
    yield LoadProblem(
        "Y123", node.end_mark.line + 1, hash_column + 1,
        f"“{cut[:20]}”被当作注释，不是内容：“#”前有空格（或在值的开头）时，后面的文字都是注释（这一项{value}）",
        f"如果“{cut[:20]}”是内容，把整项用英文引号括起来，如 \"{quoted}\"；或改用全角“＃”。")


def join_cjk_line_breaks(text: str, root) -> tuple[str, list[str]]:
    """`text` with each Chinese sentence that Y122 finds split over lines joined without a space; and what was joined."""
    breaks = [p.line for p in find_hidden_meanings(text, root) if p.rule == "Y122"]
    lines = text.split("\n")
    for line in sorted(breaks, reverse=True):  # from the bottom, so the numbers above stay right
        lines[line - 2] = lines[line - 2].rstrip() + lines[line - 1].lstrip()
        del lines[line - 1]
    return "\n".join(lines), [f"第 {line} 行：中文句子中间的换行接上，不留空格" for line in sorted(breaks)]


def unfolded(text: str, root) -> str | None:
    """`text` with each list item that Y121 finds folded into the item above moved out to its list, or None.

    The lint rules then check the list as the clerk meant it: a folded step is not reported again
    as a missing step (S205), nor "书面检查 - 实地检查" as an unknown method (S204).
    """
    lines = text.split("\n")
    changed = False
    for node in _scalars(root):
        dash = None if node.style or node.start_mark.line == node.end_mark.line else _item_dash(node, lines)
        if dash is None:
            continue
        shift = 0
        for number in range(node.start_mark.line + 1, node.end_mark.line + 1):
            line = lines[number]
            if _looks_like_item(node, line):
                shift = _indent(line) - dash
                lines[number], changed = " " * dash + line.lstrip(" "), True
            elif shift and line.strip():  # the item's own next lines move with it, staying inside it
                lines[number] = " " * max(dash + 2, _indent(line) - shift) + line.lstrip(" ")
    return "\n".join(lines) if changed else None
