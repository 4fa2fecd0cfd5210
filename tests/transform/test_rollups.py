"""Incremental marts never keep a partial day, and late or revised rows flow through.

SCADA is the real MMSDM August 2024 DISPATCH_UNIT_SCADA subset (AGLHAL, HDWF2), split at noon of
2024-08-01 into two MMS CSV files written from the real rows: the morning is loaded and built
first, the rest later. The second file also carries one revised copy of a morning row (a real
row with its SCADAVALUE changed), as AEMO's later publications do.
"""

from pathlib import Path

import duckdb
import pytest

from tests.transform.conftest import MMSDM_2024_08, Builder, Loader, mms_csv_text

SCADA_ZIP = "PUBLIC_ARCHIVE%23DISPATCH_UNIT_SCADA%23FILE01%23202408010000.zip"
SPLIT_AT = "2024/08/01 12:00:00"
REVISED_ROW = "D,DISPATCH,UNIT_SCADA,1,2024/08/01 10:00:00,HDWF2,"
REVISED_MW = 1.5
DAY = "2024-08-01"


def write_mms(path: Path, header: list[str], data: list[str]) -> Path:
    lines = [*header, *data]
    path.write_text("\n".join([*lines, f'C,"END OF REPORT",{len(lines) + 1}']) + "\n")
    return path


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


def query(path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path)) as conn:
        return conn.execute(sql).fetchall()


def daily_vs_five_minute(path: Path) -> list[tuple]:
    """(region, fueltech, day) rows where the daily mart differs from the 5-minute rows' sum."""
    return query(
        path,
        """
        with five as (
            select network_region, fueltech_id, cast(interval_start as date) as interval_day,
                sum(energy_mwh) as energy_mwh, count(*) as interval_count
            from marts.fct_fueltech_intervals_5m_v1 group by all
        )
        select *
        from five
        full outer join marts.fct_fueltech_intervals_daily_v1 as daily
            using (network_region, fueltech_id, interval_day)
        where daily.energy_mwh is null or five.energy_mwh is null
            or abs(five.energy_mwh - daily.energy_mwh) > 1e-6
            or five.interval_count <> daily.interval_count
        """,
    )


def monthly_vs_daily(path: Path) -> list[tuple]:
    return query(
        path,
        """
        with days as (
            select network_region, fueltech_id,
                cast(date_trunc('month', interval_day) as date) as interval_month,
                sum(energy_mwh) as energy_mwh, sum(interval_count) as interval_count
            from marts.fct_fueltech_intervals_daily_v1 group by all
        )
        select *
        from days
        full outer join marts.fct_fueltech_intervals_monthly_v1 as monthly
            using (network_region, fueltech_id, interval_month)
        where monthly.energy_mwh is null or days.energy_mwh is null
            or abs(days.energy_mwh - monthly.energy_mwh) > 1e-6
            or days.interval_count <> monthly.interval_count
        """,
    )


def day_counts(path: Path) -> dict[tuple[str, str], int]:
    rows = query(
        path,
        f"""
        select network_region, fueltech_id, interval_count
        from marts.fct_fueltech_intervals_daily_v1 where interval_day = date '{DAY}'
        """,
    )
    return {(region, fueltech): count for region, fueltech, count in rows}


def unit_day(path: Path, unit: str) -> tuple:
    """(interval_count, energy, first and last interval) of a unit's 2024-08-01 daily row, with
    the energy of its 5-minute rows that day."""
    (row,) = query(
        path,
        f"""
        select daily.interval_count, daily.energy_mwh, daily.first_interval_start,
            daily.last_interval_start, five.energy_mwh
        from marts.fct_unit_intervals_daily_v1 as daily
        inner join (
            select unit_code, sum(energy_mwh) as energy_mwh from marts.fct_unit_intervals_v1
            where cast(interval_start as date) = date '{DAY}' group by unit_code
        ) as five using (unit_code)
        where daily.unit_code = '{unit}' and daily.interval_day = date '{DAY}'
        """,
    )
    return row


def unit_rows(path: Path) -> list[tuple]:
    return query(
        path,
        """
        select unit_code, fueltech_id, interval_start, power_mw, energy_mwh, emissions_t,
            market_value
        from marts.fct_unit_intervals_v1 order by all
        """,
    )


