"""The HTML redline: an index of the changed measures and one page per measure with <ins>/<del>.

Rendered by the site's sandboxed Jinja environment, with the same kind of Content-Security-Policy:
only the page's own inline style (by its hash), no scripts, no external requests.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from jianguan_cli.diffing.changes import KIND_LABELS, DiffReport, MeasureChange
from jianguan_cli.diffing.compare import REMOVED, FieldNode
from jianguan_cli.diffing.text import STATUS_LABELS, measure_line, summary_line
from jianguan_cli.rendering.html import environment
from jianguan_cli.rendering.templates import render_page
from jianguan_cli.safe_text import safe_name
from jianguan_cli.rendering.viewmodel import chinese_number

HEADING_KEYS = ("item", "responsible_unit")  # shown above the numbered sections, as on the site
HIDDEN_UNLESS_CHANGED = ("schema_version",)


@dataclass(frozen=True)
class Section:
    """A top-level field of the measure with its heading (「三、监管内容」)."""

    heading: str
    node: FieldNode


@dataclass(frozen=True)
class Row:
    """One changed measure in the index."""

    kind: str
    kind_label: str
    code: str
    name: str
    path: str
    fields: str
    author: str
    date: str
    page: str


def page_name(change: MeasureChange) -> str:
    """measures/QLH-MZ-004.html (files without an item code are named after their file)."""
    return f"measures/{safe_name(change.code or Path(change.current.path).stem)}.html"


def shown_date(date: str | None) -> str:
    """2017-06-28T10:00:00 → 2017-06-28 10:00; 未提交 for uncommitted work."""
    return date.replace("T", " ")[:16] if date else "未提交"


class HtmlRedline:
    """Renders the redline pages of a report."""

    def __init__(self, district: str, template_dirs: list[Path]) -> None:
        self.district = district
        self.env = environment(template_dirs)
        source = self.env.loader.get_source
        self.css = source(self.env, "style.css")[0] + "\n" + source(self.env, "diff.css")[0]
        digest = base64.b64encode(hashlib.sha256(self.css.encode()).digest()).decode()
        self.csp = (f"default-src 'none'; style-src 'sha256-{digest}'; script-src 'none'; img-src 'none'; "
                    "base-uri 'none'; form-action 'none'")

    def _common(self, report: DiffReport, depth: int) -> dict:
        return {"district": self.district, "drafts": False, "css": self.css, "csp": self.csp, "root": "../" * depth,
                "comparison": f"{report.revision.describe()} → 工作区"}

    def pages(self, report: DiffReport) -> Iterator[tuple[str, str]]:
        """(relative path, HTML) of the index and of every changed measure's page."""
        rows = [Row(change.kind, KIND_LABELS[change.kind], change.code, change.name, _paths(change),
                    str(len(change.fields)) if change.kind not in ("added", "removed") else "全文",
                    change.signature.author, shown_date(change.signature.date), page_name(change))
                for change in report.measures]
        yield "index.html", render_page(self.env.get_template("diff_index.html"), **self._common(report, 0),
                                        rows=rows, summary=summary_line(report))
        for change in report.measures:
            yield page_name(change), self._measure_page(report, change)

    def _measure_page(self, report: DiffReport, change: MeasureChange) -> str:
        anchors = {id(node): f"c{number}" for number, node in enumerate(change.fields, start=1)}
        top = {child.path[0]: child for child in change.tree.children}
        heading = FieldNode((), "", "", "same", "fields", children=[top[k] for k in HEADING_KEYS if k in top])
        return render_page(
            self.env.get_template("diff_measure.html"), **self._common(report, 1),
            title=f"{change.name}事中事后监管办法", code=change.code,
            kind_line=measure_line(change), path=_paths(change), author=change.signature.author,
            date=shown_date(change.signature.date), fields=change.fields, heading=heading,
            sections=_sections(change.tree), anchor=lambda node: anchors.get(id(node), ""),
            status_label=lambda node: STATUS_LABELS[node.status])


def _paths(change: MeasureChange) -> str:
    return f"{change.old.path} → {change.new.path}" if change.moved else change.current.path


def _sections(tree: FieldNode) -> list[Section]:
    """Numbered like the published measure: kept and added sections count, removed ones are not numbered."""
    sections, number = [], 0
    for node in tree.children:
        key = node.path[0]
        if key in HEADING_KEYS or (key in HIDDEN_UNLESS_CHANGED and node.status == "same"):
            continue
        if node.status != REMOVED or tree.status == REMOVED:
            number += 1
            sections.append(Section(f"{chinese_number(number)}、{node.title}", node))
        else:
            sections.append(Section(node.title, node))
    return sections
