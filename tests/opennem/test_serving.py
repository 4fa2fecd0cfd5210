"""Publishing the marts as Parquet partitions behind a serving file of views (real DuckDB files):
only changed partitions are written, a month's day files compact into one, a full refresh or lost
rows republish a table whole, retired files outlive a grace period."""

import os
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from opennem.serving import (
    key_bounds,
    partition_key,
    publish_marts,
    read_manifest,
    serving_dir,
)

FIVE_MINUTE = "fct_things_5m_v1"
DAILY = "fct_things_daily_v1"
DIM = "dim_things_v1"
HISTORY_LOADED_AT = datetime(2024, 7, 1)


def add_intervals(database: Path, start: str, end: str, loaded_at: datetime) -> None:
    """Two units' 5-minute rows from `start` to `end` (exclusive), loaded at `loaded_at`, and
    the daily mart rebuilt for the days they touch (delete+insert, as the incremental models do)."""
    with duckdb.connect(str(database)) as conn:
        conn.execute(
            f"insert into marts.{FIVE_MINUTE} select ts, unit, hash(ts, unit) % 100 / 10.0, ? "
            f"from generate_series(cast(? as timestamp), cast(? as timestamp) - interval 5 minute, "
            f"interval 5 minute) as g(ts), (values ('A1'), ('B1')) as u(unit)",
            [loaded_at, start, end],
        )
        conn.execute(
            f"delete from marts.{DAILY} where interval_day >= cast(? as timestamp)::date", [start]
        )
        conn.execute(
            f"insert into marts.{DAILY} select cast(interval_start as date), unit_code, "
            f"sum(power_mw), max(_loaded_at) from marts.{FIVE_MINUTE} "
            f"where cast(interval_start as date) >= cast(? as timestamp)::date group by all",
            [start],
        )


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    """Marts of two units over June and July 2024 (history loaded on 2024-07-01)."""
    database = tmp_path / "w.duckdb"
    with duckdb.connect(str(database)) as conn:
        conn.execute("create schema marts")
        conn.execute(
            f"create table marts.{FIVE_MINUTE} (interval_start timestamp, unit_code varchar, "
            "power_mw double, _loaded_at timestamp)"
        )
        conn.execute(
            f"create table marts.{DAILY} (interval_day date, unit_code varchar, "
            "energy double, _loaded_at timestamp)"
        )
        conn.execute(f"create table marts.{DIM} as select 'A1' as unit_code, 1::hugeint as n")
        conn.execute("create table marts.fct_nothing_v1 (interval_day date, _loaded_at timestamp)")
    add_intervals(database, "2024-06-01", "2024-07-20", HISTORY_LOADED_AT)
    return database


def files(database: Path) -> dict[str, int]:
    """The published Parquet files (relative path -> inode)."""
    directory = serving_dir(database)
    return {
        path.relative_to(directory).as_posix(): path.stat().st_ino
        for path in directory.glob("*/*.parquet")
    }


def served(serving: Path, sql: str) -> list[tuple[object, ...]]:
    with duckdb.connect(str(serving), read_only=True) as conn:
        return conn.execute(sql).fetchall()


def warehouse_rows(database: Path, sql: str) -> list[tuple[object, ...]]:
    with duckdb.connect(str(database), read_only=True) as conn:
        return conn.execute(sql).fetchall()


EVERY_ROW = f"select * from marts.{FIVE_MINUTE} order by interval_start, unit_code"