def market_rows(path: Path) -> list[tuple]:
    """The generation side of the market summary, 5-minute and daily (rounded to 1e-6)."""
    columns = "network_region, round(generation_energy, 6), round(emissions, 6), "
    columns += "round(generation_renewable_energy, 6), round(demand_gross_energy, 6)"
    return query(
        path,
        f"select interval_start, {columns} from marts.fct_market_summary_v2 order by all",
    ) + query(
        path,
        f"select interval_day, {columns}, interval_count "
        "from marts.fct_market_summary_daily_v1 order by all",
    )


def market_day_generation(path: Path) -> float:
    """SA1's local generation energy of the day in the daily market rollup."""
    ((energy,),) = query(
        path,
        "select generation_energy from marts.fct_market_summary_daily_v1 "
        f"where network_region = 'SA1' and interval_day = date '{DAY}'",
    )
    return float(energy)


def fueltech_day_generation(path: Path) -> float:
    """The same from the fueltech rows: every fueltech but loads and rooftop PV."""
    ((energy,),) = query(
        path,
        "select sum(energy_mwh) from marts.fct_fueltech_intervals_5m_v1 "
        f"where network_region = 'SA1' and cast(interval_start as date) = date '{DAY}' "
        "and fueltech_id not in ('battery_charging', 'pumps', 'solar_rooftop')",
    )
    return float(energy)


@pytest.mark.e2e
def test_half_day_then_rest_rebuilds_whole_day(
    fixtures_dir: Path, tmp_path: Path, market_warehouse: Path, load: Loader, build: Builder
) -> None:
    morning, rest = split_scada(fixtures_dir, tmp_path)

    load(morning)
    build()
    # 00:00 .. 11:55 interval starts: half a day for the two SCADA units.
    assert day_counts(market_warehouse)[("SA1", "gas_ocgt")] == 144
    assert daily_vs_five_minute(market_warehouse) == []
    count, energy, first, last, five_energy = unit_day(market_warehouse, "HDWF2")
    assert (count, first.hour, last.hour, last.minute) == (144, 0, 11, 55)
    assert energy == pytest.approx(five_energy)

    half_day = market_day_generation(market_warehouse)
    assert half_day == pytest.approx(fueltech_day_generation(market_warehouse))

    load(rest)
    build()
    # the market rollup's partial day was replaced by the whole day, revision included
    assert market_day_generation(market_warehouse) > half_day
    assert market_day_generation(market_warehouse) == pytest.approx(
        fueltech_day_generation(market_warehouse)
    )
    counts = day_counts(market_warehouse)
    assert counts[("SA1", "gas_ocgt")] == 288
    assert counts[("SA1", "wind")] == 288
    assert daily_vs_five_minute(market_warehouse) == []
    assert monthly_vs_daily(market_warehouse) == []
    # the unit's day was rebuilt whole: all of it, and the revised morning value in its energy
    count, energy, first, last, five_energy = unit_day(market_warehouse, "HDWF2")
    assert (count, first.hour, last.hour, last.minute) == (288, 0, 23, 55)
    assert energy == pytest.approx(five_energy)

    # The revised copy (loaded later) replaced the morning value.
    (power,) = query(
        market_warehouse,
        "select power_mw from marts.fct_unit_intervals_v1 "
        "where unit_code = 'HDWF2' and interval_start = timestamp '2024-08-01 09:55:00'",
    )[0]
    (original,) = query(
        market_warehouse,
        "select cast(scadavalue as double) from raw.dispatch_unit_scada "
        "where duid = 'HDWF2' and settlementdate = '2024/08/01 10:00:00' "
        "order by _loaded_at limit 1",
    )[0]
    assert power == pytest.approx(original + REVISED_MW)

    # Incremental runs (including the noon seam, whose trapezoid needs a morning sample) give
    # exactly what a full rebuild gives.
    incremental = unit_rows(market_warehouse)
    market = market_rows(market_warehouse)
    build("--full-refresh")
    assert unit_rows(market_warehouse) == incremental
    assert market_rows(market_warehouse) == market
