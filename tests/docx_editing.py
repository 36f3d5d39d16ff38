"""Editing rendered .docx files the way a clerk does in Word, for the `jianguan import` tests."""

from __future__ import annotations

import copy
import datetime as dt
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
from ruamel.yaml import YAML

from jianguan_cli.rendering.docx_body import methods_sentence

UNPRINTED = ("schema_version", "review", "revisions")


def render_docx(repo: Path, out: Path) -> Path:
    """`jianguan render --format docx` of the repository into `out`."""
    subprocess.run([sys.executable, "-m", "jianguan_cli", "render", "--format", "docx", "--no-cache", "--out", str(out)],
                   cwd=repo, check=True, capture_output=True)
    return out


def load_yaml(path: Path) -> dict:
    """A measure file's data, dates as ISO text."""
    return plain(YAML(typ="safe").load(path.read_text(encoding="utf-8")))


def plain(value):
    """Dates as ISO text, everything else as it is (YAML may load dates as dates or as text)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def printed(data: dict) -> dict:
    """The fields a printed page shows: all but the template version, the review state and the revisions."""
    return {k: v for k, v in plain(data).items() if k not in UNPRINTED}


def strip_hidden(path: Path) -> None:
    """Remove what the renderer hides in the file: the `jianguan` custom property, the codes in Keywords,
    the 文号 in Subject."""
    document = docx.Document(str(path))
    properties = document.core_properties
    properties.keywords = properties.subject = properties.title = properties.category = ""
    document.save(str(path))
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, content in entries:
            if info.filename == "docProps/custom.xml":
                continue
            if info.filename in ("[Content_Types].xml", "_rels/.rels"):
                content = re.sub(rb"<(?:Override|Relationship)[^>]*custom[.]xml\"[^>]*/>", b"", content)
            target.writestr(info, content)


def retype(paragraph, text: str, keep_head: bool = True) -> None:
    """Type `text` over a paragraph, keeping its run-in heading run (承接能力。) when it has one."""
    runs = paragraph.runs
    head = runs[0] if keep_head and len(runs) > 1 and runs[0].style.name.startswith("Run-in") else None
    rest = [run for run in runs if run is not head]
    if not rest:
        paragraph.add_run(text)
        return
    rest[0].text = text
    for run in rest[1:]:
        run.text = ""


def paragraph_with(document, predicate):
    """The first paragraph whose text satisfies `predicate`."""
    return next(p for p in document.paragraphs if predicate(p.text))


# --- one visible edit per printed field: (what it changes in the document, what it changes in the data) ----

def _edit_objects(document, data):
    old = data["objects"][0]
    retype(paragraph_with(document, lambda t: t == old), old + "（含分支机构）")
    data["objects"][0] = old + "（含分支机构）"


def _edit_content(document, data):
    entry = data["content"][-1]
    retype(paragraph_with(document, lambda t: t.startswith(entry["topic"] + "。")), "每半年核查一次，结果记入档案。")
    entry["text"] = "每半年核查一次，结果记入档案。"


def _edit_action(document, data):
    retype(paragraph_with(document, lambda t: t.startswith("日常监管：")), "每季度开展一次日常巡查，做好记录。")
    data["actions"]["daily"] = "每季度开展一次日常巡查，做好记录。"


def _edit_procedure(document, data):
    old = data["procedure"][-1]
    retype(paragraph_with(document, lambda t: t == old), "检查资料整理归档，永久保存。")
    data["procedure"][-1] = "检查资料整理归档，永久保存。"


def _edit_handling(document, data):
    entry = data["handling"][0]
    retype(paragraph_with(document, lambda t: t.startswith(entry["situation"] + "。")), "责令立即改正，并予以警告。")
    entry["action"] = "责令立即改正，并予以警告。"


def _edit_plan(document, data):
    retype(paragraph_with(document, lambda t: t.startswith("随机抽查比例：")), "35%")
    data["plan"]["random_check_ratio"] = 35


def _edit_responsibility(document, data):
    retype(paragraph_with(document, lambda t: t.startswith("第一责任人：")), "局党组书记、局长")
    data["responsibility"]["first"] = "局党组书记、局长"


def _edit_disclosure(document, data):
    entry = data["disclosure"][0]
    retype(paragraph_with(document, lambda t: t.startswith(entry["content"] + "。")),
           f"公开渠道：本局微信公众号；公开时限：{entry['deadline']}。")
    entry["channel"] = "本局微信公众号"


def _edit_methods(document, data):
    sentence = methods_sentence(data["methods"])
    paragraph = paragraph_with(document, lambda t: t == sentence)
    data["methods"] = data["methods"][:-1]
    retype(paragraph, methods_sentence(data["methods"]))


def _edit_effective_date(document, data):
    retype(paragraph_with(document, lambda t: t.startswith("本办法自")), "本办法自2017年8月1日起施行。")
    data["effective_date"] = "2017-08-01"


def _edit_basis(document, data):
    entry = data["basis"][0]
    paragraph = paragraph_with(document, lambda t: t.startswith(entry["title"]))
    number = f"（{entry['doc_number']}）" if entry.get("doc_number") else ""
    retype(paragraph, f"{entry['title']}{number}第十二条")
    entry["articles"] = "第十二条"


def _edit_responsible_unit(document, data):
    retype(paragraph_with(document, lambda t: t.startswith("监管责任科室：")), "行政审批股")
    data["responsible_unit"] = "行政审批股"


def _edit_complaints(document, data):
    retype(paragraph_with(document, lambda t: t.startswith("举报电话：")), "0931-2330000")
    data["complaints"]["phone"] = "0931-2330000"


def _edit_requirements(document, data):
    old = data["requirements"][0]
    retype(paragraph_with(document, lambda t: t == old), "严格执行“双随机、一公开”的有关规定。")
    data["requirements"][0] = "严格执行“双随机、一公开”的有关规定。"


def _edit_schedule(document, data):
    entry = data["plan"]["schedule"][0]
    retype(paragraph_with(document, lambda t: t.startswith(entry["period"] + "。")), "召开年度部署会。")
    entry["task"] = "召开年度部署会。"


EDITS = {"objects": _edit_objects, "content": _edit_content, "actions": _edit_action, "procedure": _edit_procedure,
         "handling": _edit_handling, "plan": _edit_plan, "responsibility": _edit_responsibility,
         "disclosure": _edit_disclosure, "methods": _edit_methods, "effective_date": _edit_effective_date,
         "basis": _edit_basis, "responsible_unit": _edit_responsible_unit, "complaints": _edit_complaints,
         "requirements": _edit_requirements, "schedule": _edit_schedule}


def edit_one_paragraph(docx_path: Path, data: dict, kind: str) -> dict:
    """Apply edit `kind` to the document (saved in place); returns the data with the same edit."""
    expected = copy.deepcopy(plain(data))
    document = docx.Document(str(docx_path))
    EDITS[kind](document, expected)
    document.save(str(docx_path))
    return expected


def applicable(kind: str, data: dict) -> bool:
    """Whether the measure prints what edit `kind` changes."""
    needs = {"plan": ("plan", "random_check_ratio"), "complaints": ("complaints", "phone"),
             "schedule": ("plan", "schedule"), "methods": ("methods", 1)}
    if kind in needs:
        outer, inner = needs[kind]
        value = data.get(outer)
        return isinstance(value, dict) and inner in value or isinstance(value, list) and len(value) > inner
    return kind in data or kind not in ("effective_date", "responsible_unit")


def edit_for(number: int, data: dict) -> str:
    """The edit for the `number`th measure: the kinds in turn, skipping those it does not print."""
    kinds = list(EDITS)
    return next(k for k in kinds[number % len(kinds):] + kinds if applicable(k, data))
