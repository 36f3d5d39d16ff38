"""MeasureSummary: what the repository-wide checks need to know about each measure file, taken while linting."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jianguan_cli.domain import REVIEW_STAGES

if TYPE_CHECKING:
    from collections.abc import Iterable

    from jianguan_cli.deadlines import Lateness
    from jianguan_cli.loading import Document

_DATE_KEYS = tuple(key for _, key in REVIEW_STAGES if key)


@dataclass(frozen=True, slots=True)
class MeasureSummary:
    """One measure file: its item code and review state (None where the file does not say)."""

    path: str
    code: str | None = None
    status: str | None = None
    dates: dict[str, str] = field(default_factory=dict)
    code_at: tuple[int, int] = (1, 1)
    unfinished: bool = False  # placeholders or errors left: 待填写, whatever its review status
    late: tuple[str, ...] = ()  # the deadlines it is overdue for now (in `check`)


def review_of(data) -> dict:
    """A measure's `review` mapping, or {} where the data has none (or not a mapping)."""
    review = data.get("review") if isinstance(data, dict) else None
    return review if isinstance(review, dict) else {}


def review_state(data) -> tuple[str | None, dict[str, str]]:
    """A measure's review status and the dates of the stages it records."""
    review = review_of(data)
    status = review.get("status") if isinstance(review.get("status"), str) else None
    return status, {key: review[key] for key in _DATE_KEYS if isinstance(review.get(key), str)}


def item_code(data) -> str | None:
    """The item code a measure's data gives, if any."""
    item = data.get("item") if isinstance(data, dict) else None
    code = item.get("code") if isinstance(item, dict) else None
    return code if isinstance(code, str) else None


def summarize(doc: Document, unfinished: bool = False, late: Iterable[Lateness] = ()) -> MeasureSummary:
    """The summary of a loaded measure; an unreadable file still has its path."""
    data = doc.data if doc.parsed and isinstance(doc.data, dict) else {}
    code = item_code(data)
    status, dates = review_state(data)
    code_at = doc.locate(("item", "code")) if code else (1, 1)
    overdue = tuple(missed.message for missed in late if missed.open)
    return MeasureSummary(doc.path, code, status, dates, code_at, unfinished, overdue)
