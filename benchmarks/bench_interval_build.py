"""Benchmark: the dbt work of one new 5-minute interval, with a long history against a short one
(target: a ratio close to 1, an interval costs an interval whatever the history).

Simulates (with `simulator`) MMSDM monthly archives of every table the simulator writes for a
short and a long history ending the day before NEW_DAY, and the NEMWEB Current files of NEW_DAY
(Dispatch_SCADA, DispatchIS and TradingIS zips, one per interval). Each history is loaded with
the project's loader and built with `opennem transform` once (untimed, cached under --out). Then
per history and per way of building, in a fresh subprocess on a copy of the built warehouse, the
next `--intervals` intervals in turn: the interval's three files loaded, then dbt timed alone
(the publish to the API is not part of it):

- `cycle`: what the 5-minute deployment runs now (`flows.downstream.changed_models`: one
  `dbt run` of the models downstream of the tables the files filled);
- `per-report`: what it ran before (one deployment per report, each a `dbt build --select
  @source:aemo.<table>` of its tables: models, their inputs, data and unit tests);
- `transform`: a plain `opennem transform` (`dbt build` of the `marts` selector).

Every run uses `incremental_lookback_minutes` 0: the history was loaded minutes before, and the
default lookback (an hour) would take all of it as new.

    uv run python benchmarks/bench_interval_build.py [--units 10] [--days 60] [--short-days 7]
        [--intervals 3] [--ways cycle per-report transform] [--out DIR]
"""

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import duckdb

from flows.downstream import changed_models, run_transform, with_default_selector
from ingest.loader import tables_with_rows
from ingest.sources.catalog import load_any
from ingest.sources.nemweb.reports import REPORTS
from ingest.stores import open_store
from opennem.transform_runner import invoke
from opennem.warehouse import WarehouseUrl
from simulator import simulate

NEW_DAY = date(2024, 7, 31)
FIVE_MINUTE_REPORTS = ("dispatch_scada", "dispatch_is", "trading_is")
INTERVAL_TABLES = {
    "DISPATCH_UNIT_SCADA",
    "DISPATCHPRICE",
    "DISPATCHREGIONSUM",
    "DISPATCHINTERCONNECTORRES",
    "TRADINGPRICE",
}
NO_LOOKBACK = ["--vars", '{"incremental_lookback_minutes": 0}']
WAYS = ("cycle", "per-report", "transform")


def built_history(out: Path, units: int, days: int) -> Path:
    """A warehouse of `days` days before NEW_DAY, loaded and built once (cached)."""
    folder = out / f"history-u{units}-d{days}"
    database = folder / "built.duckdb"
    if database.exists():
        return database
    shutil.rmtree(folder, ignore_errors=True)
    start = NEW_DAY - timedelta(days=days)
    simulation = simulate(
        folder / "files", start, NEW_DAY - timedelta(days=1), units=units, mmsdm=True, current=False
    )  # fmt: skip
    building = folder / "building.duckdb"
    warehouse = WarehouseUrl.parse(f"duckdb:///{building}")
    load(warehouse, simulation.files)
    run_transform(["build", *NO_LOOKBACK], warehouse)
    with duckdb.connect(str(building)) as conn:
        conn.execute("checkpoint")  # the WAL into the file, which is then copied alone
    building.rename(database)
    return database


def interval_files(out: Path, units: int, count: int) -> list[list[Path]]:
    """The Current files of NEW_DAY's first `count` intervals, one list per interval."""
    folder = out / f"new-day-u{units}"
    if not folder.exists():
        simulate(folder, NEW_DAY, NEW_DAY, units=units, current=True, tables=INTERVAL_TABLES)
    current = folder / "Reports" / "Current"
    per_report = [
        sorted((current / REPORTS[key].folder).glob("*.zip")) for key in FIVE_MINUTE_REPORTS
    ]
    return [[files[n] for files in per_report] for n in range(count)]


