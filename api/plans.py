"""API plans: what a key (or an anonymous caller) may ask for, and the range check.

The table holds the public OpenElectricity API's numbers (its `opennem/core/plans.py`):
community 500 credits a day at a 2 requests/s burst, 5m ranges up to 8 days and 1d up to 366;
academic, pro and enterprise larger. Ours adds `page`, for the API's own page in a browser. Where
the public table says "1 year" of history for the community plan, ours keeps two years, as the
issue asks. `OPENNEM_API_PLANS` (JSON) overrides any field of a plan or adds a plan (a new plan
starts from the community plan's fields).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from api.errors import ApiError
from opennem.settings import get_settings

COMMUNITY = "community"
PAGE = "page"
_COMMUNITY_RANGES = {
    "5m": 8,
    "30m": 32,
    "1h": 32,
    "1d": 366,
    "7d": 366,
    "1M": 732,
    "3M": 1830,
    "season": 1830,
    "1y": 3700,
    "fy": 3700,
}
_FULL_RANGES = {
    "5m": 30,
    "30m": 365,
    "1h": 365,
    "1d": 3650,
    "7d": 3650,
    "1M": 10_000,
    "3M": 10_000,
    "season": 10_000,
    "1y": 10_000,
    "fy": 10_000,
}


@dataclass(frozen=True)
class Plan:
    """A plan's limits. `None` is unlimited (credits, history); an interval missing from
    `max_range_days` is bounded only by the interval's own span limit."""

    name: str
    credits_per_day: int | None
    requests_per_second: float
    max_range_days: Mapping[str, int] = field(default_factory=dict)
    history_days: int | None = None

    def __post_init__(self) -> None:
        if self.requests_per_second <= 0:
            raise ValueError(f"plan {self.name}: requests_per_second must be positive")

    def describe_limits(self) -> dict[str, Any]:
        return {
            "credits_per_day": self.credits_per_day,
            "requests_per_second": self.requests_per_second,
            "max_range_days": dict(self.max_range_days),
            "history_days": self.history_days,
        }


DEFAULT_PLANS = {
    plan.name: plan
    for plan in (
        Plan(COMMUNITY, 500, 2, _COMMUNITY_RANGES, history_days=730),
        Plan("academic", 2_000, 2, _FULL_RANGES),
        Plan("pro", 5_000, 5, _FULL_RANGES),
        Plan("enterprise", None, 10, {**_FULL_RANGES, "1d": 10_000, "7d": 10_000}),
        # the API's own page in a browser (api/protection.py): a view reads about ten endpoints
        # at once, and offers a year by day and all time (from 1998) by month: months unbounded
        Plan(PAGE, 5_000, 20, {"5m": 30, "30m": 365, "1h": 365, "1d": 10_000, "7d": 10_000}),
    )
}


def _overridden(base: Plan, name: str, fields: Mapping[str, Any]) -> Plan:
    ranges = {**base.max_range_days, **fields.get("max_range_days", {})}
    return replace(base, **{**fields, "name": name, "max_range_days": ranges})


def build_plans(overrides: Mapping[str, Mapping[str, Any]]) -> dict[str, Plan]:
    """The default table with `overrides` (plan name -> fields) applied."""
    plans = dict(DEFAULT_PLANS)
    for name, fields in overrides.items():
        plans[name] = _overridden(plans.get(name, DEFAULT_PLANS[COMMUNITY]), name, fields)
    return plans


def configured_plans() -> dict[str, Plan]:
    """The plan table of the settings (`OPENNEM_API_PLANS`)."""
    return build_plans(get_settings().api_plans)


def check_range(
    plan: Plan, interval_code: str, date_start: datetime | None, date_end: datetime | None
) -> None:
    """Refuse (400) a range longer than `plan` allows for the interval, or one starting before
    its history. Naive times are network times; a missing end is now."""
    end = date_end or datetime.now(UTC).replace(tzinfo=None)
    if date_start is None:
        return
    max_days = plan.max_range_days.get(interval_code)
    if max_days is not None and end - date_start > timedelta(days=max_days):
        raise ApiError(
            f"date range too long: plan {plan.name} allows at most {max_days} days "
            f"at interval {interval_code}"
        )
    check_history(plan, date_start)


def check_history(plan: Plan, date_start: datetime) -> None:
    """Refuse (400) a start before the history `plan` reaches back to."""
    if plan.history_days is not None:
        oldest = datetime.now(UTC).replace(tzinfo=None) - timedelta(days=plan.history_days)
        if date_start < oldest:
            raise ApiError(
                f"date_start too early: plan {plan.name} reaches back {plan.history_days} days "
                f"(to {oldest.date().isoformat()})"
            )
