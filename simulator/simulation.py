"""`simulate`: write a NEMWEB tree for a date range, and keep the truth a test checks against."""

from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from simulator.fleet import Unit, build_fleet
from simulator.layouts import NEXT_DAY_TABLES, TABLES, check_tables
from simulator.mmsdm import MmsdmWriter, write_interconnectors
from simulator.model import INTERVAL, REGIONS, Model, battery_storage_mwh
from simulator.nemweb import NextDayWriter, ReportsWriter
from simulator.records import RegionMix, Snapshot
from simulator.registry import write_cdeii, write_registry
from simulator.wem import WemSimulation, write_wem

Series = dict[str, dict[datetime, float]]  # region -> interval END (naive AEST) -> value


@dataclass(frozen=True)
class UnitInfo:
    duid: str
    station_name: str
    region: str
    fueltech_id: str
    dispatch_type: str  # GENERATOR or BIDIRECTIONAL
    capacity_mw: float
    emission_factor: float
    scheduled: bool


@dataclass
class Simulation:
    """What was written, and the truth behind it.

    Region series hold the INTERVENTION = 0 values keyed by interval END in naive AEST. SCADA is
    not stored (a month of 450 units is 4M values): `scada_mw` recomputes any value exactly as
    written, and `scada()` builds the full dict for small runs.
    """

    root: Path
    start: date
    end: date
    seed: int
    units: list[UnitInfo]
    files: list[Path] = field(default_factory=list)
    rrp: Series = field(default_factory=dict)
    total_demand: Series = field(default_factory=dict)
    demand_and_nonschedgen: Series = field(default_factory=dict)
    net_interchange: Series = field(default_factory=dict)
    rooftop_mw: Series = field(default_factory=dict)  # half-hour ENDs
    interconnector_mw: Series = field(default_factory=dict)  # interconnector id -> ...
    intervention_intervals: list[datetime] = field(default_factory=list)
    wem: WemSimulation | None = None  # the WEMDE files and their truth, when asked for
    _model: Model | None = None

    def interval_ends(self) -> Iterator[datetime]:
        return interval_ends(self.start, self.end)

    def scada_mw(self, duid: str, interval_end: datetime) -> float:
        assert self._model is not None
        return self._model.unit_mw(duid, interval_end)

    def storage_mwh(self, duid: str, interval_end: datetime) -> float | None:
        """A battery's ENERGY_STORAGE as written for an interval END; None for other units."""
        assert self._model is not None
        unit = next(u for u in self._model.units if u.duid == duid)
        return battery_storage_mwh(unit, interval_end)

    def scada(self) -> dict[str, dict[datetime, float]]:
        """Every SCADA value: duid -> interval END -> MW (only sensible for small runs)."""
        assert self._model is not None
        result: dict[str, dict[datetime, float]] = {u.duid: {} for u in self.units}
        for end in self.interval_ends():
            for unit, mw in zip(self.units, self._model.all_unit_mw(end), strict=True):
                result[unit.duid][end] = mw
        return result


def interval_ends(start: date, end: date) -> Iterator[datetime]:
    """Interval ENDs of the days start..end inclusive: 00:05 on `start` to 00:00 after `end`."""
    moment = datetime.combine(start, datetime.min.time()) + INTERVAL
    last = datetime.combine(end + timedelta(days=1), datetime.min.time())
    while moment <= last:
        yield moment
        moment += INTERVAL


def simulate(
    root: Path,
    start: date,
    end: date,
    *,
    units: int = 60,
    seed: int = 1,
    archive_days_before: date | None = None,
    mmsdm: bool = False,
    current: bool = True,
    tables: Collection[str] | None = None,
    wem: bool = False,
) -> Simulation:
    """Write a NEMWEB look-alike tree under `root` for the days start..end (inclusive).

    `current` writes Reports/Current (days before `archive_days_before` go to Reports/Archive
    instead), `mmsdm` the monthly archives; `tables` (MMSDM names, e.g. `DISPATCH_UNIT_SCADA`)
    restricts which tables, and so which reports, are written; `DISPATCHLOAD` (not written by
    default) adds the Current Next_Day_Dispatch files with the batteries' state of charge. The
    registry, the CDEII files and the first month's MMSDM INTERCONNECTOR table (the topology) are
    always written. `wem` also writes AEMO WA's WEMDE daily files for the same days
    (`simulator.wem`).
    """
    if end < start:
        raise ValueError(f"end {end} is before start {start}")
    wanted = set(TABLES if tables is None else tables)
    check_tables(wanted)
    fleet = build_fleet(units, seed)
    model = Model(fleet, seed)
    sim = Simulation(root, start, end, seed, [_info(u) for u in fleet], _model=model)
    published = datetime.combine(start - timedelta(days=1), datetime.min.time())
    sim.files.append(write_registry(root, fleet, published))
    sim.files.extend(write_cdeii(root, fleet, start))
    sim.files.append(write_interconnectors(root, start.replace(day=1)))
    writers: list[ReportsWriter | MmsdmWriter | NextDayWriter] = []
    interval_tables = wanted - set(NEXT_DAY_TABLES)
    if current:
        writers.append(ReportsWriter(root, interval_tables, archive_days_before))
        if wanted & set(NEXT_DAY_TABLES):
            writers.append(NextDayWriter(root))
    if mmsdm:
        writers.append(MmsdmWriter(root, interval_tables))
    capacity = {r: sum(u.capacity_mw for u in fleet if u.region == r) for r in REGIONS}
    for interval_end in sim.interval_ends():
        snap = _snapshot(model, fleet, capacity, interval_end)
        _record_truth(sim, snap)
        for writer in writers:
            writer.add(snap)
    for writer in writers:
        writer.close()
        sim.files.extend(writer.written)
    if wem:
        sim.wem = write_wem(root, start, end, seed)
        sim.files.extend(sim.wem.files)
    return sim


def _info(unit: Unit) -> UnitInfo:
    return UnitInfo(
        duid=unit.duid,
        station_name=unit.station_name,
        region=unit.region,
        fueltech_id=unit.fueltech_id,
        dispatch_type=unit.dispatch_type,
        capacity_mw=unit.capacity_mw,
        emission_factor=unit.emission_factor,
        scheduled=unit.is_scheduled,
    )


def _snapshot(
    model: Model, fleet: list[Unit], capacity: dict[str, float], end: datetime
) -> Snapshot:
    state = model.interval(end)
    half_hour = end.minute % 30 == 0
    rooftop = {r: model.rooftop_mw(r, end) for r in REGIONS} if half_hour else None
    return Snapshot(fleet, capacity, state, RegionMix.of(fleet, state), rooftop)


def _record_truth(sim: Simulation, snap: Snapshot) -> None:
    end = snap.state.end
    for region, found in snap.state.regions.items():
        sim.rrp.setdefault(region, {})[end] = found.rrp
        sim.total_demand.setdefault(region, {})[end] = found.total_demand
        sim.demand_and_nonschedgen.setdefault(region, {})[end] = found.demand_and_nonschedgen
        sim.net_interchange.setdefault(region, {})[end] = found.net_interchange
    for ic, mw in snap.state.flows.items():
        sim.interconnector_mw.setdefault(ic, {})[end] = mw
    if snap.rooftop is not None:
        for region, mw in snap.rooftop.items():
            sim.rooftop_mw.setdefault(region, {})[end] = mw
    if snap.state.intervention:
        sim.intervention_intervals.append(end)
