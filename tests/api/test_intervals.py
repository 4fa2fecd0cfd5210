"""Bucketing: Python floors (the grid) agree with the SQL buckets, and fy/season are right."""

from collections.abc import Callable
from datetime import datetime, timedelta
from itertools import pairwise
from typing import Any

import duckdb
import pytest
from starlette.testclient import TestClient

from api.intervals import INTERVALS
from tests.api.series_rows import dim_unit, fueltech_5m, unit_5m

# 5-minute interval starts, as the marts hold them
MOMENTS = [
    datetime(2024, 1, 15, 10, 5),
    datetime(2024, 1, 15, 10, 25),
    datetime(2024, 1, 15, 10, 30),
    datetime(2024, 1, 15, 10, 35),
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
        ("30m", datetime(2024, 7, 1, 0, 0), 48),
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


def _half_hours(client: TestClient, network: str, **params: Any) -> list[list[Any]]:
    response = client.get(
        f"/v4/data/network/{network}", params={"metrics": "power", "interval": "30m", **params}
    )
    assert response.status_code == 200, response.text
    (item,) = response.json()["data"]
    assert item["interval"] == "30m"
    (result,) = item["results"]
    data: list[list[Any]] = result["data"]
    return data


def test_30m_means_six_5m_intervals_served_once_complete(
    make_client: Callable[[dict[str, Any]], TestClient],
) -> None:
    # 00:00 .. 01:10: two complete half hours, the third (01:00 .. 01:30) has 3 of its 6 rows
    rows = fueltech_5m(datetime(2024, 7, 1), 6, "SA1", "wind", 100.0)
    rows += fueltech_5m(datetime(2024, 7, 1, 0, 30), 9, "SA1", "wind", 160.0, skip=(1,))
    client = make_client({"fct_fueltech_intervals_5m_v1": rows})
    assert _half_hours(client, "NEM", date_start="2024-07-01") == [
        ["2024-07-01T00:00:00+10:00", 100.0],
        ["2024-07-01T00:30:00+10:00", 160.0],
    ]


def test_30m_on_au_aligns_the_wem_to_aest(
    make_client: Callable[[dict[str, Any]], TestClient],
) -> None:
    nem = fueltech_5m(datetime(2024, 7, 1), 12, "SA1", "wind", 100.0)
    wem = fueltech_5m(datetime(2024, 6, 30, 22), 12, "WEM", "wind", 10.0, network="WEM")
    client = make_client({"fct_fueltech_intervals_5m_v1": nem + wem})
    assert _half_hours(client, "AU", date_start="2024-07-01") == [
        ["2024-07-01T00:00:00+10:00", 110.0],
        ["2024-07-01T00:30:00+10:00", 110.0],
    ]
    assert _half_hours(client, "WEM")[0] == ["2024-06-30T22:00:00+08:00", 10.0]


def test_30m_facility_data_per_unit(make_client: Callable[[dict[str, Any]], TestClient]) -> None:
    client = make_client(
        {
            "fct_unit_intervals_v1": unit_5m(datetime(2024, 7, 1), 12, "BW01", "NSW1", "coal", 6.0),
            "dim_units_v1": [dim_unit("BW01", "NSW1", "coal", "operating")],
        }
    )
    response = client.get(
        "/v4/data/facilities/NEM",
        params={"unit_code": "BW01", "metrics": "energy", "interval": "30m"},
    )
    assert response.status_code == 200, response.text
    (item,) = response.json()["data"]
    (result,) = item["results"]
    assert result["data"] == [
        ["2024-07-01T00:00:00+10:00", 3.0],
        ["2024-07-01T00:30:00+10:00", 3.0],
    ]
