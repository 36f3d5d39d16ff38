"""Text rules: placeholders left in, and law titles without 《》."""

from __future__ import annotations

import re
from itertools import product
from functools import cache

from jianguan_cli.findings import Problem, Severity
from jianguan_cli.rules.base import RuleContext, rule
from jianguan_cli.safe_text import looks_like_formula
from jianguan_cli.resources import load_schema
from jianguan_cli.schema.index import SchemaIndex
from jianguan_cli.schema.suggestions import CURLY_PAIRS, as_yaml_line, inside_curly_quotes

_PLACEHOLDER = re.compile(r"TODO|FIXME|待填写|待补充|待完善|[×Ｘ]{2,}|[Xx]{3,}|[○〇]{2,}")
_TITLE = re.compile(r"^《[^《》]+》$")
_WRONG_MARKS = re.compile(r"^[<〈“\"'‘「『<]+(.+?)[>〉”\"'’」』>]+$")
# every placeholder holds one of these: `in` finds them in a whole file far faster than the regex
_PLACEHOLDER_SEEDS = ("TODO", "FIXME", "待填写", "待补充", "待完善", *map("".join, product("×Ｘ", repeat=2)),
                      *map("".join, product("Xx", repeat=3)), *map("".join, product("○〇", repeat=2)))
_PHONE = re.compile(r"\+?[\d\s()\-]+")


def _may_hold_placeholder(text: str) -> bool:
    """Whether the file's `text` may hold a placeholder (unknown text may; so does text with a
    backslash, which can write any character as an escape: "\\u5f85填写")."""
    return not text or "\\" in text or any(seed in text for seed in _PLACEHOLDER_SEEDS)


@rule("T601", "placeholder", "遗留占位符", marks_unfinished=True)
def check_placeholders(ctx: RuleContext):
    """模板中的占位符（TODO、待填写、×××、XXX 等）必须替换为实际内容后才能报送。

    好的写法::

        responsible_unit: 社会事务科

    有问题的写法::

        responsible_unit: ×××科
    """
    if not _may_hold_placeholder(ctx.text):
        return  # nothing in the whole file: no need to visit every string
    for path, text in ctx.strings:
        match = _PLACEHOLDER.search(text)
        if match:
            yield Problem(f"还有没填写的占位符“{match.group()}”",
                          "把占位符替换为实际内容。", path, needle=match.group())


@rule("T602", "law-title", "法规名称缺少书名号")
def check_law_titles(ctx: RuleContext):
    """监管依据的文件名称（basis[].title）必须用书名号《》括起来，且只写一个文件。

    好的写法::

        basis:
          - title: 《中华人民共和国行政许可法》

    有问题的写法::

        basis:
          - title: 中华人民共和国行政许可法
          - title: <中华人民共和国行政许可法>
    """
    for index, entry in ctx.items_of("basis"):
        title = entry.get("title")
        if not isinstance(title, str) or not title.strip() or _TITLE.match(title.strip()):
            continue
        inner = title.strip()
        wrong = _WRONG_MARKS.match(inner)
        inner = wrong.group(1) if wrong else inner.strip("《》")
        yield Problem(f"文件名称“{title}”没有用书名号《》括起来",
                      f"改为：title: 《{inner}》（一项只写一个文件，多个文件分成多项）。",
                      ("basis", index, "title"))


@rule("T603", "formula-like-text", "以公式符号开头的文字", Severity.WARNING)
def check_formula_like(ctx: RuleContext):
    """以 =、+、-、@ 开头（或以 Tab、回车开头）的文字，在 Excel 等电子表格中会被当作公式执行（“公式注入”）。
    jianguan export 会把它们作为文字导出，但别的系统导出、复制到表格中时可能不会，请核对是否写错。
    电话号码（如 +86 931 2331234）不报告。

    好的写法::

        responsible_unit: 社会事务科

    有问题的写法::

        responsible_unit: =社会事务科
    """
    for path, text in ctx.strings:
        if looks_like_formula(text) and not _PHONE.fullmatch(text):
            yield Problem(f"“{text[:20]}”以“{text[:1].replace(chr(9), 'Tab')}”开头，电子表格会把它当作公式",
                          "去掉开头的符号；确实需要时可以保留，jianguan export 会把它作为文字导出。", path)


@rule("T604", "curly-quoted-value", "整项内容加了中文引号", Severity.WARNING)
def check_curly_quotes(ctx: RuleContext):
    """整项内容用中文引号（“ ” 或 ‘ ’）括了起来（多为从 Word 中复制）：YAML 不把中文引号当作引号，
    它们是内容的一部分，会原样出现在公布的文件和网页上。去掉两边的引号即可；确实需要把整项内容
    按文字读取时，用英文引号（" "）括起来，英文引号不会公布。文字中间引用的词语（如 实行“双随机、一公开”）不报告。
    只能写规定值的项（审核状态、监管方式、日期等）加了中文引号是错误，由 S204、S206 报告；
    监管依据的文件名称由 T602 检查。

    好的写法::

        responsible_unit: 社会事务科
        objects:
          - 实行“先照后证”后未取得许可擅自经营的企业

    有问题的写法::

        responsible_unit: “社会事务科”
        objects:
          - ‘取得资格的企业’
    """
    for path, text in ctx.strings:
        inner = inside_curly_quotes(text) if text.lstrip()[:1] in CURLY_PAIRS else None
        if inner is None or _checked_by_schema(path) or (len(path) == 3 and path[0] == "basis" and path[2] == "title"):
            continue  # a status, a date or a law title in quotes is an error of its own (S204, S206, T602)
        yield Problem(f"整项内容“{inner[:20]}”两边加了中文引号{text.strip()[0]}{text.strip()[-1]}，引号会原样公布",
                      f"去掉两边的引号，改为：{as_yaml_line(path, inner)}（需要引号时用英文引号 \"…\"，它不会公布）。",
                      path)


@cache
def _measure_schema() -> SchemaIndex:
    return SchemaIndex(load_schema("measure"))


def _checked_by_schema(path: tuple) -> bool:
    """Whether the schema allows only certain values at `path` (a choice, a date, a code), not free text."""
    node = _measure_schema().at(path) or {}
    return "enum" in node or "format" in node or node.get("pattern", "\\S") != "\\S"
