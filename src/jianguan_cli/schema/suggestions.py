"""What a value the schema rejects was probably meant to be, for hints that give the corrected value."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

# 2017年5月20日, 2017.5.20, 2017/5/20, 2017-5-20 (full-width digits and marks are folded first)
_SEPARATED_DATE = re.compile(r"(\d{4})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*[日号]?")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)")


def meant_date(written: str) -> str | None:
    """The ISO date (2017-05-20) a clerk meant by `written` (2017年5月20日, 20170520 …), or None."""
    text = unicodedata.normalize("NFKC", written).strip()
    match = _SEPARATED_DATE.fullmatch(text) or _COMPACT_DATE.fullmatch(text)
    if match is None:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups())).isoformat()
    except ValueError:  # 2017年2月30日 is no day: nothing to propose
        return None


def meant_number(written: str) -> str | None:
    """The number a clerk meant by a text such as ２０ (full-width digits) or 20%, or None."""
    text = unicodedata.normalize("NFKC", written).strip().removesuffix("%").strip()
    return text if _NUMBER.fullmatch(text) else None


CURLY_PAIRS = {"“": "”", "‘": "’"}


def inside_curly_quotes(text: str) -> str | None:
    """The text inside Chinese quotes that wrap the whole of `text` (“社会事务科”), or None."""
    stripped = text.strip()
    if len(stripped) < 3 or CURLY_PAIRS.get(stripped[0]) != stripped[-1]:
        return None
    inner = stripped[1:-1]
    opening, closing = stripped[0], stripped[-1]
    # “甲”和“乙” is quoted text, not one quoted value: the wrapping quotes must be the only pair
    return None if opening in inner or closing in inner or not inner.strip() else inner


def as_yaml_line(path: tuple, value: str) -> str:
    """How the clerk writes `value` at `path`: `key: value`, or `- value` for a list item."""
    return f"{path[-1]}: {value}" if path and isinstance(path[-1], str) else f"- {value}"
