"""The commands of the command line, one module per group: each command parses its options, calls
one function of the core and reports what happened. Importing this package registers them, in the
order `jianguan --help` lists them."""

from jianguan_cli.commands import checking  # noqa: F401, I001  (the order of these imports is the help's)
from jianguan_cli.commands import publishing  # noqa: F401
from jianguan_cli.commands import writing  # noqa: F401
from jianguan_cli.commands import interchange  # noqa: F401
from jianguan_cli.commands import setup  # noqa: F401
from jianguan_cli.commands import editor  # noqa: F401
from jianguan_cli.commands.base import app, debug_mode

__all__ = ["app", "debug_mode"]
