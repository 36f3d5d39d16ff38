"""Comment-keeping YAML reading and writing (ruamel.yaml round trip) in the project's layout."""

from __future__ import annotations

import io

from ruamel.yaml import YAML


def round_trip_yaml() -> YAML:
    """A round-trip YAML with 2-space mappings, `  - ` sequences and no line folding."""
    yaml = YAML(typ="rt", pure=True)
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 1 << 16
    yaml.preserve_quotes = True
    yaml.allow_unicode = True
    return yaml


def dumped(yaml: YAML, data) -> str:
    """`data` written by `yaml` as text."""
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()
