"""NEM clock helpers: AEMO file names and rows are naive AEST (UTC+10, never DST)."""

from dataclasses import dataclass
from datetime import datetime

from opennem.networks import NEM


def to_aest(moment: datetime) -> datetime:
    """A naive AEST datetime: aware times are converted, naive ones are taken as AEST already."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(NEM.tz).replace(tzinfo=None)


def now_aest() -> datetime:
    return datetime.now(NEM.tz).replace(tzinfo=None)


@dataclass(frozen=True)
class Period:
    """The interval ENDs a file holds, inclusive, naive AEST."""

    first_end: datetime
    last_end: datetime

    def overlaps(self, since: datetime | None, until: datetime | None) -> bool:
        after_since = since is None or self.last_end >= since
        before_until = until is None or self.first_end <= until
        return after_since and before_until
