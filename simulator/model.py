"""The physics-ish heart of the simulator: unit output, regional balance, flows and prices.

Everything is a pure function of (seed, fleet, interval END in naive AEST), built on random-access
noise, so any interval can be recomputed exactly as the truth for a test. Values are rounded as
they are written (MW to 3 decimals, $ to 2), and demand is balanced from the rounded values.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from opennem.networks import NEM
from simulator.fleet import Unit
from simulator.noise import SmoothNoise, hash01

EPOCH = datetime(2000, 1, 1)
INTERVAL = timedelta(minutes=NEM.interval_minutes)
REGIONS = NEM.regions

# Share of NEM demand by region, and the hour of solar noon in AEST (west is later).
DEMAND_SHARE = {"NSW1": 0.36, "QLD1": 0.28, "SA1": 0.07, "TAS1": 0.05, "VIC1": 0.24}
SOLAR_NOON = {"NSW1": 12.0, "QLD1": 11.8, "SA1": 12.8, "TAS1": 12.3, "VIC1": 12.4}
# Rooftop PV capacity as a share of a region's simulated scheduled capacity (in the real NEM it is
# about a third of installed generation), so a small fleet is not dwarfed by a real-sized rooftop.
ROOFTOP_SHARE_OF_CAPACITY = 0.3

# Interconnectors (AEMO ids, REGIONFROM -> REGIONTO; positive MWFLOW runs from -> to). The NEM is a
# tree (QLD - NSW - VIC - SA, VIC - TAS); parallel links share a corridor's flow by fixed parts.
INTERCONNECTORS: dict[str, tuple[str, str, float]] = {
    "N-Q-MNSP1": ("NSW1", "QLD1", 0.25),
    "NSW1-QLD1": ("NSW1", "QLD1", 0.75),
    "T-V-MNSP1": ("TAS1", "VIC1", 1.0),
    "V-S-MNSP1": ("VIC1", "SA1", 0.3),
    "V-SA": ("VIC1", "SA1", 0.7),
    "VIC1-NSW1": ("VIC1", "NSW1", 1.0),
}
PRICE_FLOOR, PRICE_CAP = -1000.0, 17500.0


def interval_index(end: datetime) -> int:
    """Whole 5-minute intervals since 2000-01-01 00:00 AEST."""
    return (end - EPOCH) // INTERVAL


def solar_factor(region: str, hour: float, day_of_year: int) -> float:
    """Clear-sky output in [0, 1]: zero at night, peaking at the region's solar noon."""
    day_length = 12.0 + 2.2 * math.cos(2 * math.pi * (day_of_year - 355) / 365.25)
    phase = (hour - SOLAR_NOON[region] + day_length / 2) / day_length
    if not 0.0 < phase < 1.0:
        return 0.0
    return math.sin(math.pi * phase) ** 1.3


@dataclass(frozen=True)
class Clock:
    """What every unit needs to know about one moment (the middle of an interval)."""

    hours: float  # since EPOCH, drives the noise
    hour: float  # hour of day, AEST
    solar: dict[str, float]
    peak: float  # morning and evening demand peaks, 0..1
    evening: float  # the evening peak alone, 0..1

    @classmethod
    def at(cls, moment: datetime) -> "Clock":
        hour = moment.hour + moment.minute / 60 + moment.second / 3600
        doy = moment.timetuple().tm_yday
        evening = math.exp(-(((hour - 18.8) / 1.6) ** 2))
        return cls(
            hours=(moment - EPOCH).total_seconds() / 3600,
            hour=hour,
            solar={r: solar_factor(r, hour, doy) for r in REGIONS},
            peak=min(1.0, 0.6 * math.exp(-(((hour - 7.5) / 1.5) ** 2)) + evening),
            evening=evening,
        )


class UnitModel:
    """One unit's output: a shape by kind times smooth noise (slow ~12 h, fast ~1 h)."""

    __slots__ = ("_fast", "_shape", "_slow", "unit")

    def __init__(self, unit: Unit) -> None:
        self.unit = unit
        self._slow = SmoothNoise(unit.seed * 2 + 1, 12.0)
        self._fast = SmoothNoise(unit.seed * 2 + 2, 1.0)
        self._shape = _SHAPES[unit.kind.code]

    def mw(self, clock: Clock) -> float:
        raw = self._shape(
            clock, self._slow.at(clock.hours), self._fast.at(clock.hours), self.unit.region
        )
        return round(self.unit.capacity_mw * raw, 3) + 0.0  # + 0.0 turns -0.0 into 0.0


Shape = Callable[[Clock, float, float, str], float]


def _coal_black(c: Clock, slow: float, fast: float, region: str) -> float:
    return min(0.98, 0.5 + 0.3 * slow + 0.12 * c.peak + 0.04 * fast)


