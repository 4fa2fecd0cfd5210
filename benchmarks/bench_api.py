"""Benchmark: latency and throughput of the API over a year of simulated marts, each as a ratio to
a bare Starlette endpoint answering a constant JSON, measured in the same run.

The real API (`api.app.create_app` over a DuckDB serving file, with its default in-process cache,
and with `--redis URL` also the Redis cache) and the bare app are served by the same uvicorn
command (same workers). Two phases per API:

- cold: the first request of distinct queries (each repetition shifts the date window, so every
  one is a cache miss), one at a time from this process with a keep-alive connection;
- cached: `wrk` (Debian's package) with `--connections` concurrent connections for `--duration`
  seconds on one warmed query, then on all of them in turn ("mixed").

The bare endpoint is measured the same way in each phase. Targets: cached p95 under 20 ms and at
least half the bare endpoint's requests/s; an uncached year by day under 150 ms (p95).

    uv run python benchmarks/bench_api.py [--units 450] [--days 365] [--quick] [--redis URL]
        [--skip QUERY ...] [--workers 1] [--connections 16] [--duration 10] [--cold N]

The marts are generated once per size and seed (see api_marts.py) and cached under
`benchmarks/out/api/` (`--data-dir`).
"""

import argparse
import http.client
import json
import os
import statistics
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import api_marts
import bench_cycle
import duckdb
import redis
from api_servers import BARE_PATH, SERVING_ENV, serve

from api.cache import KEY_PREFIX
from opennem.serving import serving_path

START = date(2023, 8, 1)
DATA_DIR = Path(__file__).parent / "out" / "api"
CLIENT_HEADERS = {"Accept-Encoding": "gzip"}  # as httpx, requests, aiohttp and browsers send
FACILITIES_PER_QUERY = 10  # of three units each: 30 units
TARGET_CACHED_P95_MS = 20.0
TARGET_THROUGHPUT_RATIO = 0.5
TARGET_COLD_YEAR_MS = 150.0
COLD_YEAR_QUERY = "energy_1d_year_region_fueltech"
TARGET_WRITING_RATIO = 1.5  # p95 while cycles write, against idle


def _iso(day: date) -> str:
    return datetime.combine(day, datetime.min.time()).isoformat()


@dataclass(frozen=True)
class Query:
    name: str
    path: Callable[[int], str]  # the query of repetition k (distinct for distinct k)


def generated_facilities(units: int, seed: int) -> list[str]:
    """The NEM facility codes of api_marts' generated units, in their order."""
    nem = [u.facility_code for u in api_marts.plan_units(units, seed) if u.network_region != "WEM"]
    return list(dict.fromkeys(nem))


def served_facilities(serving: Path) -> list[str]:
    """The NEM facility codes of a serving file's `dim_facilities_v1`, sorted."""
    with duckdb.connect(str(serving), read_only=True) as conn:
        rows = conn.execute(
            "select facility_code from marts.dim_facilities_v1 where network_id = 'NEM' "
            "order by facility_code"
        ).fetchall()
    return [str(code) for (code,) in rows]


def queries(start: date, days: int, facilities: list[str]) -> list[Query]:
    """The mixed query set over the data's start .. start + days (`facilities`: NEM codes)."""
    end = start + timedelta(days=days)
    codes = "&".join(f"facility_code={c}" for c in facilities[:FACILITIES_PER_QUERY])
    month = min(30, days - 1)

    def day(k: int) -> str:
        first = end - timedelta(days=1 + k % (days - 1))
        return f"date_start={_iso(first)}&date_end={_iso(first + timedelta(days=1))}"

    return [
        Query(
            "power_5m_day_fueltech",
            lambda k: (
                f"/v4/data/network/NEM?metrics=power&interval=5m&{day(k)}"
                "&secondary_grouping=fueltech"
            ),
        ),
        Query(
            COLD_YEAR_QUERY,
            lambda k: (
                "/v4/data/network/NEM?metrics=energy&interval=1d"
                f"&date_start={_iso(start)}&date_end={_iso(end - timedelta(days=k))}"
                "&primary_grouping=network_region&secondary_grouping=fueltech"
            ),
        ),
        Query(
            # every month: date_end past the newest data (clipped to it), distinct per k
            "energy_1M_all_time_fueltech",
            lambda k: (
                "/v4/data/network/NEM?metrics=energy&interval=1M"
                f"&date_start={_iso(start)}&date_end={_iso(end + timedelta(days=k))}"
                "&secondary_grouping=fueltech"
            ),
        ),
        Query(
            "facility_30_units_1d_month",
            lambda k: (
                f"/v4/data/facilities/NEM?{codes}&metrics=energy&interval=1d"
                f"&date_start={_iso(end - timedelta(days=month + k % (days - month)))}"
                f"&date_end={_iso(end - timedelta(days=k % (days - month)))}"
            ),
        ),
        Query(
            "market_5m_day_region",
            lambda k: (
                f"/v4/market/network/NEM?metrics=price&metrics=demand&interval=5m&{day(k)}"
                "&primary_grouping=network_region"
            ),
        ),
    ]


