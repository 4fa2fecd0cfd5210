"""Rooftop PV estimate choice and interval gaps on real AEMO MMSDM files (NEMOSIS subsets: NSW1
and SA1; the first 3 and last 2 days of each month, so each month has one real hole).

Real: TRADINGPRICE 2021_09 (30-minute) and 2021_10 (5-minute), which meet at five-minute
settlement (the last half hour ends 2021/10/01 00:00, the first 5-minute interval ends 00:05);
ROOFTOP_PV_ACTUAL 2024_07 as published. Every half hour of both real rooftop files has a
MEASUREMENT and a SATELLITE row, so no real half hour needs the SATELLITE fallback; the fallback
is shown on the 2024_08 file with the MEASUREMENT rows of the half hours ending on 2024/08/30
taken out (every other row, SATELLITE ones included, is AEMO's).
"""

import csv
import io
import zipfile
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from flows.downstream import run_transform
from ingest.loader import load_file
from ingest.stores.duckdb_store import DuckDBRawStore
from opennem.warehouse import WarehouseUrl

TRADING_PRICE = (
    "mmsdm/2021_09/PUBLIC_DVD_TRADINGPRICE_202109010000.zip",
    "mmsdm/2021_10/PUBLIC_DVD_TRADINGPRICE_202110010000.zip",
)
ROOFTOP_2024_07 = "mmsdm/2024_07/PUBLIC_DVD_ROOFTOP_PV_ACTUAL_202407010000.zip"
ROOFTOP_2024_08 = "mmsdm/2024_08/PUBLIC_ARCHIVE%23ROOFTOP_PV_ACTUAL%23FILE01%23202408010000.zip"
MEASUREMENT_DROPPED_ON = "2024/08/30"
REGIONS = ("NSW1", "SA1")


def without_measurements(zip_path: Path, day: str) -> tuple[bytes, int]:
    """The rooftop zip with the MEASUREMENT rows of the half hours ending on `day` (YYYY/MM/DD)
    removed, and how many were removed; rows are found by the file's own header names."""
    with zipfile.ZipFile(zip_path) as archive:
        (member,) = archive.namelist()
        lines = archive.read(member).decode().splitlines()
    kept, header, dropped = [], [], 0
    for line in lines:
        row = next(csv.reader([line]))
        if row[0] == "I":
            header = row
        elif row[0] == "D":
            fields = dict(zip(header, row, strict=True))
            if fields["TYPE"] == "MEASUREMENT" and fields["INTERVAL_DATETIME"].startswith(day):
                dropped += 1
                continue
        kept.append(line)
    sink = io.BytesIO()
    with zipfile.ZipFile(sink, "w") as archive:
        archive.writestr(member, "\r\n".join(kept) + "\r\n")
    return sink.getvalue(), dropped


@pytest.fixture(scope="module")
def dropped_measurements(fixtures_dir: Path) -> tuple[bytes, int]:
    return without_measurements(fixtures_dir / ROOFTOP_2024_08, MEASUREMENT_DROPPED_ON)


@pytest.fixture(scope="module")
def warehouse(
    fixtures_dir: Path,
    tmp_path_factory: pytest.TempPathFactory,
    dropped_measurements: tuple[bytes, int],
) -> Path:
    path = tmp_path_factory.mktemp("gaps") / "warehouse.duckdb"
    with duckdb.connect(str(path)) as conn:
        store = DuckDBRawStore(conn)
        results = [
            load_file(store, fixtures_dir / name, check_count=False)
            for name in (*TRADING_PRICE, ROOFTOP_2024_07)
        ]
        data, _ = dropped_measurements
        derived = f"derived:{ROOFTOP_2024_08}"
        results.append(
            load_file(store, derived, name=Path(ROOFTOP_2024_08).name, data=data, check_count=False)
        )
        for result in results:
            assert result.status == "loaded", result.reason
    run_transform(
        ["build", "--select", "+int_interval_gaps__detected", "+int_rooftop_actual__spread_5m"],
        WarehouseUrl.parse(f"duckdb:///{path}"),
    )
    return path


def query(path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path)) as conn:
        return conn.execute(sql).fetchall()


def gaps(path: Path, source_table: str) -> set[tuple]:
    return set(
        query(
            path,
            "select network_region, first_missing_start, last_missing_start, missing_intervals "
            f"from intermediate.int_interval_gaps__detected where source_table = '{source_table}'",
        )
    )