def test_partitions_by_day_in_the_newest_month_and_by_month_before(warehouse: Path) -> None:
    serving = publish_marts(warehouse)

    tables = read_manifest(serving_dir(warehouse)).tables
    assert sorted(tables[FIVE_MINUTE].partitions) == [
        "2024-06",
        *(f"2024-07-{day:02d}" for day in range(1, 20)),
    ]
    assert sorted(tables[DAILY].partitions) == ["2024-06", "2024-07"]
    assert list(tables[DIM].partitions) == ["all"]
    assert tables[FIVE_MINUTE].rows == 2 * 288 * 49
    assert served(serving, EVERY_ROW) == warehouse_rows(warehouse, EVERY_ROW)
    # types survive Parquet (a HUGEINT is written as a DOUBLE and cast back)
    assert served(serving, f"select typeof(n), n from marts.{DIM}") == [("HUGEINT", 1)]
    # a mart without rows: an empty table of its columns
    assert served(serving, "select count(*) from marts.fct_nothing_v1") == [(0,)]
    assert [kind for _, kind, *_ in served(serving, "describe marts.fct_nothing_v1")] == [
        "DATE",
        "TIMESTAMP",
    ]
    # the serving file holds views, not copies of the rows
    assert serving.stat().st_size < 1_000_000
    assert served(serving, "select count(*) from duckdb_views() where not internal") == [(3,)]


def test_one_new_interval_writes_only_its_day(warehouse: Path) -> None:
    publish_marts(warehouse)
    before = files(warehouse)
    add_intervals(warehouse, "2024-07-20 00:00", "2024-07-20 00:05", datetime(2024, 7, 20, 0, 7))

    serving = publish_marts(warehouse)

    after = files(warehouse)
    new = sorted(set(after) - set(before))
    assert new == sorted(
        [
            f"{DIM}/all.2.parquet",
            f"{DAILY}/2024-07.2.parquet",
            f"{FIVE_MINUTE}/2024-07-20.2.parquet",
        ]
    )
    live = read_manifest(serving_dir(warehouse)).files()
    kept = {file for file in live if file not in new}
    assert len(kept) == 1 + 19 + 1  # the 5-minute June and July days, the daily June
    assert all(after[file] == before[file] for file in kept)  # same names, same inodes
    assert served(serving, EVERY_ROW) == warehouse_rows(warehouse, EVERY_ROW)
    assert read_manifest(serving_dir(warehouse)).tables[FIVE_MINUTE].loaded_at == (
        "2024-07-20 00:07:00"
    )


def test_a_later_month_compacts_the_days_of_the_previous_one(warehouse: Path) -> None:
    publish_marts(warehouse)
    add_intervals(warehouse, "2024-08-01 00:00", "2024-08-01 00:05", datetime(2024, 8, 1, 0, 7))

    serving = publish_marts(warehouse)

    partitions = read_manifest(serving_dir(warehouse)).tables[FIVE_MINUTE].partitions
    assert sorted(partitions) == ["2024-06", "2024-07", "2024-08-01"]
    assert partitions["2024-07"].rows == 2 * 288 * 19
    assert partitions["2024-06"].file == f"{FIVE_MINUTE}/2024-06.1.parquet"  # untouched
    assert served(serving, EVERY_ROW) == warehouse_rows(warehouse, EVERY_ROW)


def test_lost_rows_or_a_full_publish_republish_the_table_whole(warehouse: Path) -> None:
    publish_marts(warehouse)
    with duckdb.connect(str(warehouse)) as conn:  # as a full refresh that drops June
        conn.execute(f"delete from marts.{FIVE_MINUTE} where interval_start < '2024-07-01'")

    serving = publish_marts(warehouse)

    partitions = read_manifest(serving_dir(warehouse)).tables[FIVE_MINUTE].partitions
    assert "2024-06" not in partitions
    assert {p.file.split(".")[-2] for p in partitions.values()} == {"2"}
    assert served(serving, EVERY_ROW) == warehouse_rows(warehouse, EVERY_ROW)

    publish_marts(warehouse, full=True)

    tables = read_manifest(serving_dir(warehouse)).tables
    assert {p.file.split(".")[-2] for t in tables.values() for p in t.partitions.values()} == {"3"}