@dataclass
class Measure:
    """One query's (or the bare endpoint's) latencies and throughput in one phase."""

    p50_ms: float
    p95_ms: float
    p99_ms: float
    requests_per_s: float
    statuses: Counter[str] = field(default_factory=Counter)
    cache: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class Settings:
    connections: int
    duration_s: int
    cold: int
    workers: int
    api_key: str | None
    # seconds the cold requests of one measure are spread over (0: back to back)
    cold_span_s: float = 0.0


def percentile(values: list[float], percent: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(percent / 100 * (len(ordered) - 1)))]


def client_headers(api_key: str | None) -> dict[str, str]:
    """What the benchmark's clients send: gzip accepted, and the API key if one is given."""
    return CLIENT_HEADERS | ({"Authorization": f"Bearer {api_key}"} if api_key else {})


def sequential(port: int, paths: list[str], api_key: str | None, span_s: float = 0.0) -> Measure:
    """Each path once, one at a time on one keep-alive connection; with `span_s`, the requests
    start evenly over that many seconds (a request late for its start is sent at once)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    latencies, statuses, cache = [], Counter[str](), Counter[str]()
    started = time.perf_counter()
    for index, path in enumerate(paths):
        time.sleep(max(0.0, started + index * span_s / len(paths) - time.perf_counter()))
        sent = time.perf_counter()
        connection.request("GET", path, headers=client_headers(api_key))
        response = connection.getresponse()
        response.read()
        latencies.append((time.perf_counter() - sent) * 1000)
        statuses[str(response.status)] += 1
        cache[response.getheader("x-cache") or "none"] += 1
    elapsed = time.perf_counter() - started
    connection.close()
    return Measure(
        statistics.median(latencies),
        percentile(latencies, 95),
        percentile(latencies, 99),
        len(paths) / elapsed,
        statuses,
        cache,
    )


WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  paths, sent, statuses, cache = {}, 0, {}, {}
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  headers = {["Accept-Encoding"] = "gzip"}
  if args[2] then headers["Authorization"] = "Bearer " .. args[2] end
end
function request()
  sent = sent + 1
  return wrk.format("GET", paths[(sent - 1) % #paths + 1], headers)
end
function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  local hit = headers["x-cache"] or "none"
  cache[hit] = (cache[hit] or 0) + 1
end
local function counts(name)
  local total, parts = {}, {}
  for _, thread in ipairs(threads) do
    for key, n in pairs(thread:get(name)) do total[key] = (total[key] or 0) + n end
  end
  for key, n in pairs(total) do parts[#parts + 1] = string.format('"%s": %d', key, n) end
  return "{" .. table.concat(parts, ", ") .. "}"
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, '
    .. '"socket_errors": %d, "statuses": %s, "cache": %s}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.connect + e.read + e.write + e.timeout,
    counts("statuses"), counts("cache")))
end
"""


def loaded(port: int, paths: list[str], settings: Settings, work: Path) -> Measure:
    """`wrk` on `paths` in turn with the settings' connections for their duration."""
    script, listing = work / "bench.lua", work / "paths.txt"
    script.write_text(WRK_SCRIPT)
    listing.write_text("\n".join(paths) + "\n")
    command = [
        *("wrk", "-t1", f"-c{settings.connections}", f"-d{settings.duration_s}s"),
        *("--timeout", "30s", "-s", str(script), f"http://127.0.0.1:{port}", "--", str(listing)),
        *([settings.api_key] if settings.api_key else []),
    ]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    (line,) = [line for line in output.splitlines() if line.startswith("BENCH ")]
    found: dict[str, Any] = json.loads(line.removeprefix("BENCH "))
    statuses = Counter[str](found["statuses"])
    if found["socket_errors"]:
        statuses["socket_error"] += found["socket_errors"]
    return Measure(
        found["p50_us"] / 1000,
        found["p95_us"] / 1000,
        found["p99_us"] / 1000,
        found["requests"] / (found["duration_us"] / 1e6),
        statuses,
        Counter[str](found["cache"]),
    )