def test_no_gap_at_five_minute_settlement_and_the_real_holes_on_each_side(warehouse: Path) -> None:
    # The subsets' holes: Sep 3 23:30 .. Sep 28 23:00 in half hours (25 days), Oct 3 23:55 ..
    # Oct 29 23:50 in 5-minute intervals (26 days); nothing where the cadence changes.
    half_hour_hole = (datetime(2021, 9, 3, 23, 30), datetime(2021, 9, 28, 23, 0), 25 * 48)
    five_minute_hole = (datetime(2021, 10, 3, 23, 55), datetime(2021, 10, 29, 23, 50), 26 * 288)
    assert gaps(warehouse, "trading_price") == {
        (region, *hole) for region in REGIONS for hole in (half_hour_hole, five_minute_hole)
    }

    # The step that used to be reported: the last half hour, then the first 5-minute interval.
    assert query(
        warehouse,
        "select interval_start, interval_end, interval_minutes "
        "from intermediate.int_trading_price__deduplicated where network_region = 'NSW1' "
        "and interval_start between timestamp '2021-09-30 23:30:00' "
        "and timestamp '2021-10-01 00:00:00' "
        "order by interval_start",
    ) == [
        (datetime(2021, 9, 30, 23, 30), datetime(2021, 10, 1, 0, 0), 30),
        (datetime(2021, 10, 1, 0, 0), datetime(2021, 10, 1, 0, 5), 5),
    ]


def test_measurement_is_kept_wherever_the_real_file_has_one(warehouse: Path) -> None:
    # Every half hour of the July file has both types: none relies on SATELLITE.
    (satellite_only,) = query(
        warehouse,
        "select count(*) from (select regionid, interval_datetime from raw.rooftop_actual "
        f"where _source_file like '{Path(ROOFTOP_2024_07).name}/%' "
        "group by 1, 2 having count(*) filter (where type = 'MEASUREMENT') = 0) as only_satellite",
    )[0]
    assert satellite_only == 0

    kept = query(
        warehouse,
        "select kept.measurement_type, count(*), "
        "count(*) filter (where kept.power_mw = cast(raw.power as double)) "
        "from intermediate.int_rooftop_actual__deduplicated as kept "
        "join raw.rooftop_actual as raw on raw.regionid = kept.network_region "
        "and raw.interval_datetime = strftime(kept.interval_end, '%Y/%m/%d %H:%M:%S') "
        "and raw.type = 'MEASUREMENT' "
        "where kept.interval_end < timestamp '2024-08-01 00:30:00' group by 1",
    )
    # Jul 1..3 and Jul 30..31 (5 days of 48 half hours) per region, each its MEASUREMENT MW.
    assert kept == [("MEASUREMENT", 2 * 5 * 48, 2 * 5 * 48)]


def test_satellite_fills_half_hours_without_measurement(
    warehouse: Path, dropped_measurements: tuple[bytes, int]
) -> None:
    _, dropped = dropped_measurements
    filled = query(
        warehouse,
        "select count(*), count(*) filter (where kept.power_mw = cast(raw.power as double)) "
        "from intermediate.int_rooftop_actual__deduplicated as kept "
        "join raw.rooftop_actual as raw on raw.regionid = kept.network_region "
        "and raw.interval_datetime = strftime(kept.interval_end, '%Y/%m/%d %H:%M:%S') "
        "and raw.type = 'SATELLITE' "
        "where kept.measurement_type = 'SATELLITE'",
    )
    # 48 half hours end on 2024/08/30 (00:00 .. 23:30) in each region; each kept its SATELLITE MW.
    assert dropped == 2 * 48
    assert filled == [(dropped, dropped)]
    (days,) = query(
        warehouse,
        "select count(distinct cast(interval_end as date)) from "
        "intermediate.int_rooftop_actual__deduplicated where measurement_type = 'SATELLITE'",
    )[0]
    assert days == 1

    # So the rooftop series has only the subsets' holes (the half hours ending Jul 4 00:00 ..
    # Jul 29 23:30 and Aug 4 00:00 .. Aug 29 23:30), none where MEASUREMENT was taken out.
    holes = [
        (datetime(2024, 7, 3, 23, 30), datetime(2024, 7, 29, 23, 0), 26 * 48),
        (datetime(2024, 8, 3, 23, 30), datetime(2024, 8, 29, 23, 0), 26 * 48),
    ]
    assert gaps(warehouse, "rooftop_actual") == {
        (region, *hole) for region in REGIONS for hole in holes
    }
