"""Which review deadlines a measure has missed (实施意见六(三): 报区编办审核的期限, 公布的期限)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from jianguan_cli.domain import PUBLISHED, SUBMITTED, has_reached, parse_date


@dataclass(frozen=True)
class Deadlines:
    """When measures must be submitted to 编办 and published; None until the district sets it."""

    submit: dt.date | None = None
    publish: dt.date | None = None

    @property
    def dates(self) -> tuple[dt.date, ...]:
        """The deadlines that are set."""
        return tuple(day for day in (self.submit, self.publish) if day is not None)


@dataclass(frozen=True)
class Lateness:
    """One missed deadline: of the `stage` to reach; `field` is `status` (still open) or the date
    key that came late."""

    stage: str
    field: str
    message: str
    hint: str

    @property
    def open(self) -> bool:
        """Whether the measure is overdue now, rather than having been late in the past."""
        return self.field == "status"


def lateness(status: str | None, dates: dict[str, str], deadlines: Deadlines, today: dt.date) -> list[Lateness]:
    """Every deadline the measure has missed by `today`."""
    found = []
    for stage, key, deadline, verb in (
        (SUBMITTED, "submitted", deadlines.submit, "报送区编办审核"),
        (PUBLISHED, "published", deadlines.publish, "公布"),
    ):
        if deadline is None:
            continue  # the district has not set this deadline: nothing can be late
        done = parse_date(dates.get(key))
        if today > deadline and not has_reached(status, stage):
            found.append(Lateness(
                stage, "status", f"已超过{verb}期限 {deadline}，当前状态仍为“{status or '未填写'}”",
                f"尽快{verb}，并在 review 中把 status 改为 {stage}、填写 {key} 日期。"))
        elif done is not None and done > deadline:
            found.append(Lateness(
                stage, key, f"{verb}日期 {done} 晚于期限 {deadline}",
                "如日期填写有误请更正；确属逾期的，应在工作总结中说明原因。"))
    return found
