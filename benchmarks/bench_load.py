"""Benchmark: load a month of unit SCADA (an MMSDM zip) against DuckDB's own read_csv.

Simulates `PUBLIC_ARCHIVE#DISPATCH_UNIT_SCADA#FILE01#202408010000.zip` with the project's
simulator (AEMO's exact DISPATCH.UNIT_SCADA.1 format, units x days x 288 rows), plus the same D
rows decompressed as a plain CSV with their header. Then, each in a fresh subprocess (so the
peak RSS is its own):

* `load_file`: our loader on the zip (hash, unzip, split, bulk insert, ledger), into a new
  DuckDB file;
* baseline: DuckDB `read_csv` of the decompressed D rows into a table of a new DuckDB file.

Both times run until the data is checkpointed into the file. With `--repeat N` each is run N
times, alternating, and the fastest run of each is reported (the machine may be shared).

    uv run python benchmarks/bench_load.py [--units 450] [--days 30] [--repeat 1] [--out DIR]
"""

import argparse
import json
import resource
import subprocess
import sys
import time
import zipfile
from datetime import date, timedelta
from pathlib import Path

import duckdb

from ingest.loader import load_file
from simulator import simulate

INTERVALS_PER_DAY = 288
MONTH_START = date(2024, 8, 1)


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


def measure(kind: str, source: Path, database: Path) -> dict[str, float]:
    """Run one load in this process; report seconds and peak RSS (MiB)."""
    database.unlink(missing_ok=True)
    conn = duckdb.connect(str(database))
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    if kind == "load_file":
        result = load_file(conn, source)
        if result.status != "loaded":
            raise SystemExit(f"load_file did not load {source}: {result.reason}")
        rows = result.row_counts["dispatch_unit_scada"]
    else:
        conn.execute(
            "create table baseline as select * from read_csv(?, header = true, all_varchar = true)",
            [str(source)],
        )
        rows = int((conn.execute("select count(*) from baseline").fetchone() or [0])[0])
    conn.execute("checkpoint")
    seconds = time.perf_counter() - started
    conn.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "rows": rows, "rss_before_mib": rss_before, "peak_rss_mib": peak}


def run_child(kind: str, source: Path, database: Path) -> dict[str, float]:
    command = [sys.executable, __file__, "--measure", kind, str(source), str(database)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return dict(json.loads(output.strip().splitlines()[-1]))


def report(rows: int, zip_mib: float, csv_mib: float, ours: dict, base: dict) -> str:
    lines = [
        f"rows: {rows:,}   zip: {zip_mib:.1f} MiB   decompressed D rows: {csv_mib:.1f} MiB",
        f"{'':28} {'seconds':>8} {'rows/s':>12} {'peak RSS MiB':>13} {'RSS at start':>13}",
    ]
    for label, numbers in (("load_file (zip -> raw)", ours), ("duckdb read_csv (baseline)", base)):
        lines.append(
            f"{label:28} {numbers['seconds']:8.2f} {numbers['rows'] / numbers['seconds']:12,.0f} "
            f"{numbers['peak_rss_mib']:13.0f} {numbers['rss_before_mib']:13.0f}"
        )
    lines.append(f"ratio load_file / read_csv: {ours['seconds'] / base['seconds']:.2f}x")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=450)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    parser.add_argument("--measure", nargs=3, metavar=("KIND", "SOURCE", "DB"), help="internal")
    args = parser.parse_args()
    if args.measure:
        kind, source, database = args.measure
        print(json.dumps(measure(kind, Path(source), Path(database))))
        return
    started = time.perf_counter()
    archive_path, baseline_path, rows = generate(args.out, args.units, args.days)
    print(f"generated {rows:,} rows in {time.perf_counter() - started:.1f}s under {args.out}")
    runs = [
        (
            run_child("read_csv", baseline_path, args.out / "baseline.duckdb"),
            run_child("load_file", archive_path, args.out / "load_file.duckdb"),
        )
        for _ in range(args.repeat)
    ]
    base = min((pair[0] for pair in runs), key=lambda numbers: numbers["seconds"])
    ours = min((pair[1] for pair in runs), key=lambda numbers: numbers["seconds"])
    if ours["rows"] != rows or base["rows"] != rows:
        raise SystemExit(
            f"row counts differ: expected {rows}, got {ours['rows']} and {base['rows']}"
        )
    mib = 1024 * 1024
    print(
        report(
            rows,
            archive_path.stat().st_size / mib,
            baseline_path.stat().st_size / mib,
            ours,
            base,
        )
    )


if __name__ == "__main__":
    main()
