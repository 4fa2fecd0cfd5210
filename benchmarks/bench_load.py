"""Benchmark: `opennem ingest` of a month of unit SCADA (an MMSDM zip) against DuckDB's read_csv.

Simulates `PUBLIC_ARCHIVE#DISPATCH_UNIT_SCADA#FILE01#202408010000.zip` with the project's
simulator (AEMO's exact DISPATCH.UNIT_SCADA.1 format, units x days x 288 rows), plus the same D
rows decompressed as a plain CSV with their header. Then times whole processes, each from its
start until it exits (so its data is checkpointed), with the peak RSS of that process alone:

* baseline: a Python process doing DuckDB's `read_csv` of the decompressed CSV into a table of a
  new DuckDB file (`create table as`, DuckDB's defaults), then `checkpoint`;
* tuned baseline: the same with the settings the loader reads sections with
  (`ingest.stores.duckdb_store.LOAD_SETTINGS`: insertion order not kept, a memory limit), so
  DuckDB's own best way to do the job is a baseline too;
* `opennem ingest ZIP` on a new DuckDB file (target: at most 1.5x the baseline, peak RSS under
  500 MiB);
* `opennem ingest ZIP` on a new PostgreSQL database (127.0.0.1:5432; the server's memory is not
  the process's) and a new chDB directory (ClickHouse inside the process): target at most 2x the
  DuckDB ingest.

With `--repeat N` every process runs N times, in turn, and the fastest run of each is reported
(the machine may be shared); every run's ratio is printed too.

    uv run python benchmarks/bench_load.py [--units 450] [--days 30] [--repeat 1] [--out DIR]
        [--engines duckdb postgres clickhouse]
"""

import argparse
import os
import re
import shutil
import sys
import time
import zipfile
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import duckdb
from bench_engines import warehouse_url

from ingest.stores.duckdb_store import LOAD_SETTINGS
from simulator import simulate

INTERVALS_PER_DAY = 288
MONTH_START = date(2024, 8, 1)
ENGINES = ("duckdb", "postgres", "clickhouse")
# The baseline process: DuckDB alone, reading the decompressed CSV into a new database file,
# with the settings given as `name=value` arguments after the CSV and the database.
BASELINE = """
import sys, duckdb
conn = duckdb.connect(sys.argv[2])
conn.execute("set enable_progress_bar = false")
for setting in sys.argv[3:]:
    conn.execute(f"set {setting}")
conn.execute(
    "create table baseline as select * from read_csv(?, header = true, all_varchar = true)",
    [sys.argv[1]],
)
conn.execute("checkpoint")
conn.close()
"""
_LOADED_ROWS = re.compile(r"^loaded\s+\S.*: (\d+) rows$", re.MULTILINE)


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_rss_mib: float
    rows: int
    cpu_seconds: float  # user + system: the work done, whatever else shares the machine


def generate(out: Path, units: int, days: int) -> tuple[Path, Path, int]:
    """Simulate the MMSDM SCADA zip with the project's simulator, and the baseline CSV of its D
    rows (the `I` header and the `D` rows as published); returns their paths and the row count."""
    last_day = MONTH_START + timedelta(days=days - 1)
    simulation = simulate(
        out / "nemweb", MONTH_START, last_day, units=units, mmsdm=True, current=False,
        tables={"DISPATCH_UNIT_SCADA"},
    )  # fmt: skip
    archive_path = next(path for path in simulation.files if "DISPATCH_UNIT_SCADA" in path.name)
    baseline_path = out / "dispatch_unit_scada_d_rows.csv"
    with (
        zipfile.ZipFile(archive_path) as archive,
        archive.open(archive.namelist()[0]) as member,
        baseline_path.open("wb") as baseline,
    ):
        baseline.writelines(line for line in member if line.startswith((b"I,", b"D,")))
    return archive_path, baseline_path, units * days * INTERVALS_PER_DAY


def timed_process(command: list[str], env: dict[str, str], log: Path) -> tuple[Run, str]:
    """Run `command` to its exit (output to `log`): wall seconds, the peak RSS of that process
    alone (its rusage from wait4) and what it printed."""
    with log.open("wb") as output:
        started = time.perf_counter()
        pid = os.posix_spawn(
            command[0],
            command,
            env,
            file_actions=[
                (os.POSIX_SPAWN_DUP2, output.fileno(), 1),
                (os.POSIX_SPAWN_DUP2, output.fileno(), 2),
            ],
        )
        _, status, usage = os.wait4(pid, 0)
        seconds = time.perf_counter() - started
    printed = log.read_text(errors="replace")
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"{command[:3]} failed: {printed[-2000:]}")
    return Run(seconds, usage.ru_maxrss / 1024, 0, usage.ru_utime + usage.ru_stime), printed


