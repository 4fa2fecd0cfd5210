"""The simulated WEM: AEMO WA's WEMDE daily files for a small fleet, and the truth behind them.

Written where `ingest.sources.wem.crawl` looks (`public/market-data/wemde/<dataset>/previous/`,
daily zips of one JSON document; `current/` is listed and left empty), in the shapes
`ingest.sources.wem.parsers` reads:

- `facilityScada/previous/FacilityScada_YYYYMMDD.zip`:
  `{"data": {"facilityScadaDispatchIntervals": [{dispatchInterval, code, quantity}]}}`, one entry
  per facility and 5-minute dispatch interval; `quantity` is MWh in the interval (MW / 12).
- `referenceTradingPrice/previous/ReferenceTradingPrice_YYYYMMDD.zip`:
  `{"data": {"referenceTradingPrices": [{tradingInterval, referenceTradingPrice}]}}`, 48 a day.

WEM times are AWST (UTC+8) and label the interval START; a trading day runs 08:00 to 08:00 the
next day. Values depend only on (seed, facility, time), so any one can be recomputed as truth.
"""

import io
import json
import math
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from simulator.mms import set_mtime, zip_info
from simulator.noise import hash01

WEMDE_ROOT = Path("public/market-data/wemde")
DISPATCH_INTERVAL = timedelta(minutes=5)
TRADING_INTERVAL = timedelta(minutes=30)
TRADING_DAY_START = time(8, 0)
_AWST_TO_AEST = timedelta(hours=2)  # file times are stamped through the NEM clock helpers
_PUBLISHED_AFTER = timedelta(hours=1)
_EPOCH = datetime(2000, 1, 1)


@dataclass(frozen=True)
class WemFacility:
    code: str
    fueltech_id: str
    capacity_mw: float


# Real WEM facility codes, fueltechs and registered capacities, as in the dbt seed
# transform/seeds/wem_units.csv (tests/opennem/test_simulator_wem.py checks they agree).
FACILITIES: tuple[WemFacility, ...] = (
    WemFacility("BW1_BLUEWATERS_G2", "coal_black", 217.0),
    WemFacility("COLLIE_G1", "coal_black", 318.3),
    WemFacility("KWINANA_GT2", "gas_ocgt", 103.2),
    WemFacility("NEWGEN_KWINANA_CCG1", "gas_ccgt", 335.0),
    WemFacility("ALBANY_WF1", "wind", 21.6),
    WemFacility("BADGINGARRA_WF1", "wind", 130.0),
    WemFacility("GREENOUGH_RIVER_PV1", "solar_utility", 10.0),
    WemFacility("MERSOLAR_PV1", "solar_utility", 100.0),
)


@dataclass
class WemSimulation:
    """The files written and what they say: MWh per facility and dispatch interval START, and
    the reference price per trading interval START (naive AWST)."""

    files: list[Path] = field(default_factory=list)
    energy_mwh: dict[str, dict[datetime, float]] = field(default_factory=dict)
    price: dict[datetime, float] = field(default_factory=dict)


def trading_day_intervals(day: date, step: timedelta) -> Iterator[datetime]:
    """Interval STARTs of the trading day `day`: 08:00 on `day` to 08:00 the next day, exclusive."""
    moment = datetime.combine(day, TRADING_DAY_START)
    end = moment + timedelta(days=1)
    while moment < end:
        yield moment
        moment += step


def facility_mw(facility: WemFacility, start: datetime, seed: int) -> float:
    """Average MW of a facility over the dispatch interval starting at `start` (AWST)."""
    hour = start.hour + start.minute / 60
    index = _index(start, DISPATCH_INTERVAL)
    jitter = hash01(seed + zlib.crc32(facility.code.encode()), index)
    if facility.fueltech_id == "solar_utility":
        daylight = max(0.0, math.sin(math.pi * (hour - 6) / 13))
        share = daylight * (0.8 + 0.2 * jitter)
    elif facility.fueltech_id == "wind":
        share = 0.35 + 0.3 * math.sin(index / 40 + len(facility.code)) + 0.1 * jitter
    elif facility.fueltech_id == "gas_ocgt":
        share = 0.6 if 17 <= hour < 21 else 0.0
    else:
        share = 0.7 + 0.2 * jitter
    return round(facility.capacity_mw * min(max(share, 0.0), 1.0), 3)


def reference_price(start: datetime, seed: int) -> float:
    """$/MWh for the trading interval starting at `start`: evening peak, midday solar trough."""
    hour = start.hour + start.minute / 60
    base = 80 + 60 * math.exp(-((hour - 18.5) ** 2) / 4) - 50 * math.exp(-((hour - 12.5) ** 2) / 6)
    noise = 20 * hash01(seed, _index(start, TRADING_INTERVAL)) - 10
    return round(base + noise, 2)


def write_wem(root: Path, start: date, end: date, seed: int) -> WemSimulation:
    """Write the WEMDE files of the trading days start..end (inclusive) under `root`."""
    sim = WemSimulation()
    for dataset in ("facilityScada", "referenceTradingPrice"):
        (root / WEMDE_ROOT / dataset / "current").mkdir(parents=True, exist_ok=True)
    day = start
    while day <= end:
        sim.files.append(_write_scada_day(root, day, seed, sim))
        sim.files.append(_write_price_day(root, day, seed, sim))
        day += timedelta(days=1)
    return sim


def _write_scada_day(root: Path, day: date, seed: int, sim: WemSimulation) -> Path:
    rows = []
    for start in trading_day_intervals(day, DISPATCH_INTERVAL):
        for facility in FACILITIES:
            mwh = round(facility_mw(facility, start, seed) / 12, 6)
            sim.energy_mwh.setdefault(facility.code, {})[start] = mwh
            rows.append({"dispatchInterval": _stamp(start), "code": facility.code, "quantity": mwh})
    document = {"data": {"facilityScadaDispatchIntervals": rows}}
    return _write_zip(root, "facilityScada", f"FacilityScada_{day:%Y%m%d}", document, day)


def _write_price_day(root: Path, day: date, seed: int, sim: WemSimulation) -> Path:
    rows = []
    for start in trading_day_intervals(day, TRADING_INTERVAL):
        price = reference_price(start, seed)
        sim.price[start] = price
        rows.append({"tradingInterval": _stamp(start), "referenceTradingPrice": price})
    document = {"data": {"referenceTradingPrices": rows}}
    return _write_zip(
        root, "referenceTradingPrice", f"ReferenceTradingPrice_{day:%Y%m%d}", document, day
    )


def _write_zip(root: Path, dataset: str, stem: str, document: object, day: date) -> Path:
    published = datetime.combine(day + timedelta(days=1), TRADING_DAY_START) + _PUBLISHED_AFTER
    published_aest = published + _AWST_TO_AEST
    sink = io.BytesIO()
    with zipfile.ZipFile(sink, "w") as archive:
        archive.writestr(zip_info(f"{stem}.json", published), json.dumps(document))
    path = root / WEMDE_ROOT / dataset / "previous" / f"{stem}.zip"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(sink.getvalue())
    set_mtime(path, published_aest)
    return path


def _index(moment: datetime, step: timedelta) -> int:
    return (moment - _EPOCH) // step


def _stamp(moment: datetime) -> str:
    return f"{moment:%Y-%m-%dT%H:%M:%S}+08:00"
