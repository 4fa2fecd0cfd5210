"""Bucketing intervals of the v4 API: which mart each reads, how SQL and Python bucket a time.

Every bucket is labelled by its START in naive network time. Python's `floor` and `following`
build the bucket grid (so gaps show as nulls); `sql_bucket` groups rows in the warehouse. The two
must agree, and tests check they do.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class Source(StrEnum):
    FIVE_MINUTE = "5m"
    DAILY = "daily"
    MONTHLY = "monthly"


def _add_months(moment: datetime, months: int) -> datetime:
    index = moment.year * 12 + moment.month - 1 + months
    return moment.replace(year=index // 12, month=index % 12 + 1)


def _floor_minutes(minutes: int) -> Callable[[datetime], datetime]:
    def floor(moment: datetime) -> datetime:
        start = moment.replace(second=0, microsecond=0)
        return start - timedelta(minutes=start.minute % minutes)

    return floor


def _floor_day(moment: datetime) -> datetime:
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def _floor_week(moment: datetime) -> datetime:
    return _floor_day(moment) - timedelta(days=moment.weekday())


def _floor_month_multiple(months: int, shift: int) -> Callable[[datetime], datetime]:
    """Months grouped in blocks of `months`, blocks starting `shift` months into the year."""

    def floor(moment: datetime) -> datetime:
        month_start = _floor_day(moment).replace(day=1)
        return _add_months(month_start, -((moment.month - 1 - shift) % months))

    return floor


@dataclass(frozen=True)
class Interval:
    code: str
    source: Source
    floor: Callable[[datetime], datetime]
    step: timedelta | None  # fixed width, or None for calendar months
    step_months: int
    sql_template: str  # `{col}` is a naive timestamp expression
    default_span: timedelta
    max_span: timedelta | None

    def following(self, start: datetime) -> datetime:
        return start + self.step if self.step is not None else _add_months(start, self.step_months)

    def sql_bucket(self, column: str) -> str:
        return self.sql_template.format(col=column)

    def grid(self, first: datetime, end: datetime) -> list[datetime]:
        """Bucket starts from the bucket holding `first` up to (excluding) `end`."""
        starts: list[datetime] = []
        current = self.floor(first)
        while current < end:
            starts.append(current)
            current = self.following(current)
        return starts


_MONTH = "date_trunc('month', {col})"
# the hour, or half past it: both branches timestamps (PostgreSQL, DuckDB and ClickHouse alike)
_HALF_HOUR = (
    "case when extract(minute from {col}) >= 30 "
    "then date_trunc('hour', {col}) + interval '30 minutes' else date_trunc('hour', {col}) end"
)
DAY = timedelta(days=1)


def _public_default(longest_days: int) -> timedelta:
    """The window served without `date_start`, as the public API serves it: half the longest
    range it allows for the interval (5m: 7 days, so 3.5; `fy` as `1y`)."""
    return timedelta(days=longest_days / 2)


INTERVALS: dict[str, Interval] = {
    i.code: i
    for i in (
        Interval(
            "5m",
            Source.FIVE_MINUTE,
            _floor_minutes(5),
            timedelta(minutes=5),
            0,
            "{col}",
            _public_default(7),
            timedelta(days=32),
        ),
        Interval(
            "30m",
            Source.FIVE_MINUTE,
            _floor_minutes(30),
            timedelta(minutes=30),
            0,
            _HALF_HOUR,
            7 * DAY,
            366 * DAY,
        ),
        Interval(
            "1h",
            Source.FIVE_MINUTE,
            _floor_minutes(60),
            timedelta(hours=1),
            0,
            "date_trunc('hour', {col})",
            _public_default(30),
            366 * DAY,
        ),
        Interval(
            "1d",
            Source.DAILY,
            _floor_day,
            DAY,
            0,
            "date_trunc('day', {col})",
            _public_default(365),
            5 * 366 * DAY,
        ),
        Interval(
            "7d",
            Source.DAILY,
            _floor_week,
            7 * DAY,
            0,
            "date_trunc('week', {col})",
            _public_default(365),
            None,
        ),
        Interval(
            "1M",
            Source.MONTHLY,
            _floor_month_multiple(1, 0),
            None,
            1,
            _MONTH,
            _public_default(730),
            None,
        ),
        Interval(
            "3M",
            Source.MONTHLY,
            _floor_month_multiple(3, 0),
            None,
            3,
            "date_trunc('quarter', {col})",
            _public_default(1825),
            None,
        ),
        Interval(
            "season",
            Source.MONTHLY,
            _floor_month_multiple(3, -1),
            None,
            3,
            "date_trunc('quarter', {col} + interval '1 month') - interval '1 month'",
            _public_default(1825),
            None,
        ),
        Interval(
            "1y",
            Source.MONTHLY,
            _floor_month_multiple(12, 0),
            None,
            12,
            "date_trunc('year', {col})",
            _public_default(3650),
            None,
        ),
        Interval(
            "fy",
            Source.MONTHLY,
            _floor_month_multiple(12, 6),
            None,
            12,
            "date_trunc('year', {col} - interval '6 months') + interval '6 months'",
            _public_default(3650),
            None,
        ),
    )
}
