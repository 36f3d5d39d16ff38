"""Template files a repository may bring: read only when they are what they claim to be.

A repository is untrusted input in CI: its templates/ folder could hold a symbolic link to
/proc/self/environ or /etc, or a device. A file is used only when, after resolving every link,
it is a regular file inside the template folder (itself resolved) and of a sensible size;
anything else counts as absent, so jianguan's own file is used instead.
"""

from __future__ import annotations

import os
import signal
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from jinja2 import BaseLoader, Template, TemplateError, TemplateNotFound
from jinja2.loaders import split_template_path

MAX_TEMPLATE_BYTES = 5 * 1024 * 1024  # the largest shipped file, reference.docx, is a few dozen KB
PAGE_SECONDS = 20  # a page renders in milliseconds; a template that runs longer loops


def render_page(template: Template, **context) -> str:
    """A template rendered with a bound on its time and its recursion (repository templates are untrusted)."""
    with _time_limit(PAGE_SECONDS):
        try:
            return template.render(**context)
        except RecursionError:
            raise TemplateError(f"模板 {template.name} 递归过深（宏或 include 调用了自己）") from None


@contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield  # signals reach the main thread only; elsewhere the process's own time limit holds
        return

    def expired(signum, frame):
        raise TemplateError(f"模板运行超过 {seconds} 秒，可能有没有尽头的循环")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def confined_file(folder: Path, relative: str) -> Path | None:
    """`folder/relative` resolved, if it is a regular file inside `folder` (resolved too); else None."""
    try:
        base = folder.resolve(strict=True)
        path = (folder / relative).resolve(strict=True)
        info = path.stat()
    except (OSError, RuntimeError, ValueError):  # missing, a link loop, a NUL in the name
        return None
    if base not in path.parents or not stat.S_ISREG(info.st_mode) or info.st_size > MAX_TEMPLATE_BYTES:
        return None
    return path


def template_folders(root: Path, templates: str, kind: str) -> list[Path]:
    """The repository's templates/<kind> (when it resolves inside the repository's templates
    folder), then jianguan's own."""
    from jianguan_cli.resources import template_dir

    own, shipped = root / templates / kind, template_dir() / kind
    try:
        inside = own.resolve(strict=True).is_relative_to((root / templates).resolve(strict=True))
    except (OSError, RuntimeError):
        inside = False
    return [own, shipped] if inside and own.is_dir() else [shipped]


class ConfinedLoader(BaseLoader):
    """Jinja's file-system loader for one folder, reading only confined regular files."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get_source(self, environment, template: str):
        path = confined_file(self.folder, "/".join(split_template_path(template)))
        if path is None:
            raise TemplateNotFound(template)
        try:
            source = path.read_text(encoding="utf-8")
            modified = os.path.getmtime(path)
        except OSError:
            raise TemplateNotFound(template) from None
        except UnicodeDecodeError:
            raise TemplateError(f"{template} 不是 UTF-8 编码，请另存为 UTF-8") from None
        return source, str(path), lambda: _unchanged(path, modified)


def _unchanged(path: Path, modified: float) -> bool:
    try:
        return os.path.getmtime(path) == modified
    except OSError:
        return False
