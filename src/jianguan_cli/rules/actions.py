"""The seven kinds of supervision action (实施意见六(三)) and their not-applicable reasons."""

from __future__ import annotations

from jianguan_cli.domain import ACTION_KINDS
from jianguan_cli.findings import Problem
from jianguan_cli.rules.base import RuleContext, rule

_VAGUE_REASONS = {"无", "不适用", "无此项", "略", "暂无", "没有", "不涉及", "n/a", "na", "none", "-", "/"}
MIN_REASON_LENGTH = 6


@rule("M402", "not-applicable-reason", "不适用理由不充分")
def check_not_applicable(ctx: RuleContext):
    """七类监管措施中确实不适用的一类，必须写明不适用的具体理由（至少 6 个字），
    不能只写“无”“不适用”“略”。

    好的写法::

        actions:
          hazard_screening:
            not_applicable: 该事项为资格认定，不涉及生产经营场所和设施设备，不存在危险隐患。

    有问题的写法::

        actions:
          hazard_screening:
            not_applicable: 无
    """
    actions = ctx.get("actions")
    if not isinstance(actions, dict):
        return
    for kind, label in ACTION_KINDS.items():
        reason = ctx.get("actions", kind, "not_applicable")
        if not isinstance(reason, str):
            continue
        text = reason.strip()
        if text.lower() in _VAGUE_REASONS or len(text) < MIN_REASON_LENGTH:
            yield Problem(
                f"“{label}”标为不适用，但没有写明具体理由（“{text}”）",
                "写明为什么该事项不需要这类措施，例如：该事项不涉及生产经营场所，不存在危险隐患。",
                ("actions", kind, "not_applicable"))