Measures = tuple[Measure, Measure]  # (api, bare)
Results = dict[tuple[str, str], Measures]  # (phase, query) -> (api, bare)
# what the machine does beside the API while a measure runs ("idle", "writing"), entered per measure
Conditions = dict[str, Callable[[], AbstractContextManager[None]]]
IDLE: Conditions = {"idle": nullcontext}


def cold_measure(port: int, bare_port: int, paths: list[str], settings: Settings) -> Measures:
    """The API on `paths` one at a time (spread over `cold_span_s`), after the bare endpoint on
    as many (at least 50, back to back)."""
    bare = sequential(bare_port, [BARE_PATH] * max(len(paths), 50), settings.api_key)
    return sequential(port, paths, settings.api_key, settings.cold_span_s), bare


def cached_measure(
    port: int, bare_port: int, paths: list[str], settings: Settings, work: Path
) -> Measures:
    """`wrk` on the bare endpoint, then on the API's `paths` once every worker has them cached."""
    bare = loaded(bare_port, [BARE_PATH], settings, work)
    sequential(port, paths * 4 * settings.workers, settings.api_key)
    return loaded(port, paths, settings, work), bare


def measure(
    chosen: list[Query],
    settings: Settings,
    env: dict[str, str],
    conditions: Conditions,
    bare_port: int,
    work: Path,
) -> dict[str, Results]:
    """The cold then the cached phase of every chosen query against one API server, per
    condition; each measure next to one of the bare endpoint, and the conditions taking turns
    at every query, so the machine's drift over a run enters neither ratio."""
    results: dict[str, Results] = {name: {} for name in conditions}
    turns = list(enumerate(conditions.items()))
    # windows: 0 cached alone; per turn i, i * cold + 1 .. (i + 1) * cold cold, last + 2 + i
    # cached mixed (each cached run warms its own entries, so none expires during the run);
    # last + 1 warm-up
    last = len(turns) * settings.cold
    with serve("api_app", settings.workers, env) as port:
        sequential(port, [query.path(last + 1) for query in chosen], settings.api_key)
        for query in chosen:
            for i, (name, condition) in turns:
                cold = [
                    query.path(k) for k in range(i * settings.cold + 1, (i + 1) * settings.cold + 1)
                ]
                with condition():
                    results[name][("cold", query.name)] = cold_measure(
                        port, bare_port, cold, settings
                    )
        runs: list[tuple[str, Callable[[int], list[str]]]] = [
            *((query.name, lambda i, query=query: [query.path(0)]) for query in chosen),
            ("mixed", lambda i: [query.path(last + 2 + i) for query in chosen]),
        ]
        for run, paths in runs:
            for i, (name, condition) in turns:
                with condition():
                    measured = cached_measure(port, bare_port, paths(i), settings, work)
                results[name][("cached", run)] = measured
    return results


def clear_redis(url: str) -> None:
    """Delete the API's cache entries (so the cold phase starts from an empty cache)."""
    client = redis.Redis.from_url(url)
    for key in client.scan_iter(match=KEY_PREFIX + "*", count=1000):
        client.delete(key)


def _statuses(measure: Measure) -> str:
    return " ".join(f"{status}:{n}" for status, n in sorted(measure.statuses.items()))


def report(mode: str, results: Results) -> list[str]:
    """The table rows of one API mode."""
    rows = []
    for (phase, name), (api, bare) in results.items():
        rows.append(
            f"| {mode} | {phase} | {name} | {api.p50_ms:.2f} | {api.p95_ms:.2f} | "
            f"{api.p99_ms:.2f} | {api.requests_per_s:,.0f} | {bare.p95_ms:.2f} | "
            f"{bare.requests_per_s:,.0f} | {api.p95_ms / bare.p95_ms:.1f} | "
            f"{api.requests_per_s / bare.requests_per_s:.2f} | {_statuses(api)} | "
            f"{dict(api.cache)} |"
        )
    return rows


