"""Bucketing: Python floors (the grid) agree with the SQL buckets, and fy/season are right."""

from datetime import datetime, timedelta
from itertools import pairwise

import duckdb
import pytest

from api.intervals import INTERVALS

# 5-minute interval starts, as the marts hold them
MOMENTS = [
    datetime(2024, 1, 15, 10, 5),
    datetime(2024, 2, 29, 23, 55),
    datetime(2024, 6, 30, 23, 55),
    datetime(2024, 7, 1, 0, 0),
    datetime(2024, 11, 30, 12, 0),
    datetime(2024, 12, 1, 0, 0),
    datetime(2025, 3, 1, 0, 5),
]


@pytest.mark.parametrize(
    ("moment", "season", "fy"),
    [
        (datetime(2024, 1, 15), datetime(2023, 12, 1), datetime(2023, 7, 1)),
        (datetime(2024, 2, 29), datetime(2023, 12, 1), datetime(2023, 7, 1)),
        (datetime(2024, 3, 1), datetime(2024, 3, 1), datetime(2023, 7, 1)),
        (datetime(2024, 6, 30, 23, 55), datetime(2024, 6, 1), datetime(2023, 7, 1)),
        (datetime(2024, 7, 1), datetime(2024, 6, 1), datetime(2024, 7, 1)),
        (datetime(2024, 9, 1), datetime(2024, 9, 1), datetime(2024, 7, 1)),
        (datetime(2024, 12, 31), datetime(2024, 12, 1), datetime(2024, 7, 1)),
    ],
)
def test_season_is_djf_mam_jja_son_and_fy_starts_in_july(
    moment: datetime, season: datetime, fy: datetime
) -> None:
    assert INTERVALS["season"].floor(moment) == season
    assert INTERVALS["fy"].floor(moment) == fy


@pytest.mark.parametrize("code", list(INTERVALS))
def test_sql_bucket_matches_python_floor(code: str) -> None:
    interval = INTERVALS[code]
    conn = duckdb.connect()
    for moment in MOMENTS:
        literal = f"timestamp '{moment.isoformat(sep=' ')}'"
        row = conn.execute(f"select {interval.sql_bucket(literal)}").fetchone()
        assert row is not None
        assert row[0] == interval.floor(moment), (code, moment)


@pytest.mark.parametrize(
    ("code", "first", "count"),
    [
        ("5m", datetime(2024, 7, 1, 0, 0), 12),
        ("1h", datetime(2024, 7, 1, 0, 0), 24),
        ("1d", datetime(2024, 7, 1), 31),
        ("7d", datetime(2024, 7, 1), 5),
        ("1M", datetime(2024, 1, 1), 12),
        ("3M", datetime(2024, 1, 1), 4),
        ("season", datetime(2023, 12, 1), 4),
        ("1y", datetime(2020, 1, 1), 4),
        ("fy", datetime(2020, 7, 1), 4),
    ],
)
def test_grid_steps_are_contiguous(code: str, first: datetime, count: int) -> None:
    interval = INTERVALS[code]
    starts = [first]
    for _ in range(count):
        starts.append(interval.following(starts[-1]))
    assert interval.grid(first, starts[-1]) == starts[:-1]
    assert all(interval.floor(s) == s for s in starts)
    assert all(later > earlier for earlier, later in pairwise(starts))
    assert interval.grid(first + timedelta(minutes=1), first + timedelta(minutes=2)) == [first]
