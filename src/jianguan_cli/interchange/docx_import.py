"""`jianguan import`: measures written or edited in Word (.docx) → their YAML files.

Only the visible text is read (docx_source → docx_layout → docx_measure). A document holding several
measures (a notice with attachments, a 汇编) gives one file per measure. The item code comes from a printed
事项编码, else from the catalogue by the item name in the title; the renderer's hidden record is trusted
only where it matches the printed title, and only for what the page never shows (review, revisions). A new
file is what `jianguan fmt` writes; an existing one is replaced only with --force, keeping its comments and
unprinted fields, and the change is shown as a diff.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from jianguan_cli.authoring.repository import schema_line
from jianguan_cli.catalog import Catalog, CatalogError, CatalogItem
from jianguan_cli.domain import STATUSES
from jianguan_cli.fileio import write_atomic
from jianguan_cli.findings import JianguanError, UsageError
from jianguan_cli.interchange.docx_layout import HeadingTable, MeasureText, measures_in
from jianguan_cli.interchange.docx_measure import (
    UNPRINTED,
    MeasureBuilder,
    fill_placeholders,
)
from jianguan_cli.interchange.docx_source import SourceDocument, read_docx
from jianguan_cli.interchange.docx_values import PLACEHOLDER, Unmapped
from jianguan_cli.interchange.measure_yaml import (
    MergeRefused,
    merged_text,
    new_text,
    unified_diff,
)
from jianguan_cli.linting.engine import open_catalog
from jianguan_cli.linting.files import display_path
from jianguan_cli.rendering.blank import blank_paragraphs
from jianguan_cli.rendering.docx import RECORD_VERSION
from jianguan_cli.rendering.viewmodel import MeasureView
from jianguan_cli.resources import load_schema
from jianguan_cli.safe_text import safe_name
from jianguan_cli.schema import SchemaIndex
from jianguan_cli.settings import Settings
from jianguan_cli.suggest import TITLE, closest

STDOUT = "-"


@dataclass
class ImportedMeasure:
    """One measure read from a document and what became of it."""

    source: str  # the document, as given
    name: str
    code: str
    data: dict
    unmapped: list[Unmapped] = field(default_factory=list)
    filled: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    pages_estimated: bool = True
    target: Path | None = None
    display: str = ""
    before: str | None = None
    text: str = ""
    written: bool = False
    refusal: str = ""
    item: CatalogItem | None = None
    doubtful: bool = False  # the item was found by a near name or the hidden record: the title needs checking

    @property
    def complete(self) -> bool:
        """Everything printed was mapped, the item found by its name, nothing left as 待填写."""
        return not self.unmapped and not self.filled and not self.doubtful

    @property
    def diff(self) -> str:
        """The change to the existing file (empty for a new file)."""
        return unified_diff(self.before, self.text, self.display) if self.before is not None else ""


@dataclass
class ImportReport:
    """All documents of one `jianguan import` run."""

    measures: list[ImportedMeasure] = field(default_factory=list)
    failures: list[JianguanError] = field(default_factory=list)
    stdout: str = ""

    @property
    def exit_code(self) -> int:
        """2 for a refused write, 1 for an unreadable document or anything left unmapped, else 0."""
        codes = [error.exit_code for error in self.failures]
        codes += [2 if m.refusal.startswith("已存在") else 1 for m in self.measures if m.refusal]
        codes += [1 for m in self.measures if not m.complete]
        return max(codes, default=0)


def import_documents(settings: Settings, files: list[Path], output: str | None, force: bool) -> ImportReport:
    """Read every document, then write each measure (or refuse to, saying why); nothing is printed here."""
    catalog = _catalog(settings)
    index = SchemaIndex(load_schema("measure"))
    report = ImportReport()
    for file in files:
        try:
            report.measures.extend(_read(file, index, catalog))
        except JianguanError as error:
            report.failures.append(error)
    targets = _targets(report.measures, settings, output)
    for measure, target in zip(report.measures, targets):
        _compose(measure, target, settings, index)
        if output == STDOUT:
            report.stdout += measure.text
        else:
            _write(measure, force)
    return report


def _catalog(settings: Settings) -> Catalog | None:
    try:
        return open_catalog(settings)
    except CatalogError as error:
        raise JianguanError(f"{error}：事项编码要按事项目录确定，请先改正事项目录（jianguan check 会说明原因）。") from None


def _read(file: Path, index: SchemaIndex, catalog: Catalog | None) -> list[ImportedMeasure]:
    source = read_docx(file)
    measures = measures_in(source.paragraphs, HeadingTable(index))
    if not measures:
        raise JianguanError(f"{file}：找不到监管办法的标题（以“事中事后监管办法”结尾的一行）和“一、监管依据”这样的章节标题，"
                            "不像一份监管办法；如果这是一份通知，请导入它的附件。", exit_code=1)
    builder = MeasureBuilder(index, blank_guidance(index))
    return [_imported(str(file), source, measure, builder, catalog, index) for measure in measures]


@lru_cache(maxsize=4)
def blank_guidance(index: SchemaIndex) -> frozenset[str]:
    """The explanations the blank 模版 prints: a clerk who leaves one in place has not filled that field."""
    return frozenset(text for kind, _, text in blank_paragraphs(MeasureView(index)) if kind != "heading")


def _imported(file: str, source: SourceDocument, measure: MeasureText, builder: MeasureBuilder,
              catalog: Catalog | None, index: SchemaIndex) -> ImportedMeasure:
    built = builder.build(measure)
    name = built.data["item"]["name"]
    imported = ImportedMeasure(file, name, "", built.data, built.unmapped, notes=list(source.notes),
                               pages_estimated=source.pages_estimated)
    hidden = _hidden_entry(source.record, measure, imported.notes)
    notes_before = len(imported.notes)
    imported.item, imported.code = _item_for(measure, name, catalog, hidden, imported.notes)
    imported.doubtful = len(imported.notes) > notes_before
    built.data["item"] = {"code": imported.code or PLACEHOLDER, "name": name}
    built.data.update(_unprinted(hidden, measure, index, imported.notes))
    imported.filled = fill_placeholders(built.data, index, imported.item)
    if not imported.code:
        imported.filled.insert(0, index.label(("item", "code")))
    return imported


def _hidden_entry(record: dict, measure: MeasureText, notes: list[str]) -> dict:
    """The renderer's record of this measure, when it matches the printed title; {} otherwise."""
    if not record:
        return {}
    title = "".join(p.text for p in measure.title).replace("\n", "")
    entries = record.get("measures") if record.get("version") == RECORD_VERSION else None
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and (str(entry.get("title", "")).replace("\n", "") == title
                                        or entry.get("name") == measure.name):
            return entry
    notes.append("文件属性中的 jianguan 数据与正文的标题不符（可能是旧版本留下的），已忽略")
    return {}


