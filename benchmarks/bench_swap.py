"""Benchmark: what a publish costs the API's next request, against the same request without one.

Over the pipeline-built year of `bench_cycle.py` (a scratch copy under `benchmarks/out/api/swap/`,
published as there), the API (`api_servers.api_app`, one uvicorn worker) answers each of
bench_api's queries `--repeat` times as a cache miss (a distinct date window each time): first
without a publish between requests (the baseline), then with the serving file's mtime changed
before each one, which is what the API sees of a publish (a new data version: the file is
attached again, every cached response and the memoised newest interval are stale). The files
the views read stay the same, so this is the least a publish costs; a real one also rewrites the
newest partitions. Prints per query both medians and their ratio.

    uv run python benchmarks/bench_swap.py [--units 450] [--repeat 10]

The API runs with the anonymous plan's limits lifted (`api_servers.LIFTED_PLANS`).
"""

import argparse
import os
import statistics
from pathlib import Path

import bench_api
import bench_cycle
from api_servers import LIFTED_PLANS, SERVING_ENV, serve

from opennem.serving import serving_path

SCRATCH = Path(__file__).parent / "out" / "api" / "swap"


def miss_ms(port: int, path: str) -> float:
    """One request, in milliseconds; fails unless it was a 200 cache miss."""
    measured = bench_api.sequential(port, [path], None)
    if (measured.statuses, measured.cache) != ({"200": 1}, {"miss": 1}):
        raise SystemExit(f"{path}: {dict(measured.statuses)} {dict(measured.cache)}")
    return measured.p50_ms


def medians(port: int, query: bench_api.Query, serving: Path, repeat: int) -> tuple[float, float]:
    """The median miss without a publish before it, and with one (windows 1 .. 2 * repeat)."""
    plain = [miss_ms(port, query.path(k)) for k in range(1, repeat + 1)]
    published = []
    for k in range(repeat + 1, 2 * repeat + 1):
        os.utime(serving)
        published.append(miss_ms(port, query.path(k)))
    return statistics.median(plain), statistics.median(published)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=450)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    warehouse = bench_cycle.scratch_copy("year", args.units, bench_cycle.SEED, SCRATCH)
    serving = serving_path(warehouse)
    start = bench_cycle.HISTORY_START["year"]
    days = (bench_cycle.NEW_DAY - start).days
    chosen = bench_api.queries(start, days, bench_api.served_facilities(serving))
    rows = ["| query | miss ms (median) | miss after a publish ms | x |", "|---|---:|---:|---:|"]
    with serve(
        "api_app",
        1,
        {SERVING_ENV: str(serving), "OPENNEM_REDIS_URL": "", "OPENNEM_API_PLANS": LIFTED_PLANS},
    ) as port:
        for query in chosen:
            miss_ms(port, query.path(0))  # the newest interval memoised, the instance warm
            plain, published = medians(port, query, serving, args.repeat)
            rows.append(
                f"| {query.name} | {plain:.1f} | {published:.1f} | {published / plain:.2f} |"
            )
    print(f"\n{args.units} units x {days} days, {os.cpu_count()} cores, {args.repeat} per column\n")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