def _coal_brown(c: Clock, slow: float, fast: float, region: str) -> float:
    return min(0.97, 0.72 + 0.2 * slow + 0.03 * fast)


def _gas_ccgt(c: Clock, slow: float, fast: float, region: str) -> float:
    return min(1.0, 0.15 + 0.45 * slow + 0.35 * c.peak * (0.6 + 0.4 * fast))


def _gas_ocgt(c: Clock, slow: float, fast: float, region: str) -> float:
    level = c.evening * (0.4 + 0.8 * fast) - 0.35
    return 0.0 if level <= 0 else min(1.0, 1.6 * level)


def _wind(c: Clock, slow: float, fast: float, region: str) -> float:
    return min(0.95, (0.75 * slow + 0.25 * fast) ** 1.5)


def _solar(c: Clock, slow: float, fast: float, region: str) -> float:
    return c.solar[region] * (0.62 + 0.23 * slow + 0.15 * fast)


def _battery(c: Clock, slow: float, fast: float, region: str) -> float:
    """Charge (negative) in the middle of sunny days, discharge into the evening peak."""
    charge = max(0.0, c.solar[region] - 0.45) / 0.55 * (0.5 + 0.4 * fast)
    discharge = max(0.0, c.evening - 0.25) / 0.75 * (0.55 + 0.45 * fast)
    return discharge - charge


def _hydro(c: Clock, slow: float, fast: float, region: str) -> float:
    return 0.08 + 0.2 * slow + 0.6 * c.peak * (0.5 + 0.5 * fast)


def _biogas(c: Clock, slow: float, fast: float, region: str) -> float:
    return 0.55 + 0.3 * slow + 0.05 * fast


_SHAPES: dict[str, Shape] = {
    "BC": _coal_black,
    "BR": _coal_brown,
    "CC": _gas_ccgt,
    "GT": _gas_ocgt,
    "WF": _wind,
    "SF": _solar,
    "BS": _battery,
    "HY": _hydro,
    "LG": _biogas,
}


BATTERY_HOURS = 2.0  # a simulated battery stores two hours of its capacity


def battery_storage_mwh(unit: Unit, end: datetime) -> float | None:
    """A battery's state of charge at the interval END (ENERGY_STORAGE), else None: a daily
    cycle between 15% and 85% of its energy, lowest at 04:00 and fullest at 16:00 (after the
    midday charging), a pure function of the time like everything here, not an integral of MW."""
    if unit.kind.code != "BS":
        return None
    hour = end.hour + end.minute / 60
    level = 0.5 + 0.35 * math.sin(2 * math.pi * (hour - 10.0) / 24)
    return round(unit.capacity_mw * BATTERY_HOURS * level, 3) + 0.0


@dataclass(frozen=True)
class RegionState:
    scheduled_mw: float  # scheduled + semi-scheduled SCADA, loads (negative) included
    nonscheduled_mw: float
    net_interchange: float  # MW exported (positive) or imported (negative)
    total_demand: float
    rrp: float
    rrp_intervention: float | None  # the INTERVENTION = 1 price, when this interval has one

    @property
    def demand_and_nonschedgen(self) -> float:
        return round(self.total_demand + self.nonscheduled_mw, 3)


@dataclass(frozen=True)
class IntervalState:
    end: datetime
    unit_mw: list[float]  # aligned with Model.units
    regions: dict[str, RegionState]
    flows: dict[str, float]  # interconnector id -> MW from REGIONFROM to REGIONTO

    @property
    def intervention(self) -> bool:
        return any(r.rrp_intervention is not None for r in self.regions.values())