def test_changed_columns_republish_the_table_whole(warehouse: Path) -> None:
    publish_marts(warehouse)
    with duckdb.connect(str(warehouse)) as conn:
        conn.execute(f"alter table marts.{FIVE_MINUTE} add column source varchar default 'scada'")

    serving = publish_marts(warehouse)

    partitions = read_manifest(serving_dir(warehouse)).tables[FIVE_MINUTE].partitions
    assert {p.file.split(".")[-2] for p in partitions.values()} == {"2"}
    assert served(serving, f"select distinct source from marts.{FIVE_MINUTE}") == [("scada",)]


def test_a_reader_of_the_previous_snapshot_answers_after_a_publish(warehouse: Path) -> None:
    serving = publish_marts(warehouse)
    old = duckdb.connect()  # as the API's reader holds it: attached before the publish
    old.execute(f"attach '{serving}' as serving (read_only)")
    sql = f"select count(*) from serving.marts.{FIVE_MINUTE} where interval_start >= '2024-07-19'"
    assert old.execute(sql).fetchall() == [(2 * 288,)]
    # a late unit for the same day: its partition is rewritten under a new name
    with duckdb.connect(str(warehouse)) as conn:
        conn.execute(
            f"insert into marts.{FIVE_MINUTE} values ('2024-07-19 12:00', 'C1', 1.0, '2024-07-21')"
        )

    publish_marts(warehouse)

    assert old.execute(sql).fetchall() == [(2 * 288,)]  # the old files are still there
    assert served(serving, sql.replace("serving.", "")) == [(2 * 288 + 1,)]
    old.close()


def test_retired_files_are_deleted_after_the_grace_period(warehouse: Path) -> None:
    publish_marts(warehouse)
    first = set(files(warehouse))
    add_intervals(warehouse, "2024-07-20 00:00", "2024-07-20 00:05", datetime(2024, 7, 20, 0, 7))

    publish_marts(warehouse)  # the default grace: retired, still on disk

    retired = read_manifest(serving_dir(warehouse)).retired
    assert set(retired) == {f"{DIM}/all.1.parquet", f"{DAILY}/2024-07.1.parquet"}
    assert set(retired) <= set(files(warehouse)) and set(retired) <= first

    publish_marts(warehouse, grace_s=0)  # nothing changed since, so nothing more retired

    assert set(retired).isdisjoint(files(warehouse))
    manifest = read_manifest(serving_dir(warehouse))
    assert set(files(warehouse)) == manifest.files() | set(manifest.retired)


def test_a_crashed_publish_leaves_nothing_behind_and_no_name_reused(warehouse: Path) -> None:
    publish_marts(warehouse)
    orphan = serving_dir(warehouse) / FIVE_MINUTE / "2024-07-19.7.parquet"
    orphan.write_bytes(b"half written")

    publish_marts(warehouse, grace_s=0)

    assert not orphan.exists()
    assert {
        p.file.split(".")[-2]
        for p in read_manifest(serving_dir(warehouse)).tables[DIM].partitions.values()
    } == {"8"}


@pytest.mark.parametrize(
    ("column", "day", "newest", "key", "bounds"),
    [
        ("interval_start", "2024-07-03", "2024-07", "2024-07-03", ("2024-07-03", "2024-07-04")),
        ("interval_start", "2024-06-30", "2024-07", "2024-06", ("2024-06-01", "2024-07-01")),
        ("interval_day", "2024-12-31", "2024-12", "2024-12", ("2024-12-01", "2025-01-01")),
        ("interval_month", "2024-02-01", "2024-02", "2024", ("2024-01-01", "2025-01-01")),
    ],
)
def test_partition_keys_and_their_bounds(
    column: str, day: str, newest: str, key: str, bounds: tuple[str, str]
) -> None:
    found = partition_key(column, datetime.fromisoformat(day).date(), newest)

    assert found == key
    assert tuple(bound.isoformat() for bound in key_bounds(found)) == bounds


def test_the_serving_file_is_replaced_not_rewritten(warehouse: Path) -> None:
    serving = publish_marts(warehouse)
    inode = serving.stat().st_ino

    publish_marts(warehouse)

    assert serving.stat().st_ino != inode
    assert not os.path.exists(f"{serving}.tmp")
