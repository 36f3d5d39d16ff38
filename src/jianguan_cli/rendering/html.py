"""The static HTML site: district index, department pages, one page per measure, fragments."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from jianguan_cli.progress import STAGES, Progress
from jianguan_cli.rendering.output import safe_name
from jianguan_cli.rendering.viewmodel import METHOD_WORDING, MeasureView, chinese_date, closing_sentence
from jianguan_cli.schema import SchemaIndex
from jianguan_cli.summary import review_of

NOT_WRITTEN = "未编写"


def environment(template_dirs: list[Path]) -> SandboxedEnvironment:
    """Sandboxed Jinja: autoescaped, undefined names are errors, templates only from these folders."""
    loader = ChoiceLoader([FileSystemLoader(str(folder)) for folder in template_dirs if folder.is_dir()])
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


class HtmlSite:
    """Renders every page of the site from the check's progress and the measures' data."""

    def __init__(self, district: str, progress: Progress, index: SchemaIndex, template_dirs: list[Path]) -> None:
        self.district = district
        self.progress = progress
        self.view = MeasureView(index, METHOD_WORDING)
        self.env = environment(template_dirs)
        self.css = self.env.loader.get_source(self.env, "style.css")[0]
        self.js = self.env.loader.get_source(self.env, "filter.js")[0]
        self.departments = {row.id: row for row in progress.departments}

    def _csp(self, script: bool) -> str:
        scripts = _sha256(self.js) if script else "'none'"
        return (f"default-src 'none'; style-src {_sha256(self.css)}; script-src {scripts}; "
                "img-src 'none'; base-uri 'none'; form-action 'none'")

    def _common(self, depth: int, script: bool) -> dict:
        return {"district": self.district, "css": self.css, "js": self.js, "csp": self._csp(script),
                "root": "../" * depth, "safe_name": safe_name}

    def rows(self, measures: dict[str, dict]) -> list[Row]:
        """Index rows for every catalogue item; `measures` maps codes to their data."""
        rows = []
        for state in self.progress.items:
            item, data = state.item, measures.get(state.item.code)
            review = review_of(data)
            dept = self.departments.get(item.department)
            rows.append(Row(
                item.code, item.name, item.category, item.department, dept.short if dept else item.department,
                str(review.get("status", "起草")) if data is not None else NOT_WRITTEN,
                str(review.get("doc_number", "")), chinese_date(str(review.get("published", ""))),
                f"measures/{safe_name(item.code)}.html" if data is not None else None))
        return rows

    def pages(self, measures: dict[str, dict], fragments: bool = False) -> Iterator[tuple[str, str]]:
        """(relative path, HTML) of every page: index, departments, measures and fragments."""
        rows = self.rows(measures)
        statuses = [NOT_WRITTEN, *STAGES]
        yield "index.html", self.env.get_template("index.html").render(
            **self._common(0, script=True), rows=rows, departments=list(self.departments.values()),
            categories=sorted({r.category for r in rows}), statuses=statuses, total=self.progress.total)
        for dept in self.departments.values():
            own = [r for r in rows if r.department == dept.id]
            if own:
                yield f"departments/{safe_name(dept.id)}.html", self.env.get_template("department.html").render(
                    **self._common(1, script=False), dept=dept, rows=own)
        for state in self.progress.items:
            data = measures.get(state.item.code)
            if data is None:
                continue
            context = self._measure_context(state.item, data)
            yield f"measures/{safe_name(state.item.code)}.html", self.env.get_template("measure.html").render(
                **self._common(1, script=False), **context)
            if fragments:
                yield f"fragments/{safe_name(state.item.code)}.html", self.env.get_template("fragment.html").render(
                    **self._common(1, script=False), **context)

    def _measure_context(self, item, data: dict) -> dict:
        dept = self.departments.get(item.department)
        review = review_of(data)
        return {
            "item": item, "dept": dept, "title": f"{item.name}事中事后监管办法",
            "dept_page": f"departments/{safe_name(item.department)}.html",
            "sections": self.view.sections(data), "review": review,
            "date": chinese_date(str(review.get("published", ""))) if review.get("published") else "",
            "item_fields": self.view.heading_fields(data), "metadata": self.view.metadata_fields(data),
            "closing": closing_sentence(data),
        }
