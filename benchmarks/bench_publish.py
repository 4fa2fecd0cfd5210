"""Benchmark: publishing the marts after one new interval, a year of history against a week.

`opennem.serving.publish_marts` writes only the Parquet partitions holding rows newer than what
was published, then a small serving file of views. Its cost must not grow with the history
(issue 12: year/week at most 1.2). The baseline is the previous publisher, measured in the same
run on the same warehouse: every mart table copied into a new serving DuckDB file (DuckDB's own
fastest way to copy tables between files, `create table .. as select`).

    uv run python benchmarks/bench_publish.py [--units 450] [--days 365] [--short-days 7]
        [--cycles 3] [--seed 42] [--out DIR]

Marts are generated with `api_marts.generate` (every mart at its contract columns, rows in time
order as incremental builds lay them out; `_loaded_at` 2024-08-01 on every history row), both
histories ending 2024-07-30, and cached under `--out`. For each history, in a fresh subprocess:
the cached warehouse copied, a first (whole) publish, then `--cycles` times: one new 5-minute
interval appended to every 5-minute mart (the last interval's rows, 5 minutes later), the day's
rows of the daily marts replaced and the month's rows of the monthly marts touched, each with a
newer `_loaded_at` (as a build does), and `publish_marts` timed. Then the full copy (baseline) is
timed on the same warehouse, and the served row counts checked against the warehouse.
"""

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import api_marts
import duckdb

from opennem.serving import list_marts, publish_marts, serving_dir, serving_path
from opennem.warehouse import MART_SCHEMA

END = date(2024, 7, 31)  # the first day after both histories
OUT = Path(__file__).parent / "out" / "publish"
TARGET_RATIO = 1.2


def marts_cache(out: Path, units: int, days: int, seed: int) -> Path:
    """The generated marts of `days` days ending the day before END (generated once)."""
    start = END - timedelta(days=days)
    name = f"marts-g{api_marts.GENERATOR_VERSION}-u{units}-{start}-d{days}-s{seed}.duckdb"
    path = out / name
    if not path.exists():
        began = time.perf_counter()
        api_marts.generate(path, units, start, days, seed)
        print(f"generated {path.name} in {time.perf_counter() - began:.0f} s", file=sys.stderr)
    return path


def append_interval(database: Path, cycle: int) -> None:
    """Interval `cycle` after the history, as a build writes it: new 5-minute rows, the day's
    daily rows replaced and the month's monthly rows updated, all with a newer `_loaded_at`."""
    interval = datetime.combine(END, datetime.min.time()) + timedelta(minutes=5 * (cycle - 1))
    loaded_at = datetime(2024, 8, 1) + timedelta(minutes=cycle)
    with duckdb.connect(str(database)) as conn:
        for mart in list_marts(conn):
            columns = dict(mart.columns)
            table = mart.relation
            if "_loaded_at" not in columns:
                continue
            if "interval_start" in columns:
                conn.execute(
                    f"insert into {table} select * replace (cast(? as timestamp) as "
                    f"interval_start, cast(? as timestamp) as _loaded_at) from {table} "
                    f"where interval_start = cast(? as timestamp) - interval 5 minute",
                    [interval, loaded_at, interval],
                )
            elif "interval_day" in columns:
                conn.execute(f"delete from {table} where interval_day = ?", [END])
                conn.execute(
                    f"insert into {table} select * replace (cast(? as date) as interval_day, "
                    f"cast(? as timestamp) as _loaded_at) from {table} "
                    f"where interval_day = cast(? as date) - 1",
                    [END, loaded_at, END],
                )
            elif "interval_month" in columns:
                conn.execute(
                    f"update {table} set _loaded_at = ? where interval_month = ?",
                    [loaded_at, END.replace(day=1)],
                )


def copy_all(database: Path) -> Path:
    """The previous publisher (the baseline): every mart table copied into a new file."""
    target = database.with_name(f"{database.stem}.copy.duckdb")
    target.unlink(missing_ok=True)
    with duckdb.connect(str(database)) as conn:
        conn.execute(f"attach '{target}' as serving")
        conn.execute(f"create schema serving.{MART_SCHEMA}")
        for mart in list_marts(conn):
            conn.execute(
                f'create table serving.{MART_SCHEMA}."{mart.name}" as select * from {mart.relation}'
            )
        conn.execute("detach serving")
    return target


