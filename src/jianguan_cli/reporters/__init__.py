"""Reporters turn a lint or check result into text for people or a format for CI systems."""

from __future__ import annotations

from functools import partial
from typing import Callable

from jianguan_cli.reporters.github import render_github
from jianguan_cli.reporters.gitlab import render_gitlab
from jianguan_cli.reporters.json_report import render_json
from jianguan_cli.reporters.junit import render_junit
from jianguan_cli.reporters.sarif import render_sarif
from jianguan_cli.reporters.text import render_text

REPORTERS = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
    "junit": render_junit,
    "sarif": render_sarif,
    "gitlab": render_gitlab,
}



def reporter(name: str, *, group: bool = True) -> Callable:
    """The reporter for a format; only the text report (for people) folds repeated findings."""
    return partial(render_text, group=group) if name == "text" else REPORTERS[name]


__all__ = ["REPORTERS", "reporter"]
