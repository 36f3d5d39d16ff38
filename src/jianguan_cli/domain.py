"""Facts of the domain, taken from the district's 实施意见 (section numbers in comments)."""

from __future__ import annotations

import datetime as dt

# 四(一)1: what supervision of a retained item covers.
_RETAINED = ("履行法定义务", "审批条件符合性", "未经审批擅自从事")
_TAKEN_OVER = ("承接能力", "目录编制", "依法实施审批", "监督制约机制", *_RETAINED)

# Content topics each item category must cover (四(一)1-5).
CATEGORY_TOPICS: dict[str, tuple[str, ...]] = {
    "保留": _RETAINED,
    "取消": ("服务和产品质量", "垄断和不正当竞争", "信用管理", "收费行为", "信息公开"),
    "转移": ("承接组织资质条件", "工作质量绩效", "收费行为", "信息公开", "自律管理机制", "开展活动情况"),
    "承接下放": _TAKEN_OVER,
    "承接委托": _TAKEN_OVER,
    "前置改后置": ("证照衔接", "经营前取得许可", "未经许可擅自经营"),
}
INTERMEDIARY_TOPIC = "中介服务"

# What the 实施意见 says each topic means, for hints.
TOPIC_NOTES: dict[str, str] = {
    "履行法定义务": "行政相对人履行法定义务、提供产品或服务质量等情况（四(一)1）",
    "审批条件符合性": "从事审批事项活动是否符合审批时确定的条件、标准、范围、方式（四(一)1）",
    "未经审批擅自从事": "未经审批擅自从事相关活动的行为（四(一)1）",
    "中介服务": "涉审中介服务机构的服务质量、收费标准及资格资质（四(一)1）",
    "服务和产品质量": "原行政相对人提供的服务和产品质量是否符合行业标准（四(一)2）",
    "垄断和不正当竞争": "是否存在垄断和不正当竞争行为（四(一)2）",
    "信用管理": "信用管理制度建设情况（四(一)2）",
    "收费行为": "收费行为（四(一)2、3）",
    "信息公开": "信息公开情况（四(一)2、3）",
    "承接组织资质条件": "承接的社会组织资质条件（四(一)3）",
    "工作质量绩效": "承接组织的工作质量绩效（四(一)3）",
    "自律管理机制": "建立内部和行业自律管理机制的情况（四(一)3）",
    "开展活动情况": "承接组织开展活动情况（四(一)3）",
    "承接能力": "承接机关（受委托行政机关）的承接能力（四(一)4）",
    "目录编制": "承接事项的目录编制（四(一)4）",
    "依法实施审批": "实施审批过程中执行法律法规规定的条件、程序、期限、要求（四(一)4）",
    "监督制约机制": "建立行政审批监督制约机制的情况（四(一)4）",
    "证照衔接": "证照管理的有效衔接（四(一)5）",
    "经营前取得许可": "取得营业执照后、经营之前是否获得许可（四(一)5）",
    "未经许可擅自经营": "未办理许可证擅自从事生产经营活动的行为（四(一)5）",
}

# The seven kinds of supervision action required by 六(三), in document order.
ACTION_KINDS: dict[str, str] = {
    "daily": "日常监管",
    "periodic_check": "定期抽查",
    "random_check": "随机抽查",
    "special_inspection": "专项检查",
    "traceability": "源头追溯",
    "hazard_screening": "危险隐患排查",
    "major_case": "重大案件查处",
}

RANDOM_CHECK_METHOD = "双随机一公开抽查"

# Review workflow (六(三)): status, and the date field recorded when it is reached.
REVIEW_STAGES: tuple[tuple[str, str | None], ...] = (
    ("起草", None),
    ("已报送", "submitted"),
    ("编办审核通过", "bianban_approved"),
    ("法制审查通过", "legal_approved"),
    ("已公布", "published"),
)
STATUSES: tuple[str, ...] = tuple(status for status, _ in REVIEW_STAGES)
SUBMITTED = "已报送"
PUBLISHED = "已公布"
# each stage in two characters, for the columns of the status table
STAGE_SHORT: dict[str, str] = {"起草": "起草", "已报送": "报送", "编办审核通过": "编办", "法制审查通过": "法制",
                               "已公布": "公布"}
