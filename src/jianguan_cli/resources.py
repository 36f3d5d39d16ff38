"""Where the files shipped with jianguan live: the JSON Schemas and the default templates (html, docx)."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path

from jianguan_cli.findings import JianguanError

SCHEMA_NAMES = ("measure", "catalog", "report", "diff")


def schema_dir() -> Path:
    """The schemas folder: inside the wheel, or the repo's top-level `schemas/` in a source checkout."""
    packaged = Path(str(resources.files("jianguan_cli"))) / "schemas"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "schemas"


def template_dir() -> Path:
    """The templates shipped with jianguan: inside the wheel, or the repo's `templates/`."""
    packaged = Path(str(resources.files("jianguan_cli"))) / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "templates"


@lru_cache(maxsize=None)
def load_schema(name: str) -> dict:
    """The parsed JSON Schema `name` (measure, catalog, report or diff)."""
    path = schema_dir() / f"{name}.schema.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise JianguanError(f"无法读取 JSON Schema {path}：{exc}") from exc