def missed_targets(mode: str, results: Results) -> list[str]:
    missed = []
    for (phase, name), (api, bare) in results.items():
        ratio = api.requests_per_s / bare.requests_per_s
        if phase == "cached" and api.p95_ms >= TARGET_CACHED_P95_MS:
            missed.append(f"{mode} cached {name}: p95 {api.p95_ms:.1f} ms >= 20 ms")
        if phase == "cached" and ratio < TARGET_THROUGHPUT_RATIO:
            missed.append(f"{mode} cached {name}: {ratio:.2f}x the bare requests/s < 0.5x")
        if (phase, name) == ("cold", COLD_YEAR_QUERY) and api.p95_ms >= TARGET_COLD_YEAR_MS:
            missed.append(f"{mode} cold {name}: p95 {api.p95_ms:.1f} ms >= 150 ms")
    return missed


def errors(results: Results) -> list[str]:
    return [
        f"{phase} {name}: {_statuses(api)}"
        for (phase, name), (api, _) in results.items()
        if set(api.statuses) != {"200"}
    ]


HEADER = [
    "| api | phase | query | p50 ms | p95 ms | p99 ms | req/s | bare p95 ms | bare req/s "
    "| p95 x bare | req/s x bare | statuses | x-cache |",
    "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=450)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--quick", action="store_true", help="45 units, 45 days, short runs")
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR)
    parser.add_argument("--redis", metavar="URL", help="also measure the API with Redis caching")
    parser.add_argument("--skip", nargs="*", default=[], metavar="QUERY", help="queries left out")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--api-key", help="sent as `Authorization: Bearer` (a plan without limits)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument(
        "--cold",
        type=int,
        help="distinct cold queries per query (20; --writing: 100, spread over --duration)",
    )
    parser.add_argument(
        "--writing",
        action="store_true",
        help="bench_cycle's built year (--units), idle and while 5-minute cycles write",
    )
    parser.add_argument(
        "--worker-group",
        choices=bench_cycle.GROUPS,
        default="session",
        help="--writing: the cycles' scheduling group against the API (docs/operators.md)",
    )
    args = parser.parse_args()
    if args.cold is None:
        args.cold = 100 if args.writing else 20
    if args.quick:
        args.units, args.days, args.duration, args.cold = 45, 45, 3, 8
    return args


def serving_file(args: argparse.Namespace) -> Path:
    path = api_marts.cache_path(args.data_dir, args.units, args.days, args.seed)
    if not path.exists():
        print(f"generating {path} ({args.units} units x {args.days} days)", flush=True)
        started = time.perf_counter()
        api_marts.generate(path, args.units, START, args.days, args.seed)
        print(f"generated in {time.perf_counter() - started:.0f} s", flush=True)
    return path


def api_modes(serving: Path, redis_url: str | None) -> dict[str, dict[str, str]]:
    """The API's cache modes to measure and each one's environment."""
    modes = {"memory": {SERVING_ENV: str(serving), "OPENNEM_REDIS_URL": ""}}
    if redis_url:
        modes["redis"] = {SERVING_ENV: str(serving), "OPENNEM_REDIS_URL": redis_url}
    return modes


def measure_modes(
    chosen: list[Query],
    settings: Settings,
    modes: dict[str, dict[str, str]],
    conditions: Conditions,
    bare: int,
    work: Path,
) -> dict[str, dict[str, Results]]:
    """Per condition, every mode measured in turn (the Redis cache emptied first)."""
    measured: dict[str, dict[str, Results]] = {name: {} for name in conditions}
    for mode, env in modes.items():
        if mode == "redis":
            clear_redis(env["OPENNEM_REDIS_URL"])
        for name, results in measure(chosen, settings, env, conditions, bare, work).items():
            measured[name][mode] = results
    return measured


def print_header(args: argparse.Namespace, days: int, load_before: float) -> None:
    loads = f"{load_before:.1f}, {os.getloadavg()[0]:.1f}"
    print(f"\n{args.units} units x {days} days, {os.cpu_count()} cores, load {loads} (before,")
    print(f" after), {args.workers} worker(s), {args.connections} connections x {args.duration} s")
    print(f"(wrk), {args.cold} cold requests per query\n")


