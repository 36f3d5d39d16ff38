"""The review workflow (实施意见六(三)): stage dates, their order, and what publication needs."""

from __future__ import annotations

import datetime as dt
import re

from jianguan_cli.domain import PUBLISHED, REVIEW_STAGES, STAGE_ACTS, STATUSES, parse_date, stage_index
from jianguan_cli.findings import Problem
from jianguan_cli.rules.base import RuleContext, rule

_DOC_NUMBER = re.compile(r"^\S+?〔\d{4}〕[1-9]\d*号$")
_WRONG_YEAR_BRACKETS = re.compile(r"[\[［【(（〈<]\s*(\d{4})\s*[\]］】)）〉>]")


def _reached(ctx: RuleContext) -> int | None:
    return stage_index(ctx.get("review", "status"))


@rule("R501", "review-dates", "审核阶段缺少日期")
def check_stage_dates(ctx: RuleContext):
    """审核状态到达哪一步，之前每一步的日期都要填写：已报送 → submitted，
    编办审核通过 → bianban_approved，法制审查通过 → legal_approved，已公布 → published。
    还没到达的阶段不能先填日期。

    好的写法::

        review:
          status: 编办审核通过
          submitted: 2017-05-22
          bianban_approved: 2017-05-27

    有问题的写法（缺少 bianban_approved）::

        review:
          status: 编办审核通过
          submitted: 2017-05-22
    """
    reached = _reached(ctx)
    if reached is None:
        return
    for index, (status, key) in enumerate(REVIEW_STAGES):
        if key is None:
            continue
        value = ctx.get("review", key)
        if index <= reached and value is None:
            yield Problem(f"状态为“{STATUSES[reached]}”，但没有填写“{status}”的日期 {key}",
                          f"在 review 下添加 {key}: 年-月-日。", ("review", "status"))
        elif index > reached and value is not None:
            yield Problem(f"状态还是“{STATUSES[reached]}”，却填写了“{status}”的日期",
                          f"如果已经{STAGE_ACTS[status]}，把 status 改为 {status}；否则删除 {key}。", ("review", key))


@rule("R502", "review-order", "审核日期顺序不对")
def check_stage_order(ctx: RuleContext):
    """各阶段日期必须按先后顺序：报送 ≤ 编办审核通过 ≤ 法制审查通过 ≤ 公布。

    好的写法::

        review:
          status: 已报送
          submitted: 2017-05-22

    有问题的写法（编办审核早于报送）::

        review:
          status: 编办审核通过
          submitted: 2017-05-22
          bianban_approved: 2017-05-20
    """
    previous: tuple[str, dt.date] | None = None
    for status, key in REVIEW_STAGES[1:]:
        day = parse_date(ctx.get("review", key))
        if day is None:
            continue
        if previous is not None and day < previous[1]:
            yield Problem(f"“{status}”的日期 {day} 早于“{previous[0]}”的日期 {previous[1]}",
                          "核对日期：报送、编办审核、法制审查、公布应依次进行。", ("review", key))
        previous = (status, day)


@rule("R503", "publication-doc-number", "已公布但缺少文号")
def check_published_number(ctx: RuleContext):
    """已公布的监管办法以部门文件形式公布（实施意见六(三)），必须填写发文字号 review.doc_number。

    好的写法::

        review:
          status: 已公布
          doc_number: 七民发〔2017〕35号

    有问题的写法（已公布，却没有 doc_number）::

        review:
          status: 已公布
    """
    if ctx.get("review", "status") == PUBLISHED and not ctx.get("review", "doc_number"):
        yield Problem("已公布的监管办法缺少发文字号 doc_number",
                      "在 review 下添加 doc_number，如：doc_number: 七民发〔2017〕35号", ("review", "status"))


@rule("R504", "doc-number-format", "文号格式不对")
def check_doc_number_format(ctx: RuleContext):
    """发文字号按 GB/T 9704：年份用六角括号〔〕（不用 [ ] 或 ( )），序号不编虚位（不加 0）、
    不加“第”。监管依据中的文号也检查年份括号。

    好的写法::

        review:
          doc_number: 七民发〔2017〕35号

    有问题的写法::

        review:
          doc_number: 七民发[2017]035号
    """
    number = ctx.get("review", "doc_number")
    if isinstance(number, str) and number.strip():
        problem = _doc_number_problem(number.strip(), strict=True)
        if problem:
            yield Problem(f"发文字号“{number}”{problem[0]}", problem[1], ("review", "doc_number"))
    for index, entry in ctx.items_of("basis"):
        number = entry.get("doc_number")
        if isinstance(number, str):
            problem = _doc_number_problem(number, strict=False)
            if problem:
                yield Problem(f"文号“{number}”{problem[0]}", problem[1], ("basis", index, "doc_number"))


def _doc_number_problem(number: str, *, strict: bool) -> tuple[str, str] | None:
    """What is wrong with a document number and the corrected number, or None."""
    faults, fixed = [], number
    wrong = _WRONG_YEAR_BRACKETS.search(fixed)
    if wrong:
        faults.append("年份没有用六角括号〔〕")
        fixed = fixed[: wrong.start()] + f"〔{wrong.group(1)}〕" + fixed[wrong.end():]
    if strict and re.search(r"〕第", fixed):
        faults.append("序号前不应加“第”")
        fixed = fixed.replace("〕第", "〕")
    if strict and re.search(r"〕0+\d", fixed):
        faults.append("序号不应有前导 0")
        fixed = re.sub(r"〕0+(\d)", r"〕\1", fixed)
    if faults:
        return "：" + "，".join(faults), f"改为：{fixed}（〔〕可在输入法的符号表中找到）"
    if strict and not _DOC_NUMBER.match(number):
        return "格式不对", "发文字号写作 机关代字〔年份〕序号号，如 七民发〔2017〕35号。"
    return None


@rule("R505", "publication-url", "已公布但缺少网址")
def check_published_url(ctx: RuleContext):
    """已公布的监管办法必须填写至少一个公布网址 review.urls（本部门网站和区政府门户网站）。

    好的写法::

        review:
          status: 已公布
          urls:
            - http://www.qilihe.gov.cn/art/2017/6/28/art_1042_35.html

    有问题的写法（已公布，却没有 urls）::

        review:
          status: 已公布
    """
    urls = ctx.get("review", "urls")
    if ctx.get("review", "status") == PUBLISHED and not (isinstance(urls, list) and urls):
        yield Problem("已公布的监管办法缺少公布网址 urls",
                      "在 review 下添加 urls:，每行一个 “- http://…” 网址。", ("review", "status"))
