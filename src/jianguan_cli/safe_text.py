"""Text from a repository made safe for formats that would otherwise misread it.

A measure or catalogue field is untrusted: as a file name it could leave the output folder or
take a name Windows reserves; in a spreadsheet a cell starting with = + - @ (or a tab or
carriage return) becomes a live formula (CSV/formula injection, OWASP); and XML 1.0 cannot hold
most control characters even escaped.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))}
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def safe_name(text: str) -> str:
    """A file name from data: letters, digits, - _ . only; never hidden, reserved or empty."""
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", text).strip(".")[:100] or "_"
    return f"_{name}" if name.split(".")[0].lower() in _RESERVED else name


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would take this text for a formula."""
    return text.startswith(FORMULA_STARTS)


def csv_safe(text: str) -> str:
    """A CSV cell that stays text: a leading ' before what would start a formula (OWASP)."""
    return f"'{text}" if looks_like_formula(text) else text


def xml_safe(text: str) -> str:
    """`text` without the characters XML forbids, each shown as its code point (\\u0007)."""
    return _XML_FORBIDDEN.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
