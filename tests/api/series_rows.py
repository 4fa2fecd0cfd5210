"""Row builders for the mart tables used by the API tests."""

import csv
from datetime import date, datetime, timedelta
from pathlib import Path

FIVE = timedelta(minutes=5)
SEEDS = Path(__file__).parents[2] / "transform" / "seeds"


def dim_fueltechs() -> list[tuple[object, ...]]:
    """The rows of dim_fueltechs as the transform builds them from the fueltech seeds."""
    with (SEEDS / "fueltech_groups.csv").open() as handle:
        groups = {row["fueltech_group_id"]: row for row in csv.DictReader(handle)}
    with (SEEDS / "fueltechs.csv").open() as handle:
        fueltechs = list(csv.DictReader(handle))
    rows = []
    for row in fueltechs:
        group = groups.get(row["fueltech_group_id"], {})
        rows.append(
            (
                row["fueltech_id"],
                row["label"],
                row["is_renewable"] == "true",
                row["fueltech_group_id"] or None,
                group.get("label"),
                group.get("color"),
                row["is_load"] == "true",
            )
        )
    return rows


def fueltech_5m(
    start: datetime,
    count: int,
    region: str,
    fueltech: str,
    power: float,
    *,
    group: str = "other",
    renewable: bool = False,
    network: str = "NEM",
    skip: tuple[int, ...] = (),
) -> list[tuple[object, ...]]:
    """`count` 5-minute rows of constant power (energy = power / 12, $50/MWh, 0.5 t/MWh)."""
    return [
        (
            start + i * FIVE,
            network,
            region,
            fueltech,
            group,
            renewable,
            power,
            power / 12,
            power / 24,
            power * 50 / 12,
        )
        for i in range(count)
        if i not in skip
    ]


def fueltech_rollup(
    day: date,
    region: str,
    fueltech: str,
    energy: float,
    intervals: int = 288,
    network: str = "NEM",
) -> tuple[object, ...]:
    """A daily or monthly rollup row: (day, network, region, fueltech, group, renewable, ...)."""
    return (
        day,
        network,
        region,
        fueltech,
        "other",
        False,
        energy,
        energy / 2,
        energy * 50,
        intervals,
    )


def market_5m(
    start: datetime,
    count: int,
    region: str,
    price: float,
    demand: float,
    network: str = "NEM",
    **values: float,
) -> list[dict[str, object]]:
    """`count` 5-minute fct_market_summary v2 rows of constant price and demand (no rooftop:
    demand_gross = demand, energies MW / 12), plus any other columns in `values`."""
    return [
        {
            "interval_start": start + i * FIVE,
            "network_id": network,
            "network_region": region,
            "price": price,
            "demand": demand,
            "demand_energy": demand / 12,
            "demand_total": demand,
            "rooftop": 0.0,
            "demand_gross": demand,
            "demand_gross_energy": demand / 12,
            **values,
        }
        for i in range(count)
    ]


def unit_5m(
    start: datetime,
    count: int,
    unit: str,
    region: str,
    fueltech: str,
    power: float,
    *,
    facility: str | None = None,
    factor: float = 0.0,
    skip: tuple[int, ...] = (),
) -> list[tuple[object, ...]]:
    """fct_unit_intervals rows of one unit (of `facility`, else facility = unit) at constant
    power ($50/MWh, emissions `factor` t/MWh of positive energy)."""
    identity = ("NEM", region, facility or unit, unit, fueltech, fueltech, False)
    values = (power, power / 12, max(power, 0.0) / 12 * factor, power * 50 / 12)
    return [(start + i * FIVE, *identity, *values) for i in range(count) if i not in skip]


def unit_daily(
    day: date,
    unit: str,
    region: str,
    fueltech: str,
    energy: float,
    *,
    intervals: int = 288,
    storage: float | None = None,
    facility: str | None = None,
) -> tuple[object, ...]:
    """A fct_unit_intervals_daily row (of `facility`, else facility = unit)."""
    start = datetime(day.year, day.month, day.day)
    identity = (day, "NEM", region, facility or unit, unit, fueltech, fueltech, False)
    values = (energy, 0.0, energy * 50, energy * 12 / intervals)
    seen = (start, start + (intervals - 1) * FIVE, intervals, storage)
    return (*identity, *values, *seen)


def storage_5m(
    start: datetime, levels: list[float], unit: str, region: str, *, facility: str | None = None
) -> list[tuple]:
    """fct_battery_storage_5m rows: one state of charge (MWh) per interval from `start` (of
    `facility`, else facility = unit)."""
    return [
        (start + i * FIVE, "NEM", region, facility or unit, unit, "battery", "battery", level)
        for i, level in enumerate(levels)
    ]


def dim_unit(
    unit: str, region: str, fueltech: str, status: str, *, facility: str | None = None
) -> tuple[object, ...]:
    """A dim_units row (of `facility`, else facility = unit; the fueltech is its own group)."""
    registration = ("GENERATOR", 100.0, 0.5, "aemo", status)
    return (unit, facility or unit, "NEM", region, fueltech, fueltech, False, *registration)
