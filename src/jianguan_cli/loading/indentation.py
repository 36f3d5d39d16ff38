"""A line indented by an odd number of spaces in a file that still parses: a slip of the space bar.

Where siblings disagree YAML fails and `causes` names the line. A sole child indented by 3
spaces (or 1) parses as meant, but it is the same slip, and the next key typed beside it
will not line up: it is a warning on that line. A file whose own style is odd indents is
left alone.
"""

from __future__ import annotations

import re

from jianguan_cli.loading.problems import LoadProblem
from jianguan_cli.loading.traps import indent_of, syntax_lines

# More odd lines than this and they are the file's style, not a slip.
_MOST_SLIPS = 3
_ODD_LINE = re.compile(r"^(?:  )* (?! )", re.M)
_OPENS_BLOCK = re.compile(r"(?::|^[ ]*-)[ ]*(?:[|>][0-9+-]*)?[ ]*(?:#.*)?$")


def odd_indents(text: str) -> list[LoadProblem]:
    """Warnings for key and list lines indented by an odd number of spaces (continuation lines aside)."""
    if not _ODD_LINE.search(text):  # the usual file: one regex pass in C
        return []
    slips: list[LoadProblem] = []
    previous = ""
    for number, line in syntax_lines(text.split("\n")):
        indent = indent_of(line)
        if line[indent].isspace():  # a tab or an odd space in the indent: Y104/Y105 say so
            continue
        continues = indent > indent_of(previous) and not _OPENS_BLOCK.search(previous)
        if not continues:
            previous = line
            if indent % 2:
                slips.append(_slip(number, indent))
    return slips if len(slips) <= _MOST_SLIPS else []


def _slip(number: int, indent: int) -> LoadProblem:
    return LoadProblem(
        "Y114", number, indent + 1,
        f"这一行缩进了 {indent} 个空格：监管办法每层缩进 2 个空格，多一个或少一个空格容易让下一行对不齐",
        f"改为缩进 {indent - 1} 或 {indent + 1} 个空格，与上一层的键差 2 个空格；运行 jianguan fmt 会统一缩进。")