# each stage as the act that reaches it, for sentences such as "如果已经报送" (not "如果已经已报送")
STAGE_ACTS: dict[str, str] = {"已报送": "报送", "编办审核通过": "通过编办审核", "法制审查通过": "通过法制审查",
                              "已公布": "公布"}


def stage_index(status: object) -> int | None:
    """How far along the review workflow `status` is (0 for 起草), None for what is not a status."""
    return STATUSES.index(status) if isinstance(status, str) and status in STATUSES else None


def has_reached(status: object, stage: str) -> bool:
    """Whether a measure with `status` has reached `stage` (an unknown status has reached nothing)."""
    index = stage_index(status)
    return index is not None and index >= STATUSES.index(stage)


def parse_date(value: object) -> dt.date | None:
    """A review date as the schema writes it (2017-05-20), None for anything else."""
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None

# How older measures (the 2017 Word files every district keeps) head their sections, and where each goes:
# the path of the field the section fills (`jianguan import`). The schema's own titles are known as well;
# a heading found neither there nor here is reported, never guessed.
HEADING_SYNONYMS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("依据", "监管依据", "监督检查依据", "法律依据", "设定依据", "实施依据", "法律法规依据"), ("basis",)),
    **dict.fromkeys(("监督检查对象", "检查对象", "监督对象", "监管范围", "监管对象和范围"), ("objects",)),
    **dict.fromkeys(("监督检查内容", "检查内容", "监督内容", "监管重点", "监管内容和重点"), ("content",)),
    **dict.fromkeys(("监督检查方式", "检查方式", "监督方式", "监管方法"), ("methods",)),
    **dict.fromkeys(("监督检查措施", "检查措施", "监督措施", "具体监管措施"), ("actions",)),
    **dict.fromkeys(("监督检查程序", "检查程序", "工作程序", "监管流程", "检查流程", "监督检查流程"), ("procedure",)),
    **dict.fromkeys(("监督检查处理", "处理", "处理措施", "违法行为处理", "监督检查结果处理", "检查结果处理",
                     "违法违规行为的处理"), ("handling",)),
    **dict.fromkeys(("部门协同", "协作配合", "部门协作", "协同配合"), ("collaboration",)),
    **dict.fromkeys(("监管要求", "监督检查要求", "工作纪律"), ("requirements",)),
    **dict.fromkeys(("监督检查计划", "检查计划", "年度监管计划"), ("plan",)),
    **dict.fromkeys(("责任追究", "监管责任追究", "责任追究制度"), ("responsibility", "accountability")),
    **dict.fromkeys(("监督检查责任", "监管职责", "责任分工"), ("responsibility",)),
    **dict.fromkeys(("监管责任科室", "责任科室", "监管科室"), ("responsible_unit",)),
    **dict.fromkeys(("监管信息公开", "信息公示", "公开公示", "结果公开"), ("disclosure",)),
    **dict.fromkeys(("信用管理", "信用约束", "诚信管理"), ("credit",)),
    **dict.fromkeys(("举报投诉", "社会监督", "投诉举报方式", "投诉举报渠道"), ("complaints",)),
    **dict.fromkeys(("附则", "施行日期"), ("effective_date",)),
}
# How the title of a measure ends (its item name comes before): ours, then the older documents' own words.
MEASURE_TITLE_ENDINGS = ("事中事后监管办法", "事中事后监管制度", "事中事后监管实施办法", "事中事后监管实施细则",
                         "事中事后监督管理办法", "事中事后监管", "监督管理办法", "监督检查办法", "监管办法", "监管制度")
