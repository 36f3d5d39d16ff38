"""The blank 模版 (实施意见附件1) for departments still drafting in Word: the sections of a rendered measure,
numbered the same way, each with guidance in plain Chinese and no YAML key names."""

from __future__ import annotations

import re

from jianguan_cli.rendering.docx_compose import Composer
from jianguan_cli.rendering.viewmodel import FOLDED, MeasureView

BLANK_TITLE = "××××（事项）事中事后监管办法（模版）"
BLANK_CLOSING = "本办法自××××年×月×日起施行。"
# Where the schema's description speaks of YAML keys, the 模版 says it in words.
GUIDANCE = {
    "content": "按事项类别逐项列出实施意见四(一)规定的监管要点，每个要点写明具体监管什么。",
    "actions": "实施意见六(三)要求的七类具体监管措施，每类写明做法；确实不适用的，写明“不适用”和具体理由。",
    "handling": "发现问题后的处理办法：逐一写明违法违规情形和对该情形采取的处理措施。",
    "methods": "从书面检查、实地检查、定期抽验、“双随机、一公开”抽查、“飞行检查”、专项督查、网络核查、"
               "抽样检查、检验、检测、第三方评估、调查访问、信用监管、在线监测中选择，写成一句话。",
}
_KEY_MENTION = re.compile(r"（[A-Za-z_.<>/ ]+）|\s*[A-Za-z_]+(:\s*\S+)?\s*")


def guidance(view: MeasureView, path: tuple) -> str:
    """The Chinese guidance for the value at `path`, without key names."""
    text = GUIDANCE.get(path[-1]) if len(path) == 1 else None
    return text or _KEY_MENTION.sub("", (view.index.at(path) or {}).get("description", ""))


def blank_paragraphs(view: MeasureView):
    """The 模版's paragraphs after its title, as (kind, run-in heading, text): kind is heading, guidance or item."""
    for key in view.section_keys({k: None for k in view.index.properties(())}):
        yield "heading", "", view.title((key,))
        yield "guidance", "", guidance(view, (key,))
        folded = [(k,) for k, into in FOLDED.items() if into == key]
        for path in folded + [(key, name) for name in view.index.properties((key,))]:
            yield "item", f"{view.title(path)}：", guidance(view, path)
        columns = list(view.index.properties((key, 0)))
        if columns:
            yield "guidance", "", "每项写明：" + "、".join(view.title((key, 0, c)) for c in columns) + "。"
    yield "guidance", "", BLANK_CLOSING


def write_blank(out: Composer, view: MeasureView) -> None:
    """Title, every section in the printed order with its guidance and numbered fields, the closing line."""
    out.title(BLANK_TITLE)
    out.restart_numbering()
    for kind, head, text in blank_paragraphs(view):
        if kind == "heading":
            out.heading(1, text)
        elif kind == "item":
            out.item(2, head, text)
        else:
            out.paragraph(text)