def run_baseline(csv_path: Path, out: Path, settings: dict[str, str]) -> Run:
    database = out / "baseline.duckdb"
    database.unlink(missing_ok=True)
    assignments = [f"{name} = {value}" for name, value in settings.items()]
    command = [sys.executable, "-c", BASELINE, str(csv_path), str(database), *assignments]
    run, _ = timed_process(command, dict(os.environ), out / "baseline.log")
    with duckdb.connect(str(database), read_only=True) as conn:
        rows = int((conn.execute("select count(*) from baseline").fetchone() or [0])[0])
    return replace(run, rows=rows)


def run_ingest(engine: str, archive_path: Path, out: Path) -> Run:
    """`opennem ingest ZIP` as a user runs it, on a new warehouse of `engine`."""
    opennem = str(Path(sys.executable).with_name("opennem"))
    with warehouse_url(engine, out) as url:
        env = os.environ | {"OPENNEM_DATABASE_URL": url}
        run, stdout = timed_process(
            [opennem, "ingest", str(archive_path)], env, out / f"{engine}.log"
        )
    loaded = _LOADED_ROWS.search(stdout)
    if loaded is None:
        raise SystemExit(f"opennem ingest on {engine} did not load the file: {stdout}")
    return replace(run, rows=int(loaded.group(1)))


def report(rows: int, zip_mib: float, csv_mib: float, best: dict[str, Run]) -> str:
    base = best["baseline"]
    lines = [
        f"rows: {rows:,}   zip: {zip_mib:.1f} MiB   decompressed D rows: {csv_mib:.1f} MiB",
        f"{'process (best run)':34} {'seconds':>8} {'rows/s':>11} {'peak RSS MiB':>13} "
        f"{'x read_csv':>11} {'CPU s':>7}",
    ]
    for label, run in best.items():
        lines.append(
            f"{_LABELS[label]:34} {run.seconds:8.2f} {run.rows / run.seconds:11,.0f} "
            f"{run.peak_rss_mib:13.0f} {run.seconds / base.seconds:11.2f} {run.cpu_seconds:7.2f}"
        )
    ingest = best["duckdb"]
    lines.append(f"ratio opennem ingest (duckdb) / read_csv: {ingest.seconds / base.seconds:.2f}x")
    tuned = best["tuned"].seconds
    lines.append(f"ratio opennem ingest (duckdb) / tuned read_csv: {ingest.seconds / tuned:.2f}x")
    for engine in ("postgres", "clickhouse"):
        if engine in best:
            ratio = best[engine].seconds / ingest.seconds
            lines.append(f"ratio opennem ingest ({engine}) / opennem ingest (duckdb): {ratio:.2f}x")
    return "\n".join(lines)


_LABELS = {
    "baseline": "duckdb read_csv (baseline)",
    "tuned": "duckdb read_csv, loader's settings",
    "duckdb": "opennem ingest, DuckDB",
    "postgres": "opennem ingest, PostgreSQL",
    "clickhouse": "opennem ingest, ClickHouse (chDB)",
}


def one_round(engines: list[str], archive: Path, csv_path: Path, out: Path) -> dict[str, Run]:
    """Every process once, in turn; prints the round's ratios."""
    runs = {
        "baseline": run_baseline(csv_path, out, {}),
        "tuned": run_baseline(csv_path, out, LOAD_SETTINGS),
    }
    runs |= {engine: run_ingest(engine, archive, out) for engine in engines}
    base = runs["baseline"].seconds
    figures = "  ".join(
        f"{name} {run.seconds:.2f}s (cpu {run.cpu_seconds:.2f}s) {run.peak_rss_mib:.0f}MiB "
        f"x{run.seconds / base:.2f}"
        for name, run in runs.items()
    )
    print(f"run: {figures}  load average {os.getloadavg()[0]:.2f}", flush=True)
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=450)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--engines", nargs="+", choices=ENGINES, default=list(ENGINES))
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    args = parser.parse_args()
    if "duckdb" not in args.engines:
        parser.error("--engines needs duckdb: the other engines are compared with it")
    started = time.perf_counter()
    shutil.rmtree(args.out / "nemweb", ignore_errors=True)
    archive, csv_path, rows = generate(args.out, args.units, args.days)
    print(f"generated {rows:,} rows in {time.perf_counter() - started:.1f}s under {args.out}")
    rounds = [one_round(args.engines, archive, csv_path, args.out) for _ in range(args.repeat)]
    best = {name: min((r[name] for r in rounds), key=lambda run: run.seconds) for name in rounds[0]}
    wrong = {name: run.rows for name, run in best.items() if run.rows != rows}
    if wrong:
        raise SystemExit(f"row counts differ from the {rows:,} simulated: {wrong}")
    mib = 1024 * 1024
    zip_mib, csv_mib = archive.stat().st_size / mib, csv_path.stat().st_size / mib
    print(report(rows, zip_mib, csv_mib, best))
    print(f"nproc {os.cpu_count()}, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
