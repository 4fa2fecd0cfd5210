"""demand_gross on the real July 2024 MMSDM files (NEMOSIS subsets of NSW1 and SA1, loaded with
the count check off: they keep AEMO's original END OF REPORT count), against a computation
straight from the files in Python: DEMAND_AND_NONSCHEDGEN of the INTERVENTION = 0 run plus the
rooftop PV of the half hour holding the interval (MEASUREMENT, else SATELLITE), the newest half
hour carried forward to the intervals after it."""

import csv
import io
import zipfile
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from flows.downstream import run_transform
from opennem.warehouse import WarehouseUrl
from tests.transform.conftest import NO_LOOKBACK, Loader

JULY = "mmsdm/2024_07"
REGIONSUM = "PUBLIC_DVD_DISPATCHREGIONSUM_202407010000.zip"
ROOFTOP = "PUBLIC_DVD_ROOFTOP_PV_ACTUAL_202407010000.zip"
FIVE = timedelta(minutes=5)
STAMP = "%Y/%m/%d %H:%M:%S"


def mms_rows(path: Path) -> Iterator[dict[str, str]]:
    """The D rows of the one MMS table in a zipped CSV, by the names of its I row."""
    with zipfile.ZipFile(path) as archive:
        (member,) = archive.namelist()
        text = archive.read(member).decode()
    header: list[str] = []
    for row in csv.reader(io.StringIO(text)):
        if row[0] == "I":
            header = row[4:]
        elif row[0] == "D":
            yield dict(zip(header, row[4:], strict=True))


def half_hour_end(interval_end: datetime) -> datetime:
    """The end of the 30-minute period holding the 5-minute interval ending `interval_end`."""
    past = (interval_end.minute % 30) or 30
    return interval_end + timedelta(minutes=30 - past)


def expected_demand_gross(folder: Path) -> dict[tuple[str, datetime], float]:
    """(region, interval START) -> demand_total + rooftop, from the files alone."""
    rooftop: dict[tuple[str, datetime], dict[str, float]] = {}
    for row in mms_rows(folder / ROOFTOP):
        key = (row["REGIONID"], datetime.strptime(row["INTERVAL_DATETIME"], STAMP))
        rooftop.setdefault(key, {})[row["TYPE"]] = float(row["POWER"])
    newest: dict[str, datetime] = {}
    for region, end in rooftop:
        newest[region] = max(end, newest.get(region, end))
    expected = {}
    for row in mms_rows(folder / REGIONSUM):
        if row["INTERVENTION"] != "0":
            continue
        region, end = row["REGIONID"], datetime.strptime(row["SETTLEMENTDATE"], STAMP)
        half_hour = min(half_hour_end(end), newest[region])
        types = rooftop.get((region, half_hour))
        if types is None:
            continue
        pv = types.get("MEASUREMENT", types.get("SATELLITE"))
        assert pv is not None
        expected[(region, end - FIVE)] = float(row["DEMAND_AND_NONSCHEDGEN"]) + pv
    return expected


@pytest.mark.e2e
def test_demand_gross_agrees_with_the_july_2024_files(
    fixtures_dir: Path, duckdb_path: Path, load: Loader
) -> None:
    for name in (REGIONSUM, ROOFTOP):
        load(fixtures_dir / JULY / name)
    run_transform(
        [
            "build",
            "--select",
            "+fct_market_summary",
            "--exclude-resource-type",
            "test",
            "unit_test",
            *NO_LOOKBACK,
        ],
        WarehouseUrl.parse(f"duckdb:///{duckdb_path}"),
    )
    with duckdb.connect(str(duckdb_path)) as conn:
        served = {
            (region, start): value
            for region, start, value in conn.execute(
                "select network_region, interval_start, demand_gross "
                "from marts.fct_market_summary_v2 where demand_gross is not null"
            ).fetchall()
        }

    expected = expected_demand_gross(fixtures_dir / JULY)
    assert len(expected) > 2000  # both regions over the subset's days
    assert served.keys() == expected.keys()
    assert served == pytest.approx(expected)
