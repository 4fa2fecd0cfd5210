"""The `D` rows of each simulated table for one interval, in AEMO's layouts.

Each function returns the field parts of the rows (see `mms.MmsWriter.rows`). Columns the
simulator has no model for are written as `0` (strings get their usual AEMO values).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from simulator.fleet import Unit
from simulator.mms import record, stamp
from simulator.mms_tables import TableSpec
from simulator.model import INTERVAL, REGIONS, IntervalState, battery_storage_mwh

_MARKET_DAY_START = timedelta(hours=4)
_CHANGED_AFTER_START = timedelta(seconds=3)


def dispatch_interval(end: datetime) -> str:
    """AEMO's DISPATCHINTERVAL: market day (starting 04:00) and 5-minute period, `20240731241`."""
    shifted = end - _MARKET_DAY_START
    day = (shifted - INTERVAL).date()
    period = (shifted - datetime(day.year, day.month, day.day)) // INTERVAL
    return f"{day:%Y%m%d}{period:03d}"


def trading_period(end: datetime) -> str:
    """TRADING.PRICE PERIODID since 5-minute settlement: the interval of the calendar day, 1-288."""
    day = (end - INTERVAL).date()
    return str((end - datetime(day.year, day.month, day.day)) // INTERVAL)


def lastchanged(end: datetime) -> str:
    return stamp(end - INTERVAL + _CHANGED_AFTER_START)


def scada_rows(units: list[Unit], state: IntervalState) -> list[str]:
    settlement = stamp(state.end) + ","
    return [f"{settlement}{unit.duid},{mw}" for unit, mw in zip(units, state.unit_mw, strict=True)]


def _dispatch_keys(state: IntervalState, region: str, intervention: int) -> dict[str, str]:
    return {
        "SETTLEMENTDATE": stamp(state.end),
        "RUNNO": "1",
        "REGIONID": region,
        "DISPATCHINTERVAL": dispatch_interval(state.end),
        "INTERVENTION": str(intervention),
        "LASTCHANGED": lastchanged(state.end),
    }


def _versions(state: IntervalState) -> list[int]:
    """INTERVENTION values present: 0 always, and 1 when the interval had an intervention."""
    return [0, 1] if state.intervention else [0]


def dispatch_price_rows(spec: TableSpec, state: IntervalState) -> list[str]:
    rows = []
    for intervention in _versions(state):
        for region in REGIONS:
            found = state.regions[region]
            rrp = found.rrp if intervention == 0 else found.rrp_intervention
            price = f"{rrp}"
            values = _dispatch_keys(state, region, intervention) | {
                "RRP": price,
                "ROP": price,
                "PRE_AP_ENERGY_PRICE": price,
                "PRICE_STATUS": "FIRM",
                "OCD_STATUS": "NOT_OCD",
                "MII_STATUS": "NOT_MII",
            }
            rows.append(record(spec, values))
    return rows


@dataclass(frozen=True)
class RegionMix:
    """Per-region parts of one interval's SCADA that DISPATCH.REGIONSUM reports."""

    generation: dict[str, float]  # scheduled and semi-scheduled, positive parts
    load: dict[str, float]  # scheduled loads (battery charging), as positive MW
    solar: dict[str, float]  # semi-scheduled solar
    wind: dict[str, float]  # semi-scheduled wind

    @classmethod
    def of(cls, units: list[Unit], state: IntervalState) -> "RegionMix":
        parts: dict[str, dict[str, float]] = {
            k: dict.fromkeys(REGIONS, 0.0) for k in ("gen", "load", "solar", "wind")
        }
        for unit, mw in zip(units, state.unit_mw, strict=True):
            if not unit.is_scheduled:
                continue
            parts["gen" if mw >= 0 else "load"][unit.region] += abs(mw)
            if unit.fueltech_id in ("solar_utility", "wind"):
                parts["solar" if unit.fueltech_id == "solar_utility" else "wind"][unit.region] += mw
        gen, load, solar, wind = (
            {r: round(v, 3) + 0.0 for r, v in parts[k].items()}
            for k in ("gen", "load", "solar", "wind")
        )
        return cls(generation=gen, load=load, solar=solar, wind=wind)


def regionsum_rows(
    spec: TableSpec, state: IntervalState, mix: RegionMix, capacity: dict[str, float]
) -> list[str]:
    rows = []
    for intervention in _versions(state):
        for region in REGIONS:
            found = state.regions[region]
            shift = 12.5 if intervention else 0.0  # the intervention run clears differently
            demand = f"{round(found.total_demand + shift, 3)}"
            semi = round(mix.solar[region] + mix.wind[region], 3)
            values = _dispatch_keys(state, region, intervention) | {
                "TOTALDEMAND": demand,
                "AVAILABLEGENERATION": f"{capacity[region]}",
                "DISPATCHABLEGENERATION": f"{mix.generation[region]}",
                "DISPATCHABLELOAD": f"{mix.load[region]}",
                "NETINTERCHANGE": f"{found.net_interchange}",
                "INITIALSUPPLY": demand,
                "CLEAREDSUPPLY": demand,
                "TOTALINTERMITTENTGENERATION": f"{found.nonscheduled_mw}",
                "DEMAND_AND_NONSCHEDGEN": f"{round(found.demand_and_nonschedgen + shift, 3)}",
                "UIGF": f"{semi}",
                "SEMISCHEDULE_CLEAREDMW": f"{semi}",
                "SEMISCHEDULE_COMPLIANCEMW": "0",
                "SS_SOLAR_UIGF": f"{mix.solar[region]}",
                "SS_WIND_UIGF": f"{mix.wind[region]}",
                "SS_SOLAR_CLEAREDMW": f"{mix.solar[region]}",
                "SS_WIND_CLEAREDMW": f"{mix.wind[region]}",
            }
            rows.append(record(spec, values))
    return rows


def interconnector_rows(spec: TableSpec, state: IntervalState) -> list[str]:
    rows = []
    for ic, mw in state.flows.items():
        flow = f"{mw}"
        values = _dispatch_keys(state, "", 0) | {
            "INTERCONNECTORID": ic,
            "METEREDMWFLOW": flow,
            "MWFLOW": flow,
            "MWLOSSES": "0",
            "EXPORTLIMIT": "3000",
            "IMPORTLIMIT": "-3000",
            "MARGINALLOSS": "1",
            "EXPORTGENCONID": f"{ic.replace('-', '_')}_EXPORT",
            "IMPORTGENCONID": f"{ic.replace('-', '_')}_IMPORT",
        }
        rows.append(record(spec, values))
    return rows


def trading_price_rows(spec: TableSpec, state: IntervalState) -> list[str]:
    rows = []
    for region in REGIONS:
        price = f"{state.regions[region].rrp}"
        values = {
            "SETTLEMENTDATE": stamp(state.end),
            "RUNNO": "1",
            "REGIONID": region,
            "PERIODID": trading_period(state.end),
            "RRP": price,
            "ROP": price,
            "LASTCHANGED": lastchanged(state.end),
            "PRICE_STATUS": "FIRM",
        }
        rows.append(record(spec, values))
    return rows


def _storage(unit: Unit, end: datetime) -> str:
    level = battery_storage_mwh(unit, end)
    return "" if level is None else f"{level}"


def unit_solution_rows(spec: TableSpec, units: list[Unit], state: IntervalState) -> list[str]:
    """DISPATCH.UNIT_SOLUTION (physical run) per unit: cleared = initial MW = the SCADA value;
    the state of charge of batteries, empty for every other unit (as AEMO leaves it)."""
    rows = []
    keys = _dispatch_keys(state, "", 0)
    for unit, mw in zip(units, state.unit_mw, strict=True):
        values = keys | {
            "DUID": unit.duid,
            "CONNECTIONPOINTID": f"C{unit.duid}",
            "INITIALMW": f"{mw}",
            "TOTALCLEARED": f"{mw}",
            "AVAILABILITY": f"{unit.capacity_mw}",
            "INITIAL_ENERGY_STORAGE": _storage(unit, state.end - INTERVAL),
            "ENERGY_STORAGE": _storage(unit, state.end),
            "CONFORMANCE_MODE": "",
            "ELEMENT_CAP": "",
        }
        rows.append(record(spec, values))
    return rows


ROOFTOP_PUBLISH_DELAY = timedelta(minutes=19, seconds=14)


def rooftop_rows(
    spec: TableSpec, end: datetime, power: dict[str, float], satellite: bool
) -> list[str]:
    """MEASUREMENT rows per region (and SATELLITE estimates too, as the archive has them)."""
    kinds = (
        [("MEASUREMENT", 1.0, "1"), ("SATELLITE", 0.97, "0.6")]
        if satellite
        else [("MEASUREMENT", 1.0, "1")]
    )
    rows = []
    for kind, scale, quality in kinds:
        for region in REGIONS:
            values = {
                "INTERVAL_DATETIME": stamp(end),
                "REGIONID": region,
                "POWER": f"{round(power[region] * scale, 3)}",
                "QI": quality,
                "TYPE": kind,
                "LASTCHANGED": stamp(end + ROOFTOP_PUBLISH_DELAY),
            }
            rows.append(record(spec, values))
    return rows


@dataclass(frozen=True)
class Snapshot:
    """Everything written about one interval: the model state, its regional mix, and rooftop
    PV when the interval closes a half-hour (None otherwise)."""

    units: list[Unit]
    capacity: dict[str, float]  # scheduled capacity by region (AVAILABLEGENERATION)
    state: IntervalState
    mix: RegionMix
    rooftop: dict[str, float] | None


def table_rows(table: str, spec: TableSpec, snap: Snapshot, archive: bool) -> list[str]:
    """The rows of an MMSDM-named table for one interval (`archive` adds SATELLITE rooftop)."""
    state = snap.state
    if table == "DISPATCH_UNIT_SCADA":
        return scada_rows(snap.units, state)
    if table == "DISPATCHPRICE":
        return dispatch_price_rows(spec, state)
    if table == "DISPATCHREGIONSUM":
        return regionsum_rows(spec, state, snap.mix, snap.capacity)
    if table == "DISPATCHINTERCONNECTORRES":
        return interconnector_rows(spec, state)
    if table == "TRADINGPRICE":
        return trading_price_rows(spec, state)
    if table == "DISPATCHLOAD":
        return unit_solution_rows(spec, snap.units, state)
    if table == "ROOFTOP_PV_ACTUAL":
        if snap.rooftop is None:
            return []
        return rooftop_rows(spec, state.end, snap.rooftop, satellite=archive)
    raise KeyError(f"unknown simulated table {table!r}")
