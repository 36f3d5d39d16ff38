"""`jianguan diff`: compare, then write the report in the format asked for."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rich.text import Text

from jianguan_cli.diffing.changes import DiffReport, build_report
from jianguan_cli.diffing.compare import MeasureComparer
from jianguan_cli.diffing.git import DiffError, GitRepository
from jianguan_cli.diffing.text import summary_line, text_report
from jianguan_cli.diffing.versions import Repository
from jianguan_cli.fileio import write_atomic
from jianguan_cli.rendering.publish import reference_docx, write_all
from jianguan_cli.rendering.viewmodel import MeasureView
from jianguan_cli.rendering.templates import template_folders
from jianguan_cli.resources import load_schema
from jianguan_cli.schema import SchemaIndex
from jianguan_cli.settings import Settings

FORMATS = ("text", "json", "html", "docx")


@dataclass
class DiffOutcome:
    """What the command prints (`report` on standard output, `notes` after it) and its exit code."""

    exit_code: int
    report: Text | str | None = None
    notes: list[str] = field(default_factory=list)


def run_diff(settings: Settings, revision: str, output_format: str, out: Path | None) -> DiffOutcome:
    """Compare the measures at `revision` with the working tree: exit code 0 unchanged, 1 changed."""
    if output_format not in FORMATS:
        raise DiffError(f"--format 只能是 {'、'.join(FORMATS)}，现在是“{output_format}”。")
    git = GitRepository.around(settings.root)
    view = MeasureView(SchemaIndex(load_schema("measure")))
    report = build_report(Repository(settings, git, view.index.keys), git.resolve(revision), MeasureComparer(view))
    outcome = DiffOutcome(1 if report.measures else 0)
    if output_format in ("text", "json"):
        return _reported(report, output_format, out, outcome)
    folder = out or settings.root / settings.output / "diff" / output_format
    count = write_all(settings, folder, _files(settings, report, view, output_format), lambda: None)
    what = f"{count} 个页面：{folder / 'index.html'}" if output_format == "html" else f"{count} 个 Word 文件：{folder}"
    outcome.notes = [summary_line(report), f"已生成 {what}"]
    return outcome


def _reported(report: DiffReport, output_format: str, out: Path | None, outcome: DiffOutcome) -> DiffOutcome:
    """The text or JSON report on standard output, or in `out` with only the summary shown."""
    outcome.report = _printable(report, output_format)
    if out is None:
        return outcome
    target = out / f"diff.{'txt' if output_format == 'text' else 'json'}"
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DiffError(f"无法建立输出文件夹 {out}（{error.strerror or error}）。") from None
    write_atomic(target, outcome.report if isinstance(outcome.report, str) else outcome.report.plain)
    outcome.report, outcome.notes = None, [summary_line(report), f"报告已写入 {target}"]
    return outcome


def _printable(report: DiffReport, output_format: str) -> Text | str:
    if output_format == "json":
        from jianguan_cli.diffing.json_report import render_json

        return render_json(report)
    return text_report(report)


def _files(settings: Settings, report: DiffReport, view: MeasureView, output_format: str):
    from jianguan_cli.catalog import CatalogError, load_catalog

    try:
        catalog = load_catalog(settings.catalog_path, settings.catalog, settings.limits)
    except CatalogError:
        catalog = None  # documents are then signed with the department folder's name
    if output_format == "html":
        from jianguan_cli.diffing.html import HtmlRedline

        district = settings.district or (catalog.district if catalog else "")
        return HtmlRedline(district, template_folders(settings.root, settings.templates, "html")).pages(report)
    from jianguan_cli.diffing.docx import DocxRedline
    from jianguan_cli.rendering.docx import DocxWriter  # python-docx only when documents are made

    return DocxRedline(DocxWriter(reference_docx(settings), view), catalog).files(report)
