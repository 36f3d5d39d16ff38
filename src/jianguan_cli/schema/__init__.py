"""The JSON Schemas: validation with Chinese findings, and titles for people."""

from jianguan_cli.resources import load_schema
from jianguan_cli.schema.index import SchemaIndex
from jianguan_cli.schema.validation import SchemaChecker

__all__ = ["SchemaChecker", "SchemaIndex", "checker_for"]

_checkers: dict[str, tuple[dict, SchemaChecker]] = {}


def checker_for(name: str) -> SchemaChecker:
    """The checker of a shipped schema, compiled once while load_schema gives the same schema
    (compiling takes a tenth of a second; a schema read anew is compiled anew)."""
    schema = load_schema(name)
    known = _checkers.get(name)
    if known is None or known[0] is not schema:
        known = _checkers[name] = (schema, SchemaChecker(schema))
    return known[1]
