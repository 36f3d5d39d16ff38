"""Reporters turn a lint result into text for people or JSON for machines."""

from __future__ import annotations

from jianguan_cli.reporters.json_report import render_json
from jianguan_cli.reporters.text import render_text

REPORTERS = {"text": render_text, "json": render_json}

__all__ = ["REPORTERS"]