def _key(name: str) -> str:
    """An item name as compared: full-width brackets and letters as half-width, no spaces."""
    return "".join(unicodedata.normalize("NFKC", name).split())


def _item_for(measure: MeasureText, name: str, catalog: Catalog | None, hidden: dict,
              notes: list[str]) -> tuple[CatalogItem | None, str]:
    """The catalogue item and code: the printed 事项编码, else the item name, else the hidden record's code."""
    items = catalog.items if catalog is not None else {}
    if measure.code:
        if measure.code not in items:
            notes.append(f"文中的事项编码 {measure.code} 不在事项目录中")
        return items.get(measure.code), measure.code
    by_name = {_key(item.name): item for item in items.values()}
    if _key(name) in by_name:
        item = by_name[_key(name)]
        return item, item.code
    code = str(hidden.get("code", ""))
    if code in items:
        notes.append(f"事项名称“{name}”不在事项目录中，按文件属性中的事项编码 {code}（{items[code].name}）导入，请核对标题")
        return items[code], code
    close = closest(_key(name), by_name, TITLE)
    if close:
        item = by_name[close]
        notes.append(f"事项名称“{name}”不在事项目录中，按最接近的事项 {item.code}（{item.name}）导入，请核对标题")
        return item, item.code
    notes.append(f"事项目录中没有名为“{name}”的事项，无法确定事项编码")
    return None, ""