def load(warehouse: WarehouseUrl, files: list[Path]) -> set[str]:
    """The raw tables the files filled."""
    with open_store(warehouse) as store:
        results = [load_any(store, str(path)) for path in files]
    rejected = [r for r in results if r.status == "rejected"]
    if rejected:
        raise SystemExit(f"not loaded: {rejected}")
    return tables_with_rows(result.row_counts for result in results)


def dbt_args(way: str, tables: set[str]) -> list[str]:
    """The dbt invocation after a load that filled `tables`, built `way`."""
    if way == "cycle":
        return changed_models("aemo", tables, built=True)
    if way == "per-report":
        return ["build", "--select", *(f"@source:aemo.{table}" for table in sorted(tables))]
    return with_default_selector(["build"])


def one_interval(warehouse: WarehouseUrl, way: str, files: list[Path]) -> float:
    """Seconds of dbt for one interval's files: loaded together then one dbt invocation, or
    (per-report) each file loaded then its own invocation, as one deployment per report did."""
    batches = [[path] for path in files] if way == "per-report" else [files]
    seconds = 0.0
    for batch in batches:
        args = [*dbt_args(way, load(warehouse, batch)), *NO_LOOKBACK, "--quiet"]
        started = time.perf_counter()
        result = invoke(args, warehouse)
        seconds += time.perf_counter() - started
        if not result.success:
            raise SystemExit(f"dbt {' '.join(args)} failed: {result.exception}")
    return seconds


def measure(database: Path, way: str, intervals: list[list[Path]]) -> list[float]:
    """Seconds of dbt for each interval, loaded in turn into a copy of the built history."""
    scratch = database.with_name(f"scratch-{way}.duckdb")
    shutil.copy(database, scratch)
    warehouse = WarehouseUrl.parse(f"duckdb:///{scratch}")
    # dbt imported and the project parsed for this warehouse path before the clock starts (dbt
    # parses again when its profile changes; a deployment's warehouse path never does)
    invoke(["parse", *NO_LOOKBACK, "--quiet"], warehouse)
    seconds = [one_interval(warehouse, way, files) for files in intervals]
    scratch.unlink()
    return seconds


def run_child(database: Path, way: str, intervals: list[list[Path]]) -> list[float]:
    payload = json.dumps([[str(p) for p in files] for files in intervals])
    command = [sys.executable, __file__, "--measure", str(database), way, payload]
    completed = subprocess.run(command, check=True, capture_output=True, text=True)
    return list(json.loads(completed.stdout.strip().splitlines()[-1]))


def report(results: dict[tuple[str, int], list[float]], short: int, long: int) -> str:
    lines = [f"{'way':>11} {'history d':>9} {'median s':>9} {'runs s':>24} {'x short':>8}"]
    for (way, days), seconds in results.items():
        base = statistics.median(results[(way, short)])
        median = statistics.median(seconds)
        runs = " ".join(f"{s:.2f}" for s in seconds)
        lines.append(f"{way:>11} {days:9d} {median:9.2f} {runs:>24} {median / base:8.2f}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=10)
    parser.add_argument("--days", type=int, default=60, help="the long history")
    parser.add_argument("--short-days", type=int, default=7, help="the short history")
    parser.add_argument("--intervals", type=int, default=3)
    parser.add_argument("--ways", nargs="+", choices=WAYS, default=list(WAYS))
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out" / "interval")
    parser.add_argument("--measure", nargs=3, metavar=("DATABASE", "WAY", "FILES"), help="internal")
    args = parser.parse_args()
    if args.measure:
        database, way, payload = args.measure
        intervals = [[Path(p) for p in files] for files in json.loads(payload)]
        print(json.dumps(measure(Path(database), way, intervals)))
        return
    intervals = interval_files(args.out, args.units, args.intervals)
    histories = {
        days: built_history(args.out, args.units, days) for days in (args.short_days, args.days)
    }
    results = {
        (way, days): run_child(database, way, intervals)
        for way in args.ways
        for days, database in histories.items()
    }
    print(f"units {args.units}, {args.intervals} intervals after each history, dbt seconds")
    print(report(results, args.short_days, args.days))


if __name__ == "__main__":
    main()
