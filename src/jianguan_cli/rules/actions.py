"""The seven kinds of supervision action (实施意见六(三)) and their not-applicable reasons."""

from __future__ import annotations

import re
import unicodedata

from jianguan_cli.domain import ACTION_KINDS
from jianguan_cli.findings import Problem
from jianguan_cli.rules.base import RuleContext, rule

# Words that stand in for text without saying anything, compared with punctuation and spaces removed.
_EMPTY_WORDS = {"", "无", "略", "不适用", "无此项", "暂无", "没有", "不涉及", "同上", "见上", "见下", "同前",
                "待定", "另定", "另行规定", "无内容", "空", "n/a", "na", "none", "nil", "null"}
# "see elsewhere": the published measure must say it itself
_REFERENCE = re.compile(r"^(?:详见|参见|见上|见下|见附件)")
MIN_REASON_LENGTH = 6
_LONGEST_EMPTY_WORD = max(map(len, _EMPTY_WORDS))
_HEAD = 16  # characters: a text whose first ones hold more than an empty word says something


def _bare(text: str) -> str:
    """`text` lower-cased without punctuation, symbols and spaces (“无。” and “ - ” say the same as 无 and -)."""
    return "".join(c for c in text.lower() if unicodedata.category(c)[0] not in "PSZC")


def says_nothing(text: str) -> bool:
    """Whether a text only stands in for content: 无, 略, 同上, 详见附件, “-”, “/” and the like."""
    head = _bare(text[:_HEAD])  # what the empty words and references are decided by
    if _REFERENCE.match(head):
        return True
    return len(head) <= _LONGEST_EMPTY_WORD and _bare(text) in _EMPTY_WORDS


@rule("M402", "not-applicable-reason", "监管措施或不适用理由没有实际内容")
def check_not_applicable(ctx: RuleContext):
    """七类监管措施每一类都要写出具体做法；确实不适用的一类，必须写明不适用的具体理由（至少 6 个字）。
    只写“无”“略”“不适用”“同上”“见上”“暂无”“待定”“详见附件”“-”“/”之类的文字，等于什么也没写：
    写成措施的文字或写成不适用的理由，都报告。

    好的写法::

        actions:
          daily: 审查企业每年3月31日前报送的年度报告，核对人员、设备和场地变化情况。
          hazard_screening:
            not_applicable: 该事项为资格认定，不涉及生产经营场所和设施设备，不存在危险隐患。

    有问题的写法::

        actions:
          daily: 同上
          traceability: 无
          hazard_screening:
            not_applicable: 无
    """
    if not isinstance(ctx.get("actions"), dict):
        return
    for kind, label in ACTION_KINDS.items():
        action = ctx.get("actions", kind)
        if isinstance(action, str) and says_nothing(action):
            yield Problem(
                f"“{label}”只写了“{action.strip()}”，没有写出具体的监管措施",
                "写明这类措施具体怎样做（由谁、多久一次、查什么）；确实不适用的，改为“"
                f"{kind}:”，下一行缩进写“not_applicable: 不适用的具体理由”。", ("actions", kind))
        reason = ctx.get("actions", kind, "not_applicable")
        if isinstance(reason, str) and (says_nothing(reason) or len(reason.strip()) < MIN_REASON_LENGTH):
            yield Problem(
                f"“{label}”标为不适用，但没有写明具体理由（“{reason.strip()}”）",
                "写明为什么该事项不需要这类措施，例如：该事项不涉及生产经营场所，不存在危险隐患。",
                ("actions", kind, "not_applicable"))
