"""Coverage (实施意见四(二)1 全覆盖): every catalogue item has exactly one measure."""

from __future__ import annotations

from jianguan_cli.findings import Problem
from jianguan_cli.rules.base import REPOSITORY, RepositoryContext, rule


@rule("V901", "missing-measure", "事项没有监管办法", stage=REPOSITORY)
def check_missing(ctx: RepositoryContext):
    """事项目录中的每个事项都必须有一份监管办法（实施意见四(二)1：事中事后监管制度全覆盖）。
    在 catalog.yaml 中该事项所在的行报告，并说明文件应放的位置。文件存在但无法读取的，
    由该文件自己的问题说明，不在这里重复报告。

    好的做法：目录中的 QLH-MZ-001 有 measures/mz/QLH-MZ-001.yaml。

    有问题的做法：目录中有 QLH-MZ-001，measures/ 中却没有它的监管办法
    （运行 ``jianguan new QLH-MZ-001`` 生成模板）。
    """
    for state in ctx.coverage.missing:
        item = state.item
        dept = ctx.catalog.departments.get(item.department)
        yield Problem(f"事项 {item.code}（{item.name}，{dept.short if dept else item.department}）没有监管办法",
                      f"在 {state.expected} 编写该事项的监管办法（可运行 jianguan new {item.code} 生成）。",
                      ("items", item.index), file=ctx.catalog.path, line=item.line, column=item.column)


@rule("V902", "duplicate-measure", "同一事项有多份监管办法", stage=REPOSITORY)
def check_duplicates(ctx: RepositoryContext):
    """一个事项只能有一份监管办法；两个文件写了同一个事项编码时，两个文件都会报告，
    提示中说明保留哪一份（放在 measures/部门编号/事项编码.yaml 的那一份）。

    好的做法：每个事项编码只出现在一个文件的 item.code 中。

    有问题的做法：measures/mz/QLH-MZ-001.yaml 和 measures/mz/养老机构.yaml 都写了
    ``code: QLH-MZ-001``。
    """
    expected = {state.item.code: state.expected for state in ctx.coverage.items}
    for code, summaries in ctx.coverage.duplicates.items():
        paths = [s.path for s in summaries]
        for summary in summaries:
            others = "、".join(path for path in paths if path != summary.path)
            line, column = summary.code_at
            yield Problem(f"事项 {code} 有多份监管办法：还有 {others}",
                          _keep_hint(summary.path, others, expected.get(code), paths),
                          ("item", "code"), file=summary.path, line=line, column=column)


def _keep_hint(path: str, others: str, expected: str | None, paths: list[str]) -> str:
    """Which file to keep: the one where the file of that item belongs, when there is one."""
    if path == expected:
        return f"这一份位置正确：把 {others} 中需要的内容合并到这里，然后删除 {others}。"
    if expected in paths:
        return f"保留位置正确的 {expected}：把本文件中需要的内容合并过去，然后删除本文件。"
    return "保留一份（位于 measures/部门编号/事项编码.yaml），合并内容后删除其余文件。"
