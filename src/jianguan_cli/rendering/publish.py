"""`jianguan render`: choose what to publish and write it atomically into the output folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from jinja2 import TemplateError

from jianguan_cli.findings import JianguanError, UsageError
from jianguan_cli.loading import load_file
from jianguan_cli.progress import Progress
from jianguan_cli.rendering.html import HtmlSite
from jianguan_cli.rendering.output import OutputFolder
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
                            progress.orphans, progress.duplicates, progress.today)
    return progress


def measure_data(settings: Settings, progress: Progress) -> dict[str, dict]:
    """The parsed data of every measure to publish, by item code (unreadable ones are left out)."""
    data = {}
    for state in progress.items:
        if state.measure is not None:
            doc = load_file(settings.root / state.measure.path, state.measure.path, frozenset())
            if doc.parsed and isinstance(doc.data, dict):
                data[state.item.code] = doc.data
    return data


def render_html(settings: Settings, progress: Progress, out: Path, fragments: bool,
                advance: Callable[[], None] = lambda: None) -> int:
    """Write the site into `out` (replacing it only when complete); returns the number of pages."""
    site = HtmlSite(settings.district, progress, SchemaIndex(load_schema("measure")),
                    [settings.root / settings.templates / "html", template_dir() / "html"])
    protected = [settings.root, settings.measures_path, settings.catalog_path,
                 settings.root / settings.templates]
    folder = OutputFolder(out, protected)
    pages = 0
    try:
        for relative, html in site.pages(measure_data(settings, progress), fragments):
            folder.write(relative, html)
            pages += 1
            advance()
        folder.commit()
    except TemplateError as error:
        folder.abandon()
        where = f"（{error.filename}:{error.lineno}）" if getattr(error, "lineno", None) else ""
        raise JianguanError(f"模板错误{where}：{error}。原有网站保持不变。请检查 templates/html/ 中的模板。") from None
    except OSError as error:
        folder.abandon()
        raise JianguanError(f"写入输出文件夹失败（{error.strerror or error}），原有网站保持不变。") from None
    except BaseException:
        folder.abandon()
        raise
    return pages
