"""Random checks need a sampling ratio and published results (实施意见四(三)1、四(三)5)."""

from __future__ import annotations

from decimal import Decimal

from jianguan_cli.domain import RANDOM_CHECK_METHOD
from jianguan_cli.findings import Problem, Severity
from jianguan_cli.rules.actions import says_nothing
from jianguan_cli.rules.base import RuleContext, rule


def uses_random_checks(ctx: RuleContext) -> bool:
    """Whether the measure does random checks: the 双随机 method, or an applicable action."""
    methods = ctx.get("methods", default=[])
    action = ctx.get("actions", "random_check")
    # "random_check: 无" is M402's finding: it does not mean that random checks are made
    return (isinstance(methods, list) and RANDOM_CHECK_METHOD in methods) or (
        isinstance(action, str) and not says_nothing(action))


@rule("M403", "random-check-ratio", "缺少随机抽查比例")
def check_ratio(ctx: RuleContext):
    """开展随机抽查（监管方式含“双随机一公开抽查”，或 actions.random_check 适用）时，
    监管计划必须写明随机抽查比例 plan.random_check_ratio（按法定抽查比例，实施意见四(三)1）。

    好的写法::

        methods: [双随机一公开抽查]
        plan:
          cycle: 每年
          random_check_ratio: 20

    有问题的写法::

        methods: [双随机一公开抽查]
        plan:
          cycle: 每年
    """
    if uses_random_checks(ctx) and ctx.get("plan", "random_check_ratio") is None:
        at = ("plan",) if isinstance(ctx.get("plan"), dict) else ()
        yield Problem("开展随机抽查，但监管计划中没有随机抽查比例",
                      "在 plan 下添加 random_check_ratio，写百分比数字，如 random_check_ratio: 20 表示 20%。",
                      at, at_key=True)


@rule("M404", "random-check-disclosure", "未公开抽查结果")
def check_disclosure(ctx: RuleContext):
    """开展随机抽查时，信息公开（disclosure）中必须有一项公开“抽查结果”（随机抽样检验的，
    写“抽检结果”亦可；“双随机、一公开”，实施意见四(三)1、四(三)5）。

    好的写法::

        methods:
          - 双随机一公开抽查
        disclosure:
          - content: 抽查结果
            channel: 区政府门户网站
            deadline: 抽查结束之日起20个工作日内

    有问题的写法（开展随机抽查，却只公开审批结果）::

        methods:
          - 双随机一公开抽查
        disclosure:
          - content: 审批结果
            channel: 区政府门户网站
            deadline: 作出决定之日起7个工作日内
    """
    if not uses_random_checks(ctx) or not isinstance(ctx.get("disclosure"), list):
        return
    contents = [str(entry.get("content", "")) for _, entry in ctx.items_of("disclosure")]
    if not any(("抽查" in text or "抽检" in text) and "结果" in text for text in contents):
        yield Problem("开展随机抽查，但信息公开中没有公开抽查结果",
                      "在 disclosure 下添加一项：content: 抽查结果，并写明 channel 和 deadline。",
                      ("disclosure",), at_key=True)


@rule("M410", "random-check-ratio-fraction", "抽查比例写成了小数", Severity.WARNING)
def check_ratio_fraction(ctx: RuleContext):
    """随机抽查比例 plan.random_check_ratio 是百分比数字：写 20 表示 20%。写成 0 到 1 之间的小数
    （如 0.2），会按 0.2% 公布，多半是把 20% 写成了 0.2。确实只抽查不到 1% 时可以保留，
    或在 jianguan.toml 的 [rules] 中关闭本规则。

    好的写法::

        plan:
          random_check_ratio: 20

    有问题的写法（公布出来是 0.2%）::

        plan:
          random_check_ratio: 0.2
    """
    ratio = ctx.get("plan", "random_check_ratio")
    if isinstance(ratio, (int, float)) and not isinstance(ratio, bool) and 0 < ratio < 1:
        meant = format((Decimal(str(ratio)) * 100).normalize(), "f")  # decimal: 0.07 × 100 is 7, not 7.000000000000001
        yield Problem(f"随机抽查比例写成了 {ratio}，会按 {ratio}% 公布",
                      f"比例写百分比数字：如果是 {meant}%，改为 random_check_ratio: {meant}；"
                      "确实不到 1% 的可以保留。", ("plan", "random_check_ratio"))