def _unprinted(hidden: dict, measure: MeasureText, index: SchemaIndex, notes: list[str]) -> dict:
    """schema_version, review and revisions: from the matching hidden record, else a fresh 起草 review."""
    review = hidden.get("review") if isinstance(hidden.get("review"), dict) else {"status": STATUSES[0]}
    review = _dated(dict(review), ("review",), index)
    if measure.doc_number and review.get("doc_number") != measure.doc_number:
        if review.get("doc_number"):
            notes.append(f"发文字号按文中印的 {measure.doc_number} 导入（原为 {review['doc_number']}）")
        review["doc_number"] = measure.doc_number
    values = {"schema_version": 1, "review": review}
    if isinstance(hidden.get("revisions"), list) and hidden["revisions"]:
        values["revisions"] = _dated(hidden["revisions"], ("revisions",), index)
    return values


def _dated(value, path: tuple, index: SchemaIndex):
    """The hidden record's dates (JSON text) as dates again, so they read as the source file wrote them."""
    if isinstance(value, dict):
        return {k: _dated(v, (*path, k), index) for k, v in value.items()}
    if isinstance(value, list):
        return [_dated(v, (*path, n), index) for n, v in enumerate(value)]
    if isinstance(value, str) and (index.at(path) or {}).get("format") == "date":
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


# --- where each measure goes ------------------------------------------------------------------------------


def _targets(measures: list[ImportedMeasure], settings: Settings, output: str | None) -> list[Path | None]:
    if output is None:
        return [_repository_target(m, settings) for m in measures]
    if output == STDOUT or not Path(output).is_dir():
        if len(measures) > 1:
            where = "标准输出" if output == STDOUT else f"一个文件 {output}"
            raise UsageError(f"这些文件中有 {len(measures)} 份监管办法，不能都写到{where}：--output 请写一个已有的文件夹"
                             "（每份办法一个文件），或不加 --output（写到 measures/部门编号/事项编码.yaml）。")
        return [None if output == STDOUT else Path(output)]
    return [Path(output) / (f"{safe_name(m.code)}.yaml" if m.code else f"待填写-{number}.yaml")
            for number, m in enumerate(measures, start=1)]


def _repository_target(measure: ImportedMeasure, settings: Settings) -> Path | None:
    if measure.item is None:
        measure.refusal = ("不知道写到哪个文件：事项目录中找不到这个事项。请核对标题中的事项名称，"
                           "或用 --output 指定文件。")
        return None
    return settings.measures_path / safe_name(measure.item.department) / f"{safe_name(measure.code)}.yaml"


def _compose(measure: ImportedMeasure, target: Path | None, settings: Settings, index: SchemaIndex) -> None:
    """The YAML text for `target`: merged into the existing file, or a new one."""
    if measure.refusal:
        return
    measure.target = target
    where = target or settings.measures_path / "_" / "_.yaml"
    line = schema_line(settings.root, where)
    measure.display = display_path(target, settings.root) if target is not None else STDOUT
    notes = [_note_line(u, measure.pages_estimated) for u in measure.unmapped if u.paragraph is not None and u.lost]
    try:
        if target is not None and target.is_file():
            measure.before = target.read_text(encoding="utf-8", errors="replace")
            printed = tuple(k for k in index.properties(()) if k not in UNPRINTED)
            measure.text = merged_text(measure.before, measure.data, printed, index, line, notes)
        else:
            measure.text = new_text(_schema_ordered(measure.data, index), index, line, notes)
    except (MergeRefused, OSError) as error:
        measure.refusal = f"{measure.display}：{error}"


def _note_line(unmapped: Unmapped, estimated: bool) -> str:
    paragraph = unmapped.paragraph
    return f"{paragraph.where(estimated)}：{paragraph.text}"


def _schema_ordered(data: dict, index: SchemaIndex) -> dict:
    known = list(index.properties(()))
    return {k: data[k] for k in sorted(data, key=lambda k: known.index(k) if k in known else len(known))}


def _write(measure: ImportedMeasure, force: bool) -> None:
    if measure.refusal or measure.target is None:
        return
    if measure.before == measure.text:
        return
    if measure.target.is_symlink():
        measure.refusal = f"{measure.display} 是符号链接，jianguan import 不覆盖它。"
        return
    if measure.before is not None and not force:
        measure.refusal = f"已存在 {measure.display}：加 --force 覆盖（保留注释和审核信息，改动见上面的对比）。"
        return
    try:
        measure.target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(measure.target, measure.text)
    except OSError as error:
        measure.refusal = f"无法创建文件夹 {measure.target.parent}：{error.strerror or error}"
    except JianguanError as error:
        measure.refusal = str(error)
    else:
        measure.written = True
