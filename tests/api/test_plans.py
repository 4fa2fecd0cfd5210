"""Plans: the public numbers, settings overrides, and the range check naming plan and limit."""

from datetime import UTC, datetime, timedelta

import pytest

from api.errors import ApiError
from api.plans import DEFAULT_PLANS, build_plans, check_range

COMMUNITY = DEFAULT_PLANS["community"]
NOW = datetime.now(UTC).replace(tzinfo=None)


def test_community_plan_has_the_public_numbers() -> None:
    assert COMMUNITY.credits_per_day == 500
    assert COMMUNITY.requests_per_second == 2
    assert COMMUNITY.max_range_days["5m"] == 8
    assert COMMUNITY.max_range_days["1d"] == 366
    assert COMMUNITY.history_days == 730
    larger = [DEFAULT_PLANS[name] for name in ("academic", "pro", "enterprise")]
    assert all(plan.max_range_days["5m"] > 8 for plan in larger)
    assert DEFAULT_PLANS["enterprise"].credits_per_day is None


def test_a_range_within_the_plan_passes() -> None:
    check_range(COMMUNITY, "5m", NOW - timedelta(days=8), NOW)
    check_range(COMMUNITY, "1d", NOW - timedelta(days=366), NOW)


@pytest.mark.parametrize(("interval", "days", "limit"), [("5m", 9, 8), ("1d", 367, 366)])
def test_a_range_past_the_plan_names_the_limit_and_the_plan(
    interval: str, days: int, limit: int
) -> None:
    with pytest.raises(ApiError) as refused:
        check_range(COMMUNITY, interval, NOW - timedelta(days=days), NOW)
    assert refused.value.status_code == 400
    assert "plan community" in refused.value.message
    assert f"at most {limit} days" in refused.value.message


def test_an_open_ended_range_runs_to_now() -> None:
    with pytest.raises(ApiError, match="at most 8 days"):
        check_range(COMMUNITY, "5m", NOW - timedelta(days=9), None)
    check_range(COMMUNITY, "5m", None, NOW)


def test_history_before_the_plan_is_refused_and_larger_plans_reach_it() -> None:
    old = NOW - timedelta(days=3 * 365)
    with pytest.raises(ApiError, match="plan community reaches back 730 days"):
        check_range(COMMUNITY, "1d", old, old + timedelta(days=10))
    check_range(DEFAULT_PLANS["pro"], "1d", old, old + timedelta(days=10))


def test_settings_override_fields_and_add_plans() -> None:
    plans = build_plans(
        {
            "community": {"credits_per_day": 50, "max_range_days": {"5m": 2}},
            "tiny": {"credits_per_day": 3, "requests_per_second": 100},
        }
    )
    assert plans["community"].credits_per_day == 50
    assert plans["community"].max_range_days["5m"] == 2
    assert plans["community"].max_range_days["1d"] == 366
    assert plans["tiny"].name == "tiny"
    assert plans["tiny"].credits_per_day == 3
    assert plans["tiny"].max_range_days == COMMUNITY.max_range_days
    assert DEFAULT_PLANS["community"].credits_per_day == 500


def test_a_plan_without_a_positive_rate_is_refused() -> None:
    with pytest.raises(ValueError, match="requests_per_second must be positive"):
        build_plans({"broken": {"requests_per_second": 0}})
