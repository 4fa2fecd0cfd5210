"""The newest interval of a 5-minute mart per member network (AU: NEM and WEM, WEM's rows moved
2 hours later). Read from the whole mart the first time; after a publish, only from a day
before the previous newest on, unless a member's newest went back or the whole mart was last
read an hour ago or more."""

import os
import time
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

from api.queries import WHOLE_READ_EVERY_S, Newest, refreshed_newest
from api.reader import DuckDBServingReader, Row
from opennem.networks import AU
from tests.api.conftest import write_marts
from tests.api.series_rows import fueltech_5m

TABLE = "marts.fct_fueltech_intervals_5m_v1"
T0 = datetime(2024, 7, 1)
FIVE = timedelta(minutes=5)


class Recording:
    """The DuckDB reader, noting the parameters of every query."""

    def __init__(self, path: Path) -> None:
        self.reader = DuckDBServingReader(path)
        self.params: list[list[object]] = []

    def query(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        self.params.append(list(params))
        return self.reader.query(sql, params)

    def version(self) -> str:
        return self.reader.version()


def publish(serving: Path, nem: int, wem_start: datetime, wem: int) -> None:
    """`nem` SA1 intervals from T0 and `wem` WEM intervals from `wem_start` (naive AWST)."""
    rows = fueltech_5m(T0, nem, "SA1", "wind", 100.0)
    rows += fueltech_5m(wem_start, wem, "WEM", "wind", 10.0, network="WEM")
    staged = write_marts(serving.with_suffix(".tmp"), {"fct_fueltech_intervals_5m_v1": rows})
    os.replace(staged, serving)


def reads(reader: Recording) -> list[datetime | None]:
    """Per query, the start of the rows it read (None: the whole mart)."""
    return [next((p for p in params if isinstance(p, datetime)), None) for params in reader.params]


def test_after_a_publish_only_the_rows_since_a_day_before_are_read(tmp_path: Path) -> None:
    serving = tmp_path / "w.serving.duckdb"
    publish(serving, 288, T0 - timedelta(hours=2), 276)
    reader = Recording(serving)
    first = refreshed_newest(reader, TABLE, AU, None)
    assert first.by_member == {"NEM": T0 + 287 * FIVE, "WEM": T0 + 275 * FIVE}
    publish(serving, 300, T0 - timedelta(hours=2), 290)
    second = refreshed_newest(reader, TABLE, AU, first)
    assert second == Newest({"NEM": T0 + 299 * FIVE, "WEM": T0 + 289 * FIVE}, first.whole_read_at)
    assert reads(reader) == [None, T0 + 275 * FIVE - timedelta(days=1)]


def test_a_member_whose_newest_went_back_is_read_from_the_whole_mart(tmp_path: Path) -> None:
    serving = tmp_path / "w.serving.duckdb"
    publish(serving, 288, T0 - timedelta(hours=2), 288)
    reader = Recording(serving)
    first = refreshed_newest(reader, TABLE, AU, None)
    publish(serving, 12, T0 - timedelta(hours=2), 288)  # SA1's rows after the first hour deleted
    second = refreshed_newest(reader, TABLE, AU, first)
    assert second.by_member == {"NEM": T0 + 11 * FIVE, "WEM": T0 + 287 * FIVE}
    assert second.whole_read_at > first.whole_read_at
    assert reads(reader) == [None, T0 + 287 * FIVE - timedelta(days=1), None]


def test_a_new_member_with_only_old_rows_is_found_by_the_hourly_whole_read(
    tmp_path: Path,
) -> None:
    serving = tmp_path / "w.serving.duckdb"
    publish(serving, 288, T0, 0)
    reader = Recording(serving)
    first = refreshed_newest(reader, TABLE, AU, None)
    publish(serving, 288, T0 - timedelta(days=3), 12)  # the WEM backfilled, three days back
    assert refreshed_newest(reader, TABLE, AU, first).by_member.keys() == {"NEM"}
    hour_ago = Newest(first.by_member, time.monotonic() - WHOLE_READ_EVERY_S)
    assert refreshed_newest(reader, TABLE, AU, hour_ago).by_member == {
        "NEM": T0 + 287 * FIVE,
        "WEM": T0 - timedelta(days=3) + 11 * FIVE + timedelta(hours=2),
    }
