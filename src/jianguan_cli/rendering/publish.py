"""`jianguan render`: what may be published, and writing it without losing the rest of the output.

The public output holds only measures whose status is 已公布; `--drafts` renders every measure
for internal review into its own folder, each unpublished one marked. A render of some measures
(`render CODE…`, `--department`) regenerates those and the index and department pages, keeps
every other file, and removes only the pages of measures that are no longer to be shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import TemplateError

from jianguan_cli.coverage import Coverage, ItemState
from jianguan_cli.domain import PUBLISHED
from jianguan_cli.findings import Finding, JianguanError, Severity, UsageError
from jianguan_cli.results import LintResult
from jianguan_cli.linting.engine import marks_unfinished
from jianguan_cli.loading import load_file
from jianguan_cli.rendering.html import HtmlSite, fragment_page, measure_page
from jianguan_cli.rendering.output import OutputFolder, Protected, existing_outputs
from jianguan_cli.rendering.templates import confined_file, template_folders
from jianguan_cli.rendering.viewmodel import MeasureView
from jianguan_cli.resources import load_schema, template_dir
from jianguan_cli.safe_text import safe_name
from jianguan_cli.schema import SchemaIndex
from jianguan_cli.settings import Settings

RENDER_FORMATS = ("html", "docx", "pdf")
DRAFTS_FOLDER = "drafts"
_MANAGED = ("measures/", "departments/", "fragments/")  # what renders write; anything else is left alone


def parse_formats(text: str) -> tuple[str, ...]:
    """`--format html,docx` → ("html", "docx"); anything else is a usage error."""
    formats = tuple(dict.fromkeys(name.strip() for name in text.split(",") if name.strip()))
    if not formats or any(name not in RENDER_FORMATS for name in formats):
        raise UsageError(f"--format 只能是 {'、'.join(RENDER_FORMATS)}（可用逗号分隔），现在是“{text}”。")
    return formats


@dataclass(frozen=True)
class RenderRequest:
    """What `jianguan render` was asked for."""

    formats: tuple[str, ...] = ("html",)
    codes: tuple[str, ...] = ()
    department: str | None = None
    drafts: bool = False
    fragment: bool = False
    out: Path | None = None


@dataclass
class FormatOutcome:
    """What one format's render did to its folder."""

    format: str
    folder: Path
    written: int = 0
    kept: int = 0
    removed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Planned:
    """A file the output should hold: made anew when `fresh`, else an existing copy is kept."""

    make: Callable[[], str | bytes]
    fresh: bool


