"""Benchmark: the same month of simulated unit SCADA loaded and built on DuckDB, PostgreSQL and
ClickHouse (chDB in-process), side by side.

Simulates an MMSDM `DISPATCH_UNIT_SCADA` zip (units x days x 288 rows, AEMO's format) and the
registration list the simulator writes. Then, per engine, in a fresh subprocess (so the peak RSS
is its own): a new warehouse, the registry and the zip loaded with the project's loader
(`ingest.loader.load_file` through the engine's raw store), then `dbt build` of the unit and
fueltech marts (models, data tests, contracts, reconciliation tests). Times and peak RSS are
reported with ratios against DuckDB measured in the same run. PostgreSQL is the server on
127.0.0.1:5432 (a throwaway database): its peak RSS is the client's, the server's is not counted;
DuckDB and chDB run inside the measured process.

    uv run python benchmarks/bench_engines.py [--units 100] [--days 30] [--out DIR]
"""

import argparse
import json
import resource
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import psycopg

from flows.downstream import run_transform
from ingest.loader import load_file
from ingest.sources.registration import load_registration_list
from ingest.stores import open_store
from opennem.warehouse import WarehouseUrl
from simulator import simulate

MONTH_START = date(2024, 8, 1)
POSTGRES_SERVER = "postgresql://postgres@127.0.0.1:5432"
ENGINES = ("duckdb", "postgres", "clickhouse")
BUILD = ["build", "--select", "+fct_fueltech_intervals_monthly", "+fct_unit_intervals_v1"]


def generate(out: Path, units: int, days: int) -> tuple[Path, Path]:
    """The simulated MMSDM SCADA zip and registration list."""
    simulation = simulate(
        out / "nemweb", MONTH_START, MONTH_START + timedelta(days=days - 1), units=units,
        mmsdm=True, current=False, tables={"DISPATCH_UNIT_SCADA"},
    )  # fmt: skip
    scada = next(path for path in simulation.files if "DISPATCH_UNIT_SCADA" in path.name)
    registry = next(path for path in simulation.files if path.suffix == ".xlsx")
    return scada, registry


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(url: str, scada: Path, registry: Path) -> dict[str, float]:
    """Load then build in this process; seconds of each and the peak RSS (MiB)."""
    warehouse = WarehouseUrl.parse(url)
    started = time.perf_counter()
    with open_store(warehouse) as store:
        load_registration_list(store, registry)
        result = load_file(store, scada)
    if result.status != "loaded":
        raise SystemExit(f"{url}: {scada} not loaded: {result.reason}")
    loaded = time.perf_counter()
    run_transform(BUILD, warehouse)
    built = time.perf_counter()
    return {
        "rows": result.row_counts["dispatch_unit_scada"],
        "load_seconds": loaded - started,
        "build_seconds": built - loaded,
        "peak_rss_mib": peak_rss_mib(),
    }


@contextmanager
def warehouse_url(engine: str, out: Path) -> Iterator[str]:
    """A new, empty warehouse of `engine`, removed afterwards."""
    if engine == "postgres":
        name = f"opennem_bench_{secrets.token_hex(4)}"
        with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f"create database {name}")
        try:
            yield f"{POSTGRES_SERVER}/{name}"
        finally:
            with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as conn:
                conn.execute(f"drop database {name} with (force)")
        return
    path = out / ("bench.duckdb" if engine == "duckdb" else "bench-chdb")
    shutil.rmtree(path, ignore_errors=True)
    path.unlink(missing_ok=True)
    yield f"duckdb:///{path}" if engine == "duckdb" else f"chdb://{path}"


def run_child(engine: str, out: Path, scada: Path, registry: Path) -> dict[str, float]:
    with warehouse_url(engine, out) as url:
        command = [sys.executable, __file__, "--measure", url, str(scada), str(registry)]
        completed = subprocess.run(command, check=True, capture_output=True, text=True)
    return dict(json.loads(completed.stdout.strip().splitlines()[-1]))


def report(results: dict[str, dict[str, float]]) -> str:
    base = results["duckdb"]
    lines = [
        f"rows: {int(base['rows']):,}",
        f"{'engine':11} {'load s':>8} {'build s':>8} {'total s':>8} {'x duckdb':>9} "
        f"{'peak RSS MiB':>13} {'x duckdb':>9}",
    ]
    for engine, numbers in results.items():
        total = numbers["load_seconds"] + numbers["build_seconds"]
        base_total = base["load_seconds"] + base["build_seconds"]
        lines.append(
            f"{engine:11} {numbers['load_seconds']:8.2f} {numbers['build_seconds']:8.2f} "
            f"{total:8.2f} {total / base_total:9.2f} {numbers['peak_rss_mib']:13.0f} "
            f"{numbers['peak_rss_mib'] / base['peak_rss_mib']:9.2f}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--engines", nargs="+", choices=ENGINES, default=list(ENGINES))
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out" / "engines")
    parser.add_argument("--measure", nargs=3, metavar=("URL", "SCADA", "REGISTRY"), help="internal")
    args = parser.parse_args()
    if args.measure:
        url, scada, registry = args.measure
        print(json.dumps(measure(url, Path(scada), Path(registry))))
        return
    args.out.mkdir(parents=True, exist_ok=True)
    scada, registry = generate(args.out, args.units, args.days)
    engines = ["duckdb", *(engine for engine in args.engines if engine != "duckdb")]
    results = {engine: run_child(engine, args.out, scada, registry) for engine in engines}
    if len({numbers["rows"] for numbers in results.values()}) != 1:
        raise SystemExit(f"row counts differ between engines: {results}")
    print(report(results))


if __name__ == "__main__":
    main()
