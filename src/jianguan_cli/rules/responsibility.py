"""Three levels of responsibility (实施意见六(一)) must be three different people."""

from __future__ import annotations

from itertools import combinations

from jianguan_cli.findings import Problem, Severity
from jianguan_cli.rules.base import RuleContext, rule

_LEVELS = {"first": "第一责任人", "main": "主要责任人", "direct": "直接责任人"}


@rule("M409", "responsibility-levels", "责任层级相同", Severity.WARNING)
def check_levels(ctx: RuleContext):
    """监管责任分三级（实施意见六(一)）：主要领导是第一责任人，分管领导是主要责任人，
    从事日常监管的工作人员是直接责任人。三级写成同一个人或同一个岗位，就没有分清责任。

    好的写法::

        responsibility:
          first: 区民政局局长
          main: 分管社会事务工作的副局长
          direct: 社会事务科承担日常监管工作的人员
          accountability: 依照有关规定追究相关人员责任。

    有问题的写法::

        responsibility:
          first: 区民政局局长
          main: 区民政局局长
          direct: 社会事务科
          accountability: 依照有关规定追究相关人员责任。
    """
    for (a, label_a), (b, label_b) in combinations(_LEVELS.items(), 2):
        value_a, value_b = ctx.get("responsibility", a), ctx.get("responsibility", b)
        if isinstance(value_a, str) and value_a.strip() and value_a.strip() == str(value_b).strip():
            yield Problem(f"{label_b}与{label_a}相同（“{value_b}”）",
                          f"{label_a}和{label_b}应是不同层级的人员：主要领导、分管领导、日常监管人员。",
                          ("responsibility", b))