class Publisher:
    """Decides what a render shows and writes it; built from the check's result and coverage."""

    def __init__(self, settings: Settings, result: LintResult, coverage: Coverage, request: RenderRequest) -> None:
        self.settings = settings
        self.result = result
        self.coverage = coverage
        self.request = request
        self.notes: list[str] = []
        self.shown = [state for state in coverage.items if self._may_show(state)]
        self.data = _measure_data(settings, self.shown)
        self.shown = [state for state in self.shown if state.item.code in self.data]
        if not self.shown and not request.drafts:
            self.notes.append("还没有状态为“已公布”的监管办法：网站只有首页和部门页面。"
                              "要生成全部草稿供内部审阅，请加 --drafts。")
        self.selected = self._selection()

    # what is shown --------------------------------------------------------------------------
    def _may_show(self, state: ItemState) -> bool:
        return state.measure is not None and (self.request.drafts or state.measure.status == PUBLISHED)

    def _selection(self) -> set[str] | None:
        """The codes to regenerate; None for a render of everything."""
        request = self.request
        if not request.codes and not request.department:
            return None
        items = self.coverage.items
        if request.department:
            department = self.coverage.department_id(request.department)
            items = [state for state in items if state.item.department == department]
        if request.codes:
            known = {state.item.code for state in items}
            unknown = [code for code in request.codes if code not in known]
            if unknown:
                raise UsageError(f"事项目录中没有（或不属于所选部门）：{'、'.join(unknown)}")
            items = [state for state in items if state.item.code in request.codes]
        shown = {state.item.code for state in self.shown}
        waiting = [state for state in items if state.item.code not in shown]
        if waiting and not request.drafts:
            self.notes.append("没有公布、本次不生成：" + "、".join(f"{s.item.code}（{s.state}）" for s in waiting)
                              + "。要生成供内部审阅的草稿，请加 --drafts。")
        chosen = {state.item.code for state in items if state.item.code in shown}
        if not chosen:
            raise UsageError("所选事项都还没有可以生成的监管办法" + ("" if request.drafts else "（只生成状态为“已公布”的）")
                             + "。要生成草稿供内部审阅，请加 --drafts。")
        return chosen

    def blocking(self) -> list[Finding]:
        """Errors in the measures about to be published; errors elsewhere only earn a note."""
        if self.request.drafts:
            return []
        paths = {state.measure.path for state in self.shown}
        blocking = [f for f in self.result.findings if f.path in paths and marks_unfinished(f)]
        elsewhere = sum(f.severity is Severity.ERROR and f.path not in paths for f in self.result.findings)
        if elsewhere:
            self.notes.append(f"另有 {elsewhere} 个错误不在本次公布的监管办法中（草稿、事项目录或覆盖情况），"
                              "不影响本次发布；运行 jianguan check 查看。")
        return blocking

    # where it goes --------------------------------------------------------------------------
    def folder(self, fmt: str) -> Path:
        """`--out` itself for one format, else its html/, docx/ or pdf/ folder."""
        request = self.request
        if request.out is not None and len(request.formats) == 1:
            return request.out
        base = request.out or self.settings.root / self.settings.output
        return (base if request.out is not None or not request.drafts else base / DRAFTS_FOLDER) / fmt

    def expected_files(self) -> int:
        """About how many files this render writes (for a progress bar)."""
        measures = len(self.shown) if self.selected is None else len(self.selected)
        per_format = {"html": 1 + len(self.coverage.departments) + measures * (2 if self.request.fragment else 1),
                      "docx": measures + len(self.coverage.departments), "pdf": measures + len(self.coverage.departments)}
        return sum(per_format[fmt] for fmt in self.request.formats)

    # writing ----------------------------------------------------------------------------------
    def run(self, advance: Callable[[], None] = lambda: None) -> list[FormatOutcome]:
        """Render every requested format; each folder is replaced only when complete."""
        outcomes = []
        for fmt in self.request.formats:
            folder = self.folder(fmt)
            old = existing_outputs(folder)
            outcome = FormatOutcome(fmt, folder)
            with _render_errors():
                planned = {"html": self._html_plan, "docx": self._docx_plan, "pdf": self._pdf_plan}[fmt](old, outcome)
                _write_planned(self.settings, folder, planned, old, outcome, advance)
            outcomes.append(outcome)
        return outcomes

    def _fresh(self, code: str) -> bool:
        return self.selected is None or code in self.selected

    def _html_plan(self, old: set[str], outcome: FormatOutcome) -> dict[str, _Planned]:
        site = HtmlSite(self.coverage, self.settings.publication, SchemaIndex(load_schema("measure")),
                        template_folders(self.settings.root, self.settings.templates, "html"),
                        drafts=self.request.drafts)
        shown = {state.item.code: self.data[state.item.code] for state in self.shown}
        index = _once(lambda: dict(site.index_pages(shown)))
        planned = {path: _Planned(lambda path=path: index()[path], True) for path in site.index_paths()}
        for state in self.shown:
            code = state.item.code
            fragment = self.request.fragment or fragment_page(code) in old
            pages = _once(lambda state=state, fragment=fragment: dict(
                site.measure_pages(state, self.data[state.item.code], fragment)))
            for path in [measure_page(code)] + ([fragment_page(code)] if fragment else []):
                planned[path] = _Planned(lambda path=path, pages=pages: pages()[path], self._fresh(code))
        return planned

    def _docx_plan(self, old: set[str], outcome: FormatOutcome) -> dict[str, _Planned]:
        writer = _docx_writer(self.settings)
        outcome.warnings = writer.warnings
        return self._documents(writer, old, ".docx")

    def _documents(self, writer, old: set[str], suffix: str) -> dict[str, _Planned]:
        """One document per measure shown and one per department that has any."""
        planned: dict[str, _Planned] = {}
        by_department: dict[str, list[ItemState]] = {}
        for state in self.shown:
            by_department.setdefault(state.item.department, []).append(state)
            planned[f"measures/{safe_name(state.item.code)}{suffix}"] = _Planned(
                lambda state=state: self._measure_document(writer, state), self._fresh(state.item.code))
        touched = self._touched_departments(old, planned, suffix)
        for department, states in by_department.items():
            planned[f"departments/{safe_name(department)}{suffix}"] = _Planned(
                lambda department=department, states=states: self._department_document(writer, department, states),
                self.selected is None or department in touched)
        return planned

    def _touched_departments(self, old: set[str], planned: dict[str, _Planned], suffix: str) -> set[str]:
        """Departments whose notice changes: those of the measures re-rendered or no longer shown."""
        by_file = {f"measures/{safe_name(state.item.code)}{suffix}": state.item.department
                   for state in self.coverage.items}
        gone = {by_file[path] for path in old - planned.keys() if path in by_file}
        chosen = {state.item.department for state in self.shown if self._fresh(state.item.code)}
        return gone | chosen

    def _measure_document(self, writer, state: ItemState) -> bytes:
        return writer.measure_document(_title(state), self._organ(state.item.department),
                                       self.data[state.item.code], draft=state.state != PUBLISHED)

    def _department_document(self, writer, department: str, states: list[ItemState]) -> bytes:
        measures = [(_title(state), self.data[state.item.code]) for state in states]
        return writer.department_document(self._organ(department), measures, department=department,
                                          draft=any(state.state != PUBLISHED for state in states))

    def _organ(self, department: str) -> str:
        row = next((row for row in self.coverage.departments if row.id == department), None)
        return row.name if row else department

    def _pdf_plan(self, old: set[str], outcome: FormatOutcome) -> dict[str, _Planned]:
        from jianguan_cli.rendering.pdf import soffice, to_pdf

        soffice()  # says how to install LibreOffice before any document is made
        documents = self._documents(_docx_writer(self.settings), old, ".pdf")
        fresh = [(path, plan.make) for path, plan in documents.items() if plan.fresh or path not in old]
        converted = _once(lambda: dict(to_pdf((path, make()) for path, make in fresh)))
        return {path: _Planned(lambda path=path: converted()[path], plan.fresh) for path, plan in documents.items()}


