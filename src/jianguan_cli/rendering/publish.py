"""`jianguan render`: choose what to publish and write it atomically into the output folder."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from jinja2 import TemplateError

from jianguan_cli.findings import JianguanError, UsageError
from jianguan_cli.loading import load_file
from jianguan_cli.progress import Progress
from jianguan_cli.rendering.html import HtmlSite
from jianguan_cli.rendering.output import OutputFolder, safe_name
from jianguan_cli.rendering.viewmodel import MeasureView
from jianguan_cli.resources import load_schema, template_dir
from jianguan_cli.schema import SchemaIndex
from jianguan_cli.settings import Settings


def select(progress: Progress, codes: list[str], department: str | None) -> Progress:
    """Progress narrowed to a department and/or item codes; unknown codes are a usage error."""
    if department:
        progress = progress.only(department)
    if codes:
        known = {state.item.code for state in progress.items}
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise UsageError(f"事项目录中没有（或不属于所选部门）：{'、'.join(unknown)}")
        progress = Progress(progress.departments, [s for s in progress.items if s.item.code in codes],
                            progress.orphans, progress.duplicates, progress.today, progress.names)
    return progress


def measure_data(settings: Settings, progress: Progress) -> dict[str, dict]:
    """The parsed data of every measure to publish, by item code (unreadable ones are left out)."""
    data = {}
    for state in progress.items:
        if state.measure is not None:
            doc = load_file(settings.root / state.measure.path, state.measure.path, frozenset(), settings.limits,
                            settings.root)
            if doc.parsed and isinstance(doc.data, dict):
                data[state.item.code] = doc.data
    return data


def render_html(settings: Settings, progress: Progress, out: Path, fragments: bool,
                advance: Callable[[], None] = lambda: None) -> int:
    """Write the site into `out` (replacing it only when complete); returns the number of pages."""
    site = HtmlSite(settings.district, progress, SchemaIndex(load_schema("measure")),
                    [settings.root / settings.templates / "html", template_dir() / "html"])
    return _write_all(settings, out, site.pages(measure_data(settings, progress), fragments), advance)


def reference_docx(settings: Settings) -> Path:
    """The repository's own reference .docx if it has one, else the one shipped with jianguan."""
    own = settings.root / settings.templates / "docx" / "reference.docx"
    return own if own.is_file() else template_dir() / "docx" / "reference.docx"


def docx_files(settings: Settings, progress: Progress, writer) -> Iterator[tuple[str, bytes]]:
    """(relative path, .docx bytes): one document per measure and one per department."""
    data = measure_data(settings, progress)
    names = {row.id: row.name for row in progress.departments}
    by_department: dict[str, list[tuple[str, dict]]] = {}
    for state in progress.items:
        if state.item.code in data:
            title = f"{state.item.name}事中事后监管办法"
            organ = names.get(state.item.department, state.item.department)
            yield (f"measures/{safe_name(state.item.code)}.docx",
                   writer.measure_document(title, organ, data[state.item.code]))
            by_department.setdefault(state.item.department, []).append((title, data[state.item.code]))
    for dept_id, measures in by_department.items():
        yield f"departments/{safe_name(dept_id)}.docx", writer.department_document(names.get(dept_id, dept_id),
                                                                                   measures, department=dept_id)


def _docx_writer(settings: Settings):
    """A .docx writer styled by the repository's (or jianguan's) reference document."""
    from jianguan_cli.rendering.docx import DocxWriter  # python-docx only when documents are made

    return DocxWriter(reference_docx(settings), MeasureView(SchemaIndex(load_schema("measure"))), settings.publication)


def render_docx(settings: Settings, progress: Progress, out: Path,
                advance: Callable[[], None] = lambda: None) -> tuple[int, list[str]]:
    """Write the documents into `out`; returns how many, and warnings (e.g. removed characters)."""
    writer = _docx_writer(settings)
    count = _write_all(settings, out, docx_files(settings, progress, writer), advance)
    return count, writer.warnings


def _write_all(settings: Settings, out: Path, files, advance: Callable[[], None]) -> int:
    """Write generated files into `out`, replacing it only when all are written."""
    protected = [settings.root, settings.measures_path, settings.catalog_path,
                 settings.root / settings.templates]
    folder = OutputFolder(out, protected)
    pages = 0
    try:
        for relative, content in files:
            folder.write(relative, content)
            pages += 1
            advance()
        folder.commit()
    except TemplateError as error:
        folder.abandon()
        where = f"（{error.filename}:{error.lineno}）" if getattr(error, "lineno", None) else ""
        raise JianguanError(f"模板错误{where}：{error}。原有输出保持不变。请检查 templates/ 中的模板。") from None
    except OSError as error:
        folder.abandon()
        raise JianguanError(f"写入输出文件夹失败（{error.strerror or error}），原有输出保持不变。") from None
    except BaseException:
        folder.abandon()
        raise
    return pages


def render_blank(settings: Settings, out: Path, *, pdf: bool = False) -> Path:
    """The 附件1-style blank template (every section with its guidance) as .docx, and as PDF when asked."""
    writer = _docx_writer(settings)
    files = [("blank-template.docx", writer.blank_document(settings.district))]
    if pdf:
        from jianguan_cli.rendering.pdf import to_pdf

        files += to_pdf(files)
    _write_all(settings, out, files, lambda: None)
    return out / "blank-template.docx"


def render_pdf(settings: Settings, progress: Progress, out: Path,
               advance: Callable[[], None] = lambda: None) -> int:
    """The .docx documents converted to PDF by one LibreOffice process, written into `out`."""
    from jianguan_cli.rendering.pdf import soffice, to_pdf

    soffice()  # says how to install LibreOffice before any document is made
    documents = list(docx_files(settings, progress, _docx_writer(settings)))
    return _write_all(settings, out, to_pdf(documents, advance), lambda: None)
