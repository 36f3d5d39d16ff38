"""The JSON Schemas: validation with Chinese findings, and titles for people."""

from jianguan_cli.schema.index import SchemaIndex
from jianguan_cli.schema.validation import SchemaChecker

__all__ = ["SchemaChecker", "SchemaIndex"]