def _title(state: ItemState) -> str:
    return f"{state.item.name}事中事后监管办法"


def _once(make: Callable[[], object]) -> Callable[[], object]:
    """`make`, called at most once."""
    memo: list = []

    def get():
        if not memo:
            memo.append(make())
        return memo[0]

    return get


def _measure_data(settings: Settings, states: list[ItemState]) -> dict[str, dict]:
    """The parsed data of these measures, by item code (unreadable ones are left out)."""
    data = {}
    for state in states:
        doc = load_file(settings.root / state.measure.path, state.measure.path, frozenset(), settings.limits,
                        settings.root)
        if doc.parsed and isinstance(doc.data, dict):
            data[state.item.code] = doc.data
    return data


def measure_data(settings: Settings, coverage: Coverage) -> dict[str, dict]:
    """The parsed data of every measure with a file, by item code (for export)."""
    return _measure_data(settings, [state for state in coverage.items if state.measure is not None])


def _write_planned(settings: Settings, target: Path, planned: dict[str, _Planned], old: set[str],
                   outcome: FormatOutcome, advance: Callable[[], None],
                   managed: Callable[[str], bool] = lambda path: path == "index.html" or path.startswith(_MANAGED)
                   ) -> None:
    """Write `planned` into `target`, replacing it only when complete; old files that are not
    `managed` stay, and only managed files that are no longer planned are removed."""
    folder = OutputFolder(target, protected_paths(settings))
    try:
        for relative, plan in planned.items():
            if not plan.fresh and relative in old:
                folder.keep(relative)
                outcome.kept += 1
            else:
                folder.write(relative, plan.make())
                outcome.written += 1
                advance()
        for relative in sorted(old - planned.keys()):
            if managed(relative):
                outcome.removed.append(relative)
            else:
                folder.keep(relative)  # not written by jianguan: not ours to delete
        folder.commit()
    except BaseException:
        folder.abandon()
        raise