def timed(action: Any) -> float:
    began = time.perf_counter()
    action()
    return time.perf_counter() - began


def served_counts(database: Path) -> tuple[dict[str, int], dict[str, int]]:
    """Row counts per mart in the warehouse and in the published serving file."""
    counts = []
    for path in (database, serving_path(database)):
        with duckdb.connect(str(path), read_only=True) as conn:
            counts.append(
                {
                    mart.name: conn.execute(f"select count(*) from {mart.relation}").fetchone()[0]  # type: ignore[index]
                    for mart in list_marts(conn)
                }
            )
    return counts[0], counts[1]


def run_case(cache: Path, work: Path, cycles: int) -> dict[str, Any]:
    """One history: the first publish, `cycles` publishes after one new interval, the baseline."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    database = work / "warehouse.duckdb"
    shutil.copyfile(cache, database)
    first = timed(lambda: publish_marts(database))
    publishes = []
    for cycle in range(1, cycles + 1):
        append_interval(database, cycle)
        written_before = set(serving_dir(database).glob("*/*.parquet"))
        publishes.append(timed(lambda: publish_marts(database)))
        written = set(serving_dir(database).glob("*/*.parquet")) - written_before
    warehouse, served = served_counts(database)
    assert warehouse == served, (warehouse, served)
    baseline = timed(lambda: copy_all(database))
    with duckdb.connect(str(database), read_only=True) as conn:
        rows = conn.execute("select count(*) from marts.fct_unit_intervals_v1").fetchone()
    return {
        "unit_rows": rows[0] if rows else 0,
        "first_publish_s": first,
        "publish_s": statistics.median(publishes),
        "publishes_s": publishes,
        "files_written_last_cycle": len(written),
        "serving_file_kib": serving_path(database).stat().st_size / 1024,
        "full_copy_s": baseline,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _subprocess(cache: Path, work: Path, cycles: int) -> dict[str, Any]:
    output = subprocess.run(
        [sys.executable, __file__, "--case", str(cache), str(work), str(cycles)],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    result: dict[str, Any] = json.loads(output.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=450)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--short-days", type=int, default=7)
    parser.add_argument("--cycles", type=int, default=3)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--case", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        cache, work, cycles = args.case
        print(json.dumps(run_case(Path(cache), Path(work), int(cycles))))
        return
    results = {
        days: _subprocess(
            marts_cache(args.out, args.units, days, args.seed),
            args.out / f"work-d{days}",
            args.cycles,
        )
        for days in (args.short_days, args.days)
    }
    print(f"{args.units} units; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(
        f"{'history':>8} {'unit rows':>12} {'first s':>8} {'publish s':>10} {'files':>6} "
        f"{'view KiB':>9} {'full copy s':>12} {'copy/publish':>13} {'peak MiB':>9}"
    )
    for days, r in results.items():
        print(
            f"{days:>6} d {r['unit_rows']:>12,} {r['first_publish_s']:>8.2f} "
            f"{r['publish_s']:>10.3f} {r['files_written_last_cycle']:>6} "
            f"{r['serving_file_kib']:>9.0f} {r['full_copy_s']:>12.2f} "
            f"{r['full_copy_s'] / r['publish_s']:>12.1f}x {r['peak_rss_mib']:>9.0f}"
        )
    ratio = results[args.days]["publish_s"] / results[args.short_days]["publish_s"]
    verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
    print(
        f"publish after one new interval, {args.days} d / {args.short_days} d: {ratio:.2f} "
        f"(target <= {TARGET_RATIO}: {verdict}); publishes (s): "
        + "; ".join(
            f"{days} d " + ", ".join(f"{s:.3f}" for s in r["publishes_s"])
            for days, r in results.items()
        )
    )


if __name__ == "__main__":
    main()