class Model:
    """The whole simulated NEM for one seed and fleet."""

    def __init__(self, units: list[Unit], seed: int) -> None:
        self.units = units
        self.seed = seed
        self._models = [UnitModel(u) for u in units]
        self._by_duid = {m.unit.duid: m for m in self._models}
        self._reference_mw = 0.55 * sum(u.capacity_mw for u in units if u.is_scheduled)
        self._rooftop_capacity_mw = {
            region: ROOFTOP_SHARE_OF_CAPACITY
            * sum(u.capacity_mw for u in units if u.region == region and u.is_scheduled)
            for region in REGIONS
        }
        self._rooftop_noise = {r: SmoothNoise(seed * 31 + i, 1.5) for i, r in enumerate(REGIONS)}
        self._price_noise = {r: SmoothNoise(seed * 37 + i, 2.0) for i, r in enumerate(REGIONS)}

    def unit_mw(self, duid: str, end: datetime) -> float:
        try:
            model = self._by_duid[duid]
        except KeyError:
            raise KeyError(f"no simulated unit {duid!r}") from None
        return model.mw(Clock.at(end - INTERVAL / 2))

    def all_unit_mw(self, end: datetime) -> list[float]:
        clock = Clock.at(end - INTERVAL / 2)
        return [m.mw(clock) for m in self._models]

    def interval(self, end: datetime) -> IntervalState:
        clock = Clock.at(end - INTERVAL / 2)
        unit_mw = [m.mw(clock) for m in self._models]
        scheduled = dict.fromkeys(REGIONS, 0.0)
        nonscheduled = dict.fromkeys(REGIONS, 0.0)
        for unit, mw in zip(self.units, unit_mw, strict=True):
            (scheduled if unit.is_scheduled else nonscheduled)[unit.region] += mw
        scheduled = {r: round(v, 3) for r, v in scheduled.items()}
        flows = _flows(_net_exports(scheduled, clock))
        net = _net_interchange(flows)
        index = interval_index(end)
        intervened = self._intervened(index)
        regions = {}
        for region in REGIONS:
            demand = round(scheduled[region] - net[region], 3)
            rrp = self._price(region, demand, clock, index)
            regions[region] = RegionState(
                scheduled_mw=scheduled[region],
                nonscheduled_mw=round(nonscheduled[region], 3),
                net_interchange=net[region],
                total_demand=demand,
                rrp=rrp,
                rrp_intervention=round(rrp + 35.5, 2) if intervened else None,
            )
        return IntervalState(end=end, unit_mw=unit_mw, regions=regions, flows=flows)

    def rooftop_mw(self, region: str, end: datetime) -> float:
        """Rooftop PV for the half-hour ending at `end`."""
        middle = end - timedelta(minutes=15)
        clock_solar = solar_factor(
            region, middle.hour + middle.minute / 60, middle.timetuple().tm_yday
        )
        hours = (middle - EPOCH).total_seconds() / 3600
        cloud = 0.65 + 0.35 * self._rooftop_noise[region].at(hours)
        return round(self._rooftop_capacity_mw[region] * clock_solar * cloud, 3) + 0.0

    def _intervened(self, index: int) -> bool:
        """One hour a day runs an intervention: AEMO then also publishes INTERVENTION = 1 rows."""
        day, interval_of_day = divmod(index, 288)
        return interval_of_day // 12 == int(hash01(self.seed * 41 + 3, day) * 24)

    def _price(self, region: str, demand: float, clock: Clock, index: int) -> float:
        """Dearer with demand, cheaper (even negative) in sunny middays, rare evening spikes."""
        ratio = demand / max(1.0, DEMAND_SHARE[region] * self._reference_mw)
        noise = self._price_noise[region].at(clock.hours)
        price = 60 + 80 * (ratio - 1) + 40 * (noise - 0.5)
        price -= 130 * max(0.0, clock.solar[region] - 0.3) * (0.5 + noise)
        chance = hash01(self.seed * 43 + REGIONS.index(region), index)
        if chance < 0.004 and 16 <= clock.hour <= 21:
            price = 300 + 14000 * hash01(self.seed * 47, index) ** 3
        return round(min(PRICE_CAP, max(PRICE_FLOOR, price)), 2)


def _net_exports(scheduled: dict[str, float], clock: Clock) -> dict[str, float]:
    """Each region's export: what it generates beyond its share of NEM demand (sums to zero)."""
    total = sum(scheduled.values())
    share = {r: DEMAND_SHARE[r] * (1 + 0.1 * (clock.solar[r] - 0.5)) for r in REGIONS}
    scale = sum(share.values())
    exports = {r: round(scheduled[r] - total * share[r] / scale, 3) for r in REGIONS if r != "NSW1"}
    exports["NSW1"] = round(-sum(exports.values()), 3)
    return exports


def _flows(exports: dict[str, float]) -> dict[str, float]:
    """Interconnector flows on the NEM tree that carry exactly these net exports."""
    corridor = {
        ("NSW1", "QLD1"): -exports["QLD1"],
        ("TAS1", "VIC1"): exports["TAS1"],
        ("VIC1", "SA1"): -exports["SA1"],
        ("VIC1", "NSW1"): exports["VIC1"] + exports["SA1"] + exports["TAS1"],
    }
    flows: dict[str, float] = {}
    for ic, (src, dst, part) in INTERCONNECTORS.items():
        flows[ic] = round(corridor[(src, dst)] * part, 3) + 0.0
    for first, second in (("NSW1-QLD1", "N-Q-MNSP1"), ("V-SA", "V-S-MNSP1")):
        src, dst, _ = INTERCONNECTORS[first]
        flows[second] = round(corridor[(src, dst)] - flows[first], 3) + 0.0
    return flows


def _net_interchange(flows: dict[str, float]) -> dict[str, float]:
    net = dict.fromkeys(REGIONS, 0.0)
    for ic, mw in flows.items():
        src, dst, _ = INTERCONNECTORS[ic]
        net[src] += mw
        net[dst] -= mw
    return {r: round(v, 3) + 0.0 for r, v in net.items()}
