"""Incremental marts never keep a partial day, and late or revised rows flow through.

SCADA is the real MMSDM August 2024 DISPATCH_UNIT_SCADA subset (AGLHAL, HDWF2), split at noon of
2024-08-01 into two MMS CSV files written from the real rows: the morning is loaded and built
first, the rest later. The second file also carries one revised copy of a morning row (a real
row with its SCADAVALUE changed), as AEMO's later publications do. After each build every rollup
(tests.support.rollups.ROLLUPS) equals a full recomputation from its 5-minute source; the same
scenario runs on PostgreSQL and ClickHouse in tests/engines/test_engine_rollups.py.
"""

from collections.abc import Sequence
from pathlib import Path

import duckdb
import pytest

from tests.support.mms_text import write_mms_file
from tests.support.rollups import Query, all_mismatches
from tests.transform.conftest import MMSDM_2024_08, Builder, Loader, mms_csv_text

SCADA_ZIP = "PUBLIC_ARCHIVE%23DISPATCH_UNIT_SCADA%23FILE01%23202408010000.zip"
SPLIT_AT = "2024/08/01 12:00:00"
REVISED_ROW = "D,DISPATCH,UNIT_SCADA,1,2024/08/01 10:00:00,HDWF2,"
REVISED_START = "2024-08-01 09:55:00"  # the revised row's interval START
REVISED_MW = 1.5
DAY = "2024-08-01"


def write_mms(path: Path, header: list[str], data: list[str]) -> Path:
    return write_mms_file(path, [*header, *data])


def split_scada(fixtures_dir: Path, workdir: Path) -> tuple[Path, Path]:
    lines = mms_csv_text(fixtures_dir / MMSDM_2024_08 / SCADA_ZIP).splitlines()
    header = [
        line for line in lines if line.startswith(("C,", "I,")) and "END OF REPORT" not in line
    ]
    rows = [line for line in lines if line.startswith("D,")]
    morning = [row for row in rows if row.split(",")[4] <= SPLIT_AT]
    rest = [row for row in rows if row.split(",")[4] > SPLIT_AT]
    (original,) = [row for row in morning if row.startswith(REVISED_ROW)]
    revised = f"{REVISED_ROW}{float(original.rsplit(',', 1)[1]) + REVISED_MW}"
    return (
        write_mms(workdir / "PUBLIC_DISPATCHSCADA_MORNING.CSV", header, morning),
        write_mms(workdir / "PUBLIC_DISPATCHSCADA_REST.CSV", header, [*rest, revised]),
    )


def revised_interval_mw(query: Query) -> tuple[float, float]:
    """At the revised interval: SA1 wind MW (HDWF2 is the fixture's only SA1 wind unit) in the
    fueltech mart, and SA1 renewable generation MW in the renewable mart."""
    at = f"network_region = 'SA1' and interval_start = cast('{REVISED_START}' as timestamp)"
    ((wind,),) = query(
        f"select power_mw from marts.fct_fueltech_intervals_5m_v1 where {at} "
        "and fueltech_id = 'wind'"
    )
    ((renewable,),) = query(
        f"select generation_renewable_mw from marts.fct_renewable_intervals_5m_v1 where {at}"
    )
    return float(wind), float(renewable)


def duckdb_query(path: Path) -> Query:
    def _query(sql: str) -> list[tuple]:
        with duckdb.connect(str(path)) as conn:
            return conn.execute(sql).fetchall()

    return _query


def day_counts(query: Query) -> dict[tuple[str, str], int]:
    rows = query(
        f"""
        select network_region, fueltech_id, interval_count
        from marts.fct_fueltech_intervals_daily_v1 where interval_day = date '{DAY}'
        """,
    )
    return {(str(region), str(fueltech)): int(count) for region, fueltech, count in rows}


def unit_day(query: Query, unit: str) -> tuple[int, int, int, int]:
    """(interval_count, hour and minute of the first and last interval) of a unit's daily row."""
    ((count, first, last),) = query(
        "select interval_count, first_interval_start, last_interval_start "
        f"from marts.fct_unit_intervals_daily_v1 where unit_code = '{unit}' "
        f"and interval_day = date '{DAY}'"
    )
    return int(count), first.hour, last.hour, last.minute  # type: ignore[attr-defined]


def market_rows(query: Query) -> Sequence[Sequence[object]]:
    """The generation side of the market summary, 5-minute (rounded to 1e-6)."""
    return query(
        "select interval_start, network_region, round(generation_energy, 6), "
        "round(emissions, 6), round(generation_renewable_energy, 6), "
        "round(demand_gross_energy, 6) from marts.fct_market_summary_v2 order by all"
    )


def unit_rows(query: Query) -> Sequence[Sequence[object]]:
    return query(
        """
        select unit_code, fueltech_id, interval_start, power_mw, energy_mwh, emissions_t,
            market_value
        from marts.fct_unit_intervals_v1 order by all
        """,
    )


@pytest.mark.e2e
def test_half_day_then_rest_rebuilds_whole_day(
    fixtures_dir: Path, tmp_path: Path, market_warehouse: Path, load: Loader, build: Builder
) -> None:
    query = duckdb_query(market_warehouse)
    morning, rest = split_scada(fixtures_dir, tmp_path)

    load(morning)
    build()
    # 00:00 .. 11:55 interval starts: half a day for the two SCADA units.
    assert day_counts(query)[("SA1", "gas_ocgt")] == 144
    assert unit_day(query, "HDWF2") == (144, 0, 11, 55)
    assert all_mismatches(query) == []
    before = revised_interval_mw(query)

    load(rest)
    build()
    counts = day_counts(query)
    assert counts[("SA1", "gas_ocgt")] == 288
    assert counts[("SA1", "wind")] == 288
    assert unit_day(query, "HDWF2") == (288, 0, 23, 55)
    assert all_mismatches(query) == []

    # The revised copy (loaded later) replaced the morning value, in the unit, fueltech and
    # renewable marts (and so, by the check above, in every rollup).
    ((power,),) = query(
        "select power_mw from marts.fct_unit_intervals_v1 "
        f"where unit_code = 'HDWF2' and interval_start = timestamp '{REVISED_START}'",
    )
    ((original,),) = query(
        "select cast(scadavalue as double) from raw.dispatch_unit_scada "
        "where duid = 'HDWF2' and settlementdate = '2024/08/01 10:00:00' "
        "order by _loaded_at limit 1",
    )
    assert power == pytest.approx(original + REVISED_MW)
    assert revised_interval_mw(query) == pytest.approx([mw + REVISED_MW for mw in before])

    # Incremental runs (including the noon seam, whose trapezoid needs a morning sample) give
    # exactly what a full rebuild gives.
    incremental, market = unit_rows(query), market_rows(query)
    build("--full-refresh")
    assert unit_rows(query) == incremental
    assert market_rows(query) == market