def protected_paths(settings: Settings) -> Protected:
    """The repository's own files, and the folders jianguan reads (output there would be input next time)."""
    sources = [settings.root / settings.templates, settings.measures_path, settings.root / "schemas"]
    if settings.catalog_path.parent.resolve() != settings.root.resolve():
        sources.append(settings.catalog_path.parent)
    return Protected((settings.root, settings.measures_path, settings.catalog_path, settings.root / settings.templates),
                     tuple(sources))


def write_all(settings: Settings, target: Path, files: Iterable[tuple[str, str | bytes]],
              advance: Callable[[], None] = lambda: None) -> int:
    """Write generated files into `target`, which they replace whole; returns how many."""
    planned = {relative: _Planned(lambda content=content: content, True) for relative, content in files}
    outcome = FormatOutcome("", target)
    with _render_errors():
        _write_planned(settings, target, planned, existing_outputs(target), outcome, advance, lambda path: True)
    return outcome.written


@contextmanager
def _render_errors() -> Iterator[None]:
    """Template and file-system failures as Chinese messages; the previous output is untouched."""
    try:
        yield
    except TemplateError as error:
        where = f"（{error.filename}:{error.lineno}）" if getattr(error, "lineno", None) else ""
        raise JianguanError(f"模板错误{where}：{error}。原有输出保持不变。请检查 templates/ 中的模板。") from None
    except OSError as error:
        raise JianguanError(f"写入输出文件夹失败（{error.strerror or error}），原有输出保持不变。") from None


def reference_docx(settings: Settings) -> Path:
    """The repository's own reference .docx if it has one, else the one shipped with jianguan."""
    own = confined_file(settings.root / settings.templates, "docx/reference.docx")
    return own or template_dir() / "docx" / "reference.docx"


def _docx_writer(settings: Settings):
    """A .docx writer styled by the repository's (or jianguan's) reference document."""
    from jianguan_cli.rendering.docx import DocxWriter  # python-docx only when documents are made

    return DocxWriter(reference_docx(settings), MeasureView(SchemaIndex(load_schema("measure"))), settings.publication)


def render_blank(settings: Settings, out: Path, *, pdf: bool = False) -> Path:
    """The 附件1-style blank template (every section with its guidance) as .docx, and as PDF when asked."""
    files = [("blank-template.docx", _docx_writer(settings).blank_document(settings.district))]
    if pdf:
        from jianguan_cli.rendering.pdf import to_pdf

        files += to_pdf(files)
    write_all(settings, out, files)
    return out / "blank-template.docx"


def outcome_lines(outcomes: list[FormatOutcome]) -> Iterator[str]:
    """One Chinese line per format: how many files were written, kept and removed, and where."""
    names = {"html": "个页面", "docx": "个 Word 文件", "pdf": "个 PDF 文件"}
    for outcome in outcomes:
        where = outcome.folder / "index.html" if outcome.format == "html" else outcome.folder
        kept = f"，保留未改动的 {outcome.kept} 个" if outcome.kept else ""
        yield f"已生成 {outcome.written} {names[outcome.format]}{kept}：{where}"
        if outcome.removed:
            yield f"已删除 {len(outcome.removed)} 个不再公布的文件：{'、'.join(outcome.removed)}"
