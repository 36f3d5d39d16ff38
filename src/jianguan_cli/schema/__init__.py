"""The JSON Schemas: validation with Chinese findings, and titles for people."""

from functools import lru_cache

from jianguan_cli.resources import load_schema
from jianguan_cli.schema.index import SchemaIndex
from jianguan_cli.schema.validation import SchemaChecker

__all__ = ["SchemaChecker", "SchemaIndex", "checker_for"]


@lru_cache(maxsize=None)
def checker_for(name: str) -> SchemaChecker:
    """The checker of a shipped schema, compiled once per process (compiling takes a tenth of a second)."""
    return SchemaChecker(load_schema(name))
