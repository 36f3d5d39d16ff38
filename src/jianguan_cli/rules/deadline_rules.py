"""Deadlines of 实施意见六(三), checked by `jianguan check` against `[deadlines]` and `--today`."""

from __future__ import annotations

from jianguan_cli.domain import PUBLISHED, STATUSES, SUBMITTED
from jianguan_cli.findings import Problem
from jianguan_cli.rules.base import DEADLINE, RuleContext, rule
from jianguan_cli.summary import review_state


def _late(ctx: RuleContext, stage: str):
    if ctx.today is None or not isinstance(ctx.get("review"), dict):
        return  # a missing review section is the schema's finding, not a deadline's
    if review_state(ctx.data)[0] not in STATUSES:
        return  # a missing or misspelt status (已发布) is the schema's finding: how late is unknown
    for late in ctx.late:
        if late.stage == stage:
            yield Problem(late.message, late.hint, ("review", late.field))


@rule("D701", "submit-deadline", "报送逾期", stage=DEADLINE)
def check_submit_deadline(ctx: RuleContext):
    """监管办法须在报送期限（jianguan.toml 的 [deadlines] submit，七里河区为 5月30日）前报编办审核。
    过了期限仍为“起草”，或报送日期晚于期限，都会报告；没有设定期限时不检查。
    ``--today`` 可指定检查所用的日期。

    好的写法（期限 2017-05-30）::

        review:
          status: 已报送
          submitted: 2017-05-22

    有问题的写法（2017年6月1日检查时）::

        review:
          status: 起草
    """
    yield from _late(ctx, SUBMITTED)


@rule("D702", "publish-deadline", "公布逾期", stage=DEADLINE)
def check_publish_deadline(ctx: RuleContext):
    """监管办法须在公布期限（jianguan.toml 的 [deadlines] publish，七里河区为 6月30日）前公布。
    过了期限仍未“已公布”，或公布日期晚于期限，都会报告；没有设定期限时不检查。
    各部门可在 [deadlines.部门编号] 中另设期限。

    好的写法（期限 2017-06-30）::

        review:
          status: 已公布
          published: 2017-06-28

    有问题的写法::

        review:
          status: 已公布
          published: 2017-07-05
    """
    yield from _late(ctx, PUBLISHED)
