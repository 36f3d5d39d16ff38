"""The content topics an item's category requires (实施意见四(一))."""

from __future__ import annotations

from jianguan_cli.domain import CATEGORY_TOPICS, INTERMEDIARY_TOPIC, TOPIC_NOTES
from jianguan_cli.findings import Problem
from jianguan_cli.rules.base import RuleContext, rule
from jianguan_cli.schema.suggestions import inside_curly_quotes


@rule("M401", "category-topics", "监管内容缺少要点", needs_catalog=True, quick_fix="topics")
def check_topics(ctx: RuleContext):
    """监管内容（content）必须覆盖事项类别要求的全部监管要点（实施意见四(一)）。

    - 保留：履行法定义务、审批条件符合性、未经审批擅自从事；涉审中介服务的另加 中介服务；
    - 取消：服务和产品质量、垄断和不正当竞争、信用管理、收费行为、信息公开；
    - 转移：承接组织资质条件、工作质量绩效、收费行为、信息公开、自律管理机制、开展活动情况；
    - 承接下放、承接委托：承接能力、目录编制、依法实施审批、监督制约机制，以及保留类的全部要点；
    - 前置改后置：证照衔接、经营前取得许可、未经许可擅自经营。

    好的写法（前置改后置事项）::

        content:
          - topic: 证照衔接
            text: 接收市场监管部门推送的登记信息，及时认领。
          - topic: 经营前取得许可
            text: 核查取得营业执照的主体在经营前是否取得许可。
          - topic: 未经许可擅自经营
            text: 依法查处未取得许可擅自经营的行为。

    有问题的写法（缺少 证照衔接 和 未经许可擅自经营）::

        content:
          - topic: 经营前取得许可
            text: 核查取得营业执照的主体在经营前是否取得许可。
    """
    item = ctx.item
    if item is None or not isinstance(ctx.get("content"), list):
        return
    required = list(CATEGORY_TOPICS.get(item.category, ()))
    if item.intermediary:
        required.append(INTERMEDIARY_TOPIC)
    topics = [entry.get("topic") for _, entry in ctx.items_of("content")]
    present = {topic for topic in topics if isinstance(topic, str)}
    # a topic in quotes pasted from Word (“证照衔接”) is S204's finding, not a missing topic
    present |= {inside_curly_quotes(topic) for topic in present}
    for topic in required:
        if topic not in present:
            yield Problem(
                f"监管内容缺少“{item.category}”类事项必须包含的要点：{topic}",
                f"在 content 下添加 “- topic: {topic}” 和 text，写明对{TOPIC_NOTES[topic]}的监管。",
                ("content",), at_key=True)
