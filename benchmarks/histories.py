"""Built DuckDB warehouses of simulated history, for the benchmarks that need one (bench_year,
bench_cycle): NEM + WEM from the simulator's monthly MMSDM archives and WEMDE daily files,
loaded and built through the real code paths and cached by their parameters.

    from histories import built_history, copy_history   # benchmarks/ is on sys.path

    built_history(units: int, start: date, end: date, *, wem: bool = True, seed: int = 1,
                  out: Path = OUT) -> Path
        The path of a built DuckDB warehouse (`.../opennem.duckdb`, its published serving file
        `opennem.serving.duckdb` beside it) holding [start, end): `start` and `end` are firsts of
        months (MMSDM archives are monthly), e.g. date(2023, 8, 1), date(2024, 8, 1) for the 12
        months ending 2024-07. Made once per parameters under `out/<key>/` and reused; the cache
        is never written to after it is made, so copy it before continuing it:

    copy_history(dest: Path, units, start, end, *, wem=True, seed=1, out=OUT) -> Path
        built_history(...) copied into the folder `dest` (warehouse and serving file); returns
        the copy's warehouse path.

How a history is made, each step what an operator would run:
1. `simulated(...)`: `simulator.simulate(root, start, end - 1 day, units=..., mmsdm=True,
   current=False, wem=...)`: the MMSDM monthly zips of unit SCADA, dispatch prices, regional
   sums, interconnector flows, trading prices and rooftop PV, the registration list, CO2EII
   files, the interconnector topology and the WEMDE facility SCADA and reference price days.
   Cached under `out/files/<key>/` (a `complete` marker is written last).
2. `load(root, warehouse, start, end, wem=...)`: the tree served on loopback
   (`simulator.serve`), then `opennem backfill --source nem-mmsdm --from <start> --to <end - 1
   month>` (`ingest.sources.nemweb.backfill.backfill`: the ledger and the MMSDM crawl state as a
   backfill leaves them; tables the simulator does not write answer 404 and are recorded as not
   published, as AEMO's missing months are), the registration list (`opennem registry`'s load),
   `opennem crawl cdeii` and `opennem crawl wem:facility_scada` / `wem:reference_trading_price`
   over the same days.
3. `build(warehouse)`: `opennem transform`, i.e. `dbt build` of every model and test, then the
   marts published to the serving file.

The flows can continue such a warehouse as they continue any backfilled one (crawl `Current`
files for the intervals after `end`, then build what changed). Delete `out/<key>/` (or bump
`HISTORY_VERSION`) to rebuild after changing the models.
"""

import os
import shutil
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from flows.downstream import run_transform
from ingest.http import HttpClient
from ingest.sources import registration
from ingest.sources.catalog import Window, crawl
from ingest.sources.nemweb.backfill import NEM_MMSDM, backfill
from ingest.stores import open_store
from opennem.serving import serving_path
from opennem.warehouse import WarehouseUrl
from simulator import serve, simulate
from simulator.registry import REGISTRY_PATH

OUT = Path(__file__).parent / "out" / "histories"
HISTORY_VERSION = 1
FIRST_INTERVAL_END = timedelta(minutes=5)
CRAWLS_AFTER_BACKFILL = ("cdeii",)
WEM_CRAWLS = ("wem:facility_scada", "wem:reference_trading_price")


@dataclass(frozen=True)
class Loaded:
    """What `load` put in the warehouse."""

    files: int
    rows: int
    seconds: float


def history_key(units: int, start: date, end: date, wem: bool, seed: int) -> str:
    network = "nem_wem" if wem else "nem"
    return f"v{HISTORY_VERSION}_{units}u_{start:%Y%m}_{end:%Y%m}_{network}_seed{seed}"


def _check_months(start: date, end: date) -> None:
    if start.day != 1 or end.day != 1 or end <= start:
        raise ValueError(f"a history is whole months: [{start}, {end}) must start on firsts")


def simulated(units: int, start: date, end: date, *, wem: bool, seed: int, out: Path) -> Path:
    """The simulated tree of [start, end) (made once, then reused)."""
    _check_months(start, end)
    root = out / "files" / history_key(units, start, end, wem, seed)
    marker = root / "complete"
    if not marker.exists():
        shutil.rmtree(root, ignore_errors=True)
        simulate(
            root, start, end - timedelta(days=1), units=units, seed=seed, mmsdm=True,
            current=False, wem=wem,
        )  # fmt: skip
        marker.write_text(f"{units} units, [{start}, {end}), wem={wem}, seed={seed}\n")
    return root


def _last_month(end: date) -> datetime:
    """The last interval END of the month before `end` (its midnight), as `--to` gives it."""
    return datetime.combine(end, datetime.min.time())


def load(root: Path, warehouse: WarehouseUrl, start: date, end: date, *, wem: bool) -> Loaded:
    """The tree at `root` served on loopback and loaded as an operator backfills it."""
    began = time.perf_counter()
    since = datetime.combine(start, datetime.min.time())
    window = Window(since + FIRST_INTERVAL_END, _last_month(end))
    with serve(root) as base_url:
        with HttpClient(base_url) as client:
            summary = backfill(
                NEM_MMSDM, since, _last_month(end), warehouse=warehouse, client=client
            )
        if not summary.ok:
            raise RuntimeError(f"backfill failed:\n{summary.describe()}")
        files, rows = summary.count("loaded"), summary.rows
        with open_store(warehouse) as store:
            registration.crawl(store, f"{base_url}/{REGISTRY_PATH.as_posix()}")
            for argument in (*CRAWLS_AFTER_BACKFILL, *(WEM_CRAWLS if wem else ())):
                result = crawl(store, argument, window, base_url)
                if not result.ok:
                    raise RuntimeError(f"crawling {argument} failed:\n{result.describe()}")
                files, rows = files + result.files_loaded(), rows + result.rows_loaded()
    return Loaded(files, rows, time.perf_counter() - began)


def build(warehouse: WarehouseUrl) -> float:
    """`opennem transform` (dbt build of everything, then publish); its seconds."""
    began = time.perf_counter()
    run_transform(["build"], warehouse)
    return time.perf_counter() - began


def built_history(
    units: int, start: date, end: date, *, wem: bool = True, seed: int = 1, out: Path = OUT
) -> Path:
    """A built warehouse of [start, end) (see the module docstring); made once, then reused."""
    key = history_key(units, start, end, wem, seed)
    final = out / key / "opennem.duckdb"
    if final.exists():
        return final
    root = simulated(units, start, end, wem=wem, seed=seed, out=out)
    work = out / f"{key}.building"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    warehouse = WarehouseUrl.parse(f"duckdb:///{work / final.name}")
    load(root, warehouse, start, end, wem=wem)
    build(warehouse)
    shutil.rmtree(final.parent, ignore_errors=True)
    os.replace(work, final.parent)
    return final


def copy_history(
    dest: Path,
    units: int,
    start: date,
    end: date,
    *,
    wem: bool = True,
    seed: int = 1,
    out: Path = OUT,
) -> Path:
    """A copy of `built_history(...)` in the folder `dest`, to be written to; its warehouse path."""
    source = built_history(units, start, end, wem=wem, seed=seed, out=out)
    dest.mkdir(parents=True, exist_ok=True)
    wal = source.with_name(f"{source.name}.wal")  # committed but not yet checkpointed
    for path in (source, wal, serving_path(source)):
        if path.exists():
            shutil.copyfile(path, dest / path.name)
    return dest / source.name
