"""A small, real-looking warehouse for whole-API tests: two days of NEM and WEM 5-minute rows
(fueltechs, units, a battery, market, an interconnector), their daily and monthly rollups, the
fueltech dimension, facilities and a few records."""

from datetime import date, datetime, timedelta

from tests.api.conftest import Rows
from tests.api.series_rows import (
    dim_fueltechs,
    dim_unit,
    fueltech_5m,
    fueltech_rollup,
    market_5m,
    storage_5m,
    unit_5m,
    unit_daily,
)

START = datetime(2024, 7, 1)
INTERVALS = 2 * 288
DAYS = [date(2024, 7, 1), date(2024, 7, 2)]


def _fueltechs() -> list[tuple[object, ...]]:
    rows = fueltech_5m(START, INTERVALS, "NSW1", "coal_black", 6000.0, group="coal")
    rows += fueltech_5m(START, INTERVALS, "SA1", "wind", 900.0, group="wind", renewable=True)
    rows += fueltech_5m(START, INTERVALS, "SA1", "battery_charging", -50.0, group="battery")
    rows += fueltech_5m(START, INTERVALS, "WEM", "gas_ccgt", 800.0, group="gas", network="WEM")
    return rows


def _rollups() -> list[tuple[object, ...]]:
    return [
        fueltech_rollup(day, region, fueltech, energy, network=network)
        for day in DAYS
        for network, region, fueltech, energy in (
            ("NEM", "NSW1", "coal_black", 144000.0),
            ("NEM", "SA1", "wind", 21600.0),
            ("WEM", "WEM", "gas_ccgt", 19200.0),
        )
    ]


def _flows() -> list[dict[str, object]]:
    return [
        {
            "interval_start": START + i * timedelta(minutes=5),
            "network_id": "NEM",
            "interconnector_id": "VIC1-NSW1",
            "region_from": "VIC1",
            "region_to": "NSW1",
            "power_mw": power,
            "energy_mwh": power / 12,
            "market_value": power / 12 * 90,
            "emissions_t": abs(power) / 24,
        }
        for i, power in enumerate([300.0, -120.0] * 144)
    ]


def _milestones() -> list[dict[str, object]]:
    return [
        {
            "instance_id": f"0000000{i}-0000-0000-0000-000000000000",
            "record_id": f"au.nem.nsw1.coal.power.interval.{aggregate}",
            "network_id": "NEM",
            "network_region": "NSW1",
            "fueltech_group": "coal",
            "metric": "power",
            "period": "interval",
            "aggregate": aggregate,
            "interval_start": START + timedelta(hours=i),
            "value": 6000.0 + i,
            "unit": "MW",
            "significance": 5,
        }
        for i, aggregate in enumerate(("high", "low"))
    ]


def sample_rows() -> Rows:
    units = [("BW01", "NSW1", "coal_black"), ("HPR1", "SA1", "battery_discharging")]
    return {
        "fct_fueltech_intervals_5m_v1": _fueltechs(),
        "fct_fueltech_intervals_daily_v1": _rollups(),
        "fct_fueltech_intervals_monthly_v1": [
            fueltech_rollup(date(2024, 7, 1), "NSW1", "coal_black", 288000.0, 576)
        ],
        "fct_market_summary_v2": market_5m(START, INTERVALS, "NSW1", 85.5, 7000.0)
        + market_5m(START, INTERVALS, "WEM", 60.0, 2000.0, network="WEM"),
        "fct_unit_intervals_v1": unit_5m(START, INTERVALS, "BW01", "NSW1", "coal_black", 600.0),
        "fct_unit_intervals_daily_v1": [
            unit_daily(day, "HPR1", "SA1", "battery_discharging", 100.0, storage=50.0)
            for day in DAYS
        ],
        "fct_battery_storage_5m_v1": storage_5m(START, [50.0] * INTERVALS, "HPR1", "SA1"),
        "dim_units_v1": [dim_unit(*unit, "operating") for unit in units],
        "dim_facilities_v1": [("BW01", "Bayswater", "NEM", "NSW1", "AGL")],
        "dim_fueltechs_v1": dim_fueltechs(),
        "fct_milestones_v1": _milestones(),
        "fct_region_flows_v1": _flows(),
    }
