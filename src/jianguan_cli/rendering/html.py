"""The static HTML site: district index, department pages, one page per measure, fragments."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from jinja2 import ChoiceLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from jianguan_cli.coverage import STATES, Coverage, ItemState
from jianguan_cli.domain import PUBLISHED
from jianguan_cli.rendering.templates import ConfinedLoader, render_page
from jianguan_cli.rendering.viewmodel import METHOD_WORDING, MeasureView, chinese_date, closing_sentence
from jianguan_cli.safe_text import safe_name
from jianguan_cli.schema import SchemaIndex
from jianguan_cli.settings import Publication
from jianguan_cli.summary import review_of


def environment(template_dirs: list[Path]) -> SandboxedEnvironment:
    """Sandboxed Jinja: autoescaped, undefined names are errors, templates only from these folders."""
    loader = ChoiceLoader([ConfinedLoader(folder) for folder in template_dirs])
    return SandboxedEnvironment(loader=loader, autoescape=True, undefined=StrictUndefined,
                                keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@dataclass(frozen=True)
class Row:
    """One catalogue item in the index and department tables."""

    code: str
    name: str
    category: str
    department: str
    department_short: str
    status: str
    doc_number: str
    published: str
    page: str | None


def measure_page(code: str) -> str:
    """The site path of a measure's page."""
    return f"measures/{safe_name(code)}.html"


def fragment_page(code: str) -> str:
    """The site path of a measure's CMS fragment."""
    return f"fragments/{safe_name(code)}.html"


def department_page(department: str) -> str:
    """The site path of a department's page."""
    return f"departments/{safe_name(department)}.html"


class HtmlSite:
    """Renders the pages of the site from the check's coverage and the measures' data.

    Only measures in `shown` get a page (and a link); with `drafts` the site is an internal
    review copy and every page of a measure not yet published says so.
    """

    def __init__(self, coverage: Coverage, publication: Publication, index: SchemaIndex,
                 template_dirs: list[Path], drafts: bool = False) -> None:
        self.coverage = coverage
        self.publication = publication
        self.drafts = drafts
        self.view = MeasureView(index, METHOD_WORDING)
        self.env = environment(template_dirs)
        self.css = self.env.loader.get_source(self.env, "style.css")[0]
        self.js = self.env.loader.get_source(self.env, "filter.js")[0]
        self.departments = {row.id: row for row in coverage.departments}

    def _csp(self, script: bool) -> str:
        scripts = _sha256(self.js) if script else "'none'"
        return (f"default-src 'none'; style-src {_sha256(self.css)}; script-src {scripts}; "
                "img-src 'none'; base-uri 'none'; form-action 'none'")

    def _common(self, depth: int, script: bool) -> dict:
        return {"district": self.coverage.district, "publication": self.publication, "drafts": self.drafts,
                "css": self.css, "js": self.js, "csp": self._csp(script), "root": "../" * depth,
                "safe_name": safe_name}

    def rows(self, shown: dict[str, dict]) -> list[Row]:
        """Index rows for every catalogue item; `shown` maps the codes that have a page to their data."""
        rows = []
        for state in self.coverage.items:
            item, data = state.item, shown.get(state.item.code)
            review = review_of(data) if state.state == PUBLISHED else {}
            dept = self.departments.get(item.department)
            rows.append(Row(
                item.code, item.name, item.category, item.department, dept.short if dept else item.department,
                state.state, str(review.get("doc_number", "")), chinese_date(str(review.get("published", ""))),
                measure_page(item.code) if data is not None else None))
        return rows

    def index_paths(self) -> list[str]:
        """The paths index_pages() writes: the index and each department's page."""
        return ["index.html"] + [department_page(dept_id) for dept_id in self.departments]

    def index_pages(self, shown: dict[str, dict]) -> Iterator[tuple[str, str]]:
        """(relative path, HTML) of the index and of every department's page."""
        rows = self.rows(shown)
        yield "index.html", self._page(
            "index.html", 0, True, rows=rows, departments=list(self.departments.values()),
            categories=sorted({r.category for r in rows}), statuses=STATES, total=self.coverage.total)
        for dept in self.departments.values():  # every department here implements items
            yield department_page(dept.id), self._page(
                "department.html", 1, False, dept=dept, rows=[r for r in rows if r.department == dept.id])

    def measure_pages(self, state: ItemState, data: dict, fragment: bool) -> Iterator[tuple[str, str]]:
        """(relative path, HTML) of one measure's page, and of its fragment when asked for."""
        context = self._measure_context(state, data)
        yield measure_page(state.item.code), self._page("measure.html", 1, False, **context)
        if fragment:
            yield fragment_page(state.item.code), self._page("fragment.html", 1, False, **context)

    def _page(self, template: str, depth: int, script: bool, **context) -> str:
        return render_page(self.env.get_template(template), **self._common(depth, script), **context)

    def _measure_context(self, state: ItemState, data: dict) -> dict:
        item = state.item
        dept = self.departments.get(item.department)
        review = review_of(data)
        return {
            "item": item, "dept": dept, "title": f"{item.name}事中事后监管办法",
            "dept_page": department_page(item.department), "draft": state.state != PUBLISHED,
            "state": state.state, "sections": self.view.sections(data), "review": review,
            "date": chinese_date(str(review.get("published", ""))) if review.get("published") else "",
            "item_fields": self.view.heading_fields(data), "metadata": self.view.metadata_fields(data),
            "closing": closing_sentence(data),
        }
