"""The market marts on real AEMO August 2024 data (NEMOSIS subsets: AGLHAL, HDWF2; NSW1, SA1)."""

from pathlib import Path

import duckdb
import pytest

from tests.transform.conftest import MMSDM_2024_08, Builder, Loader

SCADA_ZIP = "PUBLIC_ARCHIVE%23DISPATCH_UNIT_SCADA%23FILE01%23202408010000.zip"


@pytest.fixture
def built(fixtures_dir: Path, market_warehouse: Path, load: Loader, build: Builder) -> Path:
    load(fixtures_dir / MMSDM_2024_08 / SCADA_ZIP)
    build()
    return market_warehouse


def one(path: Path, sql: str) -> tuple:
    with duckdb.connect(str(path)) as conn:
        (row,) = conn.execute(sql).fetchall()
    return row


@pytest.mark.e2e
def test_market_marts_follow_aemo_time_and_formulas(built: Path) -> None:
    # AEMO stamps the interval END: SA1 RRP 137.7 at 2024/08/01 00:05 is the interval from 00:00.
    assert one(
        built,
        "select price from marts.fct_market_summary_v2 "
        "where network_region = 'SA1' and interval_start = timestamp '2024-08-01 00:00:00'",
    ) == (137.7,)

    # The half hour of rooftop PV ending 12:30 covers the six intervals starting 12:00 .. 12:25.
    (measured,) = one(
        built,
        "select cast(power as double) from raw.rooftop_actual where regionid = 'NSW1' "
        "and interval_datetime = '2024/08/01 12:30:00' and type = 'MEASUREMENT'",
    )
    assert one(
        built,
        "select count(*), min(rooftop), max(rooftop) from marts.fct_market_summary_v2 "
        "where network_region = 'NSW1' and interval_start >= timestamp '2024-08-01 12:00:00' "
        "and interval_start < timestamp '2024-08-01 12:30:00'",
    ) == (6, measured, measured)

    with_rooftop, mismatched = one(
        built,
        "select count(*), "
        "count(*) filter (where abs(demand_gross - demand_total - rooftop) > 1e-9) "
        "from marts.fct_market_summary_v2 where rooftop is not null",
    )
    assert with_rooftop > 0
    assert mismatched == 0

    # Trapezoid energy of HDWF2 from the raw SCADA of 10:00 and 10:05 (interval starting 10:00).
    previous, current = (
        one(
            built,
            "select cast(scadavalue as double) from raw.dispatch_unit_scada "
            f"where duid = 'HDWF2' and settlementdate = '{stamp}'",
        )[0]
        for stamp in ("2024/08/01 10:00:00", "2024/08/01 10:05:00")
    )
    energy, power = one(
        built,
        "select energy_mwh, power_mw from marts.fct_unit_intervals_v1 "
        "where unit_code = 'HDWF2' and interval_start = timestamp '2024-08-01 10:00:00'",
    )
    assert power == current
    assert energy == pytest.approx((previous + current) / 2 / 12)

    # The first sample after the gap in the subset (Aug 3 -> Aug 30) counts as power / 12.
    energy, power = one(
        built,
        "select energy_mwh, power_mw from marts.fct_unit_intervals_v1 where unit_code = 'HDWF2' "
        "and interval_start = (select min(interval_start) from marts.fct_unit_intervals_v1 "
        "where interval_start >= timestamp '2024-08-10 00:00:00')",
    )
    assert energy == pytest.approx(power / 12)


def raw_regionsum(path: Path, column: str, region: str, stamp: str) -> float:
    """A DISPATCHREGIONSUM value of the INTERVENTION = 0 run, straight from the raw table."""
    (value,) = one(
        path,
        f"select cast({column} as double) from raw.dispatch_regionsum where regionid = '{region}' "
        f"and settlementdate = '{stamp}' and intervention = '0' limit 1",
    )
    return value


@pytest.mark.e2e
def test_market_summary_v2_energy_curtailment_and_daily_rollup_from_raw(built: Path) -> None:
    # demand energy of the interval starting 10:00 (AEMO end 10:05): trapezoid with 10:00's end
    previous, current = (
        raw_regionsum(built, "totaldemand", "NSW1", stamp)
        for stamp in ("2024/08/01 10:00:00", "2024/08/01 10:05:00")
    )
    assert one(
        built,
        "select demand_energy from marts.fct_market_summary_v2 where network_region = 'NSW1' "
        "and interval_start = timestamp '2024-08-01 10:00:00'",
    ) == (pytest.approx((previous + current) / 2 / 12),)

    # utility solar curtailment at noon: UIGF - cleared, never negative
    uigf, cleared = (
        raw_regionsum(built, column, "SA1", "2024/08/01 12:05:00")
        for column in ("ss_solar_uigf", "ss_solar_clearedmw")
    )
    assert one(
        built,
        "select curtailment_solar_utility from marts.fct_market_summary_v2 "
        "where network_region = 'SA1' and interval_start = timestamp '2024-08-01 12:00:00'",
    ) == (pytest.approx(max(uigf - cleared, 0.0)),)

    # the daily rollup: mean of the interval prices, sum of the interval energies
    daily = one(
        built,
        "select price, demand_energy, interval_count from marts.fct_market_summary_daily_v1 "
        "where network_region = 'SA1' and interval_day = date '2024-08-01'",
    )
    five_minute = one(
        built,
        "select avg(price), sum(demand_energy), count(*) from marts.fct_market_summary_v2 "
        "where network_region = 'SA1' and cast(interval_start as date) = date '2024-08-01'",
    )
    assert daily == pytest.approx(five_minute)
    assert daily[2] == 288