def idle_run(args: argparse.Namespace, settings: Settings) -> None:
    """The API over api_marts' generated year, against the bare endpoint."""
    serving = serving_file(args)
    facilities = generated_facilities(args.units, args.seed)
    chosen = [q for q in queries(START, args.days, facilities) if q.name not in args.skip]
    rows, missed, failed = list(HEADER), [], []
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as work, serve("bare_app", args.workers, {}) as bare:
        modes = api_modes(serving, args.redis)
        measured = measure_modes(chosen, settings, modes, IDLE, bare, Path(work))["idle"]
    for mode, results in measured.items():
        rows += report(mode, results)
        missed += missed_targets(mode, results)
        failed += errors(results)
    print_header(args, args.days, load_before)
    print("\n".join(rows))
    print("\ntargets: " + ("all met" if not missed else "MISSED\n  " + "\n  ".join(missed)))
    if failed:
        raise SystemExit("non-200 responses:\n  " + "\n  ".join(failed))


def compared(idle: dict[str, Results], writing: dict[str, Results]) -> tuple[list[str], list[str]]:
    """Rows of p95 idle against writing per mode, phase and query, beside the same ratio of the
    bare endpoint measured next to each (how much the machine itself slowed); and the rows over
    target (the API's own ratio)."""
    rows = [
        "| api | phase | query | idle p95 ms | writing p95 ms | x idle | bare x idle "
        "| writing statuses | writing x-cache |",
        "|---|---|---|---:|---:|---:|---:|---|---|",
    ]
    missed = []
    for mode, results in writing.items():
        for key, (api, bare) in results.items():
            idle_api, idle_bare = idle[mode][key]
            ratio = api.p95_ms / idle_api.p95_ms
            rows.append(
                f"| {mode} | {key[0]} | {key[1]} | {idle_api.p95_ms:.2f} | {api.p95_ms:.2f} | "
                f"{ratio:.2f} | {bare.p95_ms / idle_bare.p95_ms:.2f} | {_statuses(api)} | "
                f"{dict(api.cache)} |"
            )
            if ratio > TARGET_WRITING_RATIO:
                missed.append(f"{mode} {key[0]} {key[1]}: p95 {ratio:.2f}x idle")
    return rows, missed


def writing_run(args: argparse.Namespace, settings: Settings) -> None:
    """The API over a pipeline-built year (bench_cycle's), idle and then while 5-minute cycles
    run back to back in another process, republishing the serving file it reads."""
    bench_cycle.new_intervals(args.units, bench_cycle.SEED, bench_cycle.NEW_DAY, bench_cycle.OUT)
    scratch = args.data_dir / "writing"
    warehouse = bench_cycle.scratch_copy("year", args.units, bench_cycle.SEED, scratch)
    start = bench_cycle.HISTORY_START["year"]
    days = (bench_cycle.NEW_DAY - start).days
    facilities = served_facilities(serving_path(warehouse))
    chosen = [q for q in queries(start, days, facilities) if q.name not in args.skip]
    modes = api_modes(serving_path(warehouse), args.redis)
    load_before = os.getloadavg()[0]
    with (
        tempfile.TemporaryDirectory() as work,
        serve("bare_app", args.workers, {}) as bare,
        bench_cycle.cycling(warehouse, args.units, group=args.worker_group) as loop,
    ):
        conditions: Conditions = {"idle": loop.paused, "writing": nullcontext}
        measured = measure_modes(chosen, settings, modes, conditions, bare, Path(work))
    idle, writing = measured["idle"], measured["writing"]
    cycles = loop.completed
    print_header(args, days, load_before)
    print(f"the cycles' scheduling group: {args.worker_group}\n")
    for phase, results in measured.items():
        print(f"{phase}:")
        print("\n".join([*HEADER, *(r for m, res in results.items() for r in report(m, res))]))
        print()
    rows, missed = compared(idle, writing)
    print(f"{len(cycles)} cycles completed while writing: {cycles}\n")
    print("\n".join(rows))
    failed = [
        f"{phase} {e}"
        for phase, m in (("idle", idle), ("writing", writing))
        for r in m.values()
        for e in errors(r)
    ]
    print(f"\nerrors: {len(failed)} (target 0)")
    print("targets: " + ("all met" if not missed else "MISSED\n  " + "\n  ".join(missed)))
    if failed:
        raise SystemExit("non-200 responses:\n  " + "\n  ".join(failed))


def main() -> None:
    args = parse_args()
    settings = Settings(
        args.connections,
        args.duration,
        args.cold,
        args.workers,
        args.api_key,
        # while writing, a query's cold requests sample a whole cycle, not a moment of it
        cold_span_s=args.duration if args.writing else 0.0,
    )
    if args.writing:
        writing_run(args, settings)
    else:
        idle_run(args, settings)


if __name__ == "__main__":
    main()
