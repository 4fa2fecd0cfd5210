"""Benchmark: publishing the marts after one new interval, a year of history against a week.

`opennem.serving.publish_marts` writes only the Parquet partitions holding rows newer than what
was published, then a small serving file of views. Its cost must not grow with the history
(issue 12: year/week at most 1.2). The baseline is the previous publisher, measured in the same
run on the same warehouse: every mart table copied into a new serving DuckDB file (DuckDB's own
fastest way to copy tables between files, `create table .. as select`).

    uv run python benchmarks/bench_publish.py [--units 450] [--days 365] [--short-days 7]
        [--cycles 5] [--seed 42] [--out DIR]

Marts are generated with `api_marts.generate` (every mart at its contract columns, rows in time
order as incremental builds lay them out; `_loaded_at` 2024-08-01 on every history row), both
histories ending 2024-07-30, and cached under `--out`. Each step runs in a fresh subprocess (its
own peak RSS): per history, the cached warehouse copied and published whole (the first publish);
then `--cycles` times, the histories alternating so both see the same machine load: one new
5-minute interval appended to every 5-minute mart (the last interval's rows, 5 minutes later),
the day's rows of the daily marts replaced and the month's rows of the monthly marts touched,
each with a newer `_loaded_at` (as a build does), untimed, then `publish_marts` timed. Last, per
history, the served row counts checked against the warehouse and the full copy (the baseline)
timed on the same warehouse. The ratio is of the median publish times.
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

from opennem.serving import (
    list_marts,
    publish_marts,
    published_files,
    serving_dir,
    serving_path,
)
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


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def prepare(cache: Path, work: Path) -> dict[str, Any]:
    """A copy of the cached marts, published whole once (the first publish, timed)."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    database = work / "warehouse.duckdb"
    shutil.copyfile(cache, database)
    first = timed(lambda: publish_marts(database))
    with duckdb.connect(str(database), read_only=True) as conn:
        (rows,) = conn.execute("select count(*) from marts.fct_unit_intervals_v1").fetchone() or (
            0,
        )
    return {"unit_rows": rows, "first_publish_s": first, "first_peak_rss_mib": peak_rss_mib()}


def cycle(work: Path, number: int) -> dict[str, Any]:
    """Interval `number` appended (untimed), then the publish (timed)."""
    database = work / "warehouse.duckdb"
    append_interval(database, number)
    before = published_files(serving_dir(database))
    cpu = time.process_time()
    seconds = timed(lambda: publish_marts(database))
    return {
        "publish_s": seconds,
        "publish_cpu_s": time.process_time() - cpu,
        "files_written": len(published_files(serving_dir(database)) - before),
        "serving_file_kib": serving_path(database).stat().st_size / 1024,
        "peak_rss_mib": peak_rss_mib(),
    }


def baseline(work: Path) -> dict[str, Any]:
    """The served row counts checked, then the previous publisher's full copy (timed)."""
    database = work / "warehouse.duckdb"
    warehouse, served = served_counts(database)
    assert warehouse == served, (warehouse, served)
    return {"full_copy_s": timed(lambda: copy_all(database)), "copy_peak_rss_mib": peak_rss_mib()}


ACTIONS = {
    "prepare": lambda work, arg: prepare(Path(arg), work),
    "cycle": lambda work, arg: cycle(work, int(arg)),
    "baseline": lambda work, arg: baseline(work),
}


def _subprocess(action: str, work: Path, arg: object = "") -> dict[str, Any]:
    """`action` in a fresh process (its own peak RSS)."""
    output = subprocess.run(
        [sys.executable, __file__, "--case", action, str(work), str(arg)],
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
    parser.add_argument("--cycles", type=int, default=5)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--case", nargs=3, help=argparse.SUPPRESS)  # ACTION WORK ARG
    args = parser.parse_args()
    if args.case:
        action, work, arg = args.case
        print(json.dumps(ACTIONS[action](Path(work), arg)))
        return
    histories = (args.short_days, args.days)
    works = {days: args.out / f"work-d{days}" for days in histories}
    results = {
        days: _subprocess(
            "prepare", works[days], marts_cache(args.out, args.units, days, args.seed)
        )
        for days in histories
    }
    # one new interval at a time, the histories alternating, so both see the same machine load
    cycles: dict[int, list[dict[str, Any]]] = {days: [] for days in histories}
    for number in range(1, args.cycles + 1):
        for days in histories:
            cycles[days].append(_subprocess("cycle", works[days], number))
    for days in histories:
        results[days] |= _subprocess("baseline", works[days])
        results[days]["publishes_s"] = [c["publish_s"] for c in cycles[days]]
        results[days]["publish_s"] = statistics.median(results[days]["publishes_s"])
        results[days]["publish_cpu_s"] = statistics.median(c["publish_cpu_s"] for c in cycles[days])
        results[days]["publish_peak_rss_mib"] = max(c["peak_rss_mib"] for c in cycles[days])
        results[days] |= {k: cycles[days][-1][k] for k in ("files_written", "serving_file_kib")}
    report(results, args)


def report(results: dict[int, dict[str, Any]], args: argparse.Namespace) -> None:
    print(f"{args.units} units; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(
        f"{'history':>8} {'unit rows':>11} {'first s':>8} {'MiB':>5} {'publish s':>9} {'CPU s':>6} "
        f"{'MiB':>5} {'files':>5} {'view KiB':>8} {'full copy s':>11} {'MiB':>5} "
        f"{'copy/publish':>12}"
    )
    for days, r in results.items():
        print(
            f"{days:>6} d {r['unit_rows']:>11,} {r['first_publish_s']:>8.2f} "
            f"{r['first_peak_rss_mib']:>5.0f} {r['publish_s']:>9.3f} {r['publish_cpu_s']:>6.3f} "
            f"{r['publish_peak_rss_mib']:>5.0f} {r['files_written']:>5} "
            f"{r['serving_file_kib']:>8.0f} {r['full_copy_s']:>11.2f} "
            f"{r['copy_peak_rss_mib']:>5.0f} {r['full_copy_s'] / r['publish_s']:>11.1f}x"
        )
    ratio = results[args.days]["publish_s"] / results[args.short_days]["publish_s"]
    cpu_ratio = results[args.days]["publish_cpu_s"] / results[args.short_days]["publish_cpu_s"]
    verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
    print(
        f"publish after one new interval, {args.days} d / {args.short_days} d: {ratio:.2f} "
        f"(median of {args.cycles}; target <= {TARGET_RATIO}: {verdict}); CPU time {cpu_ratio:.2f}"
    )
    for days, r in results.items():
        print(f"  {days} d publishes (s): " + ", ".join(f"{s:.3f}" for s in r["publishes_s"]))


if __name__ == "__main__":
    main()
