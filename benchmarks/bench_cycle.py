"""Benchmark: the 5-minute cycle after a week and after a year of history (issue 12, target 2).

A cycle is the code path the scheduled deployment runs: the flows of prefect.yaml's 5-minute
deployments (`flows/nem.py`), with their real crawler, fetching the next interval's NEMWEB
Current files (Dispatch_SCADA, DispatchIS, TradingIS, simulated in AEMO's format) from the
simulator's loopback server, loading them, building what changed and publishing the marts, timed
until the API (`api.app.create_app` over the serving file, in its own uvicorn process) answers
with the new interval as its newest 5-minute power and price.

Histories (`histories.py`: NEM + WEM simulated, backfilled from monthly MMSDM archives and
built, cached) end with 2024-07; the new intervals are those of 2024-08-01. histories.py makes
whole months, so the short history is a month (July 2024), the long one a year (2023-08 ..
2024-07). Per history, in a fresh subprocess on a scratch copy of the built warehouse: one
untimed warm-up cycle (the first crawl of each report reaches back to the new day), then
`--cycles` timed ones (median reported), then `opennem transform` (a subprocess: the default
build) after one more interval is loaded. Targets: the year's cycle under 10 s, and year/month
at most 1.2 (also for `opennem transform`). Prefect's test server starts once, untimed.

    uv run python benchmarks/bench_cycle.py [--units 450] [--cycles 3] [--histories month year]

`--loop WAREHOUSE` runs cycles back to back on a warehouse (copied by the caller) until it is
stopped: bench_api.py's `--writing` mode runs it beside the API.
"""

import argparse
import inspect
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import api_servers
import duckdb
import histories
import orjson
from prefect import Flow
from prefect.flows import load_flow_from_entrypoint

import opennem.transform_runner
from flows.worker import deployment_specs, lower_worker_priority
from ingest.sources.catalog import load_any
from ingest.sources.nemweb.times import now_aest
from ingest.stores import open_store
from opennem.networks import NEM
from opennem.serving import publish_marts, serving_path
from opennem.settings import PROJECT_ROOT, get_settings
from opennem.warehouse import WarehouseUrl
from simulator import serve, simulate

OUT = Path(__file__).parent / "out" / "cycle"
FIVE_MINUTES = "*/5 * * * *"
NEW_DAY = date(2024, 8, 1)
SEED = 1
AGE = timedelta(days=1)  # how long before the cycles the history was loaded (see `age`)
RAN_SINCE = timedelta(hours=2)  # each table's newest row: twice the incremental lookback later
HISTORY_START = {"month": date(2024, 7, 1), "year": date(2023, 8, 1)}  # each to NEW_DAY
# the 5-minute reports' tables (Dispatch_SCADA, DispatchIS, TradingIS)
REPORT_TABLES = [
    "DISPATCH_UNIT_SCADA",
    "DISPATCHPRICE",
    "DISPATCHREGIONSUM",
    "DISPATCHINTERCONNECTORRES",
    "TRADINGPRICE",
]
CURRENT = Path("Reports") / "Current"
SERVED_PATHS = (
    "/v4/data/network/NEM?metrics=power&interval=5m",
    "/v4/market/network/NEM?metrics=price&interval=5m",
)
SERVED_BOUND_S = 120.0
TARGET_SECONDS = 10.0
TARGET_RATIO = 1.2
# (module, function) -> stage: what a cycle's seconds are split into (the rest is crawl + load)
STAGES: dict[tuple[ModuleType, str], str] = {
    (opennem.transform_runner, "invoke"): "dbt",
    (opennem.transform_runner, "publish_marts"): "publish",
}
QUIET_PREFECT = {"PREFECT_LOGGING_LEVEL": "WARNING", "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}

Deployment = tuple[Flow[..., Any], dict[str, Any]]  # a flow and its deployment's parameters


@dataclass(frozen=True)
class CycleTimes:
    seconds: float  # files published on the server -> the API serves the interval
    flows: float  # the flows' own seconds
    dbt: float
    publish: float

    @property
    def crawl_load(self) -> float:
        return self.flows - self.dbt - self.publish


def new_intervals(units: int, seed: int, day: date, out: Path) -> list[list[Path]]:
    """The Current files of each interval of `day` (oldest first), simulated once and cached."""
    root = out / f"next-u{units}-s{seed}-{day:%Y%m%d}"
    if not (root / CURRENT).is_dir():
        shutil.rmtree(root, ignore_errors=True)
        simulate(root, day, day, units=units, seed=seed, tables=REPORT_TABLES)
    by_stamp: dict[str, list[Path]] = {}
    for path in sorted((root / CURRENT).rglob("*.zip")):
        by_stamp.setdefault(path.name.split("_")[-2], []).append(path)
    return [by_stamp[stamp] for stamp in sorted(by_stamp)]


class Feed:
    """The simulated NEMWEB tree the crawler sees: intervals are added as AEMO publishes them."""

    def __init__(self, root: Path, source: Path) -> None:
        self.root, self.source = root, source
        (root / CURRENT).mkdir(parents=True, exist_ok=True)

    def publish(self, files: list[Path]) -> None:
        for path in files:
            target = self.root / path.relative_to(self.source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)  # with its publication time


def five_minute_flows() -> list[Deployment]:
    """The flows (and parameters) of prefect.yaml's deployments scheduled every 5 minutes."""
    chosen = []
    for spec in deployment_specs():
        if any(schedule["cron"] == FIVE_MINUTES for schedule in spec.get("schedules", [])):
            flow: Flow[..., Any] = load_flow_from_entrypoint(str(PROJECT_ROOT / spec["entrypoint"]))
            chosen.append((flow, dict(spec.get("parameters", {}))))
    return chosen


def run_cycle(flows: list[Deployment], overrides: dict[str, Any]) -> None:
    """Each flow with its deployment's parameters (and those `overrides` it takes), in turn: the
    deployments share a concurrency-free writer lock, so they run one after another anyway."""
    for flow, parameters in flows:
        accepted = inspect.signature(flow.fn).parameters
        flow(**parameters, **{k: v for k, v in overrides.items() if k in accepted})


@contextmanager
def stage_clock() -> Iterator[dict[str, float]]:
    """Seconds spent in each of STAGES' functions while the block runs."""
    totals = dict.fromkeys(STAGES.values(), 0.0)
    with ExitStack() as stack:
        for (module, name), stage in STAGES.items():
            stack.enter_context(_timed(module, name, stage, totals))
        yield totals


@contextmanager
def _timed(module: ModuleType, name: str, stage: str, totals: dict[str, float]) -> Iterator[None]:
    original = getattr(module, name)

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            totals[stage] += time.perf_counter() - started

    setattr(module, name, timed)
    try:
        yield
    finally:
        setattr(module, name, original)


def interval_label(files: list[Path]) -> str:
    """The API's label of the interval these Current files hold: its START, in AEST."""
    end = datetime.strptime(files[0].name.split("_")[-2], "%Y%m%d%H%M")
    return (end - timedelta(minutes=5)).replace(tzinfo=NEM.tz).isoformat()


def served_end(port: int, path: str) -> str | None:
    """The newest 5-minute label the API serves at `path` (None on any error)."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    if response.status != 200:
        return None
    data = orjson.loads(body)["data"]
    return str(data[0]["date_end"]) if data else None


def wait_served(port: int, label: str, bound_s: float = SERVED_BOUND_S) -> None:
    """Poll the API until every SERVED_PATHS answers with `label` as its newest interval."""
    deadline = time.monotonic() + bound_s
    waiting = list(SERVED_PATHS)
    while waiting:
        waiting = [path for path in waiting if served_end(port, path) != label]
        if waiting and time.monotonic() > deadline:
            raise SystemExit(f"the API did not serve {label} within {bound_s} s: {waiting}")
        if waiting:
            time.sleep(0.02)


@dataclass(frozen=True)
class Cycler:
    """Cycles on one warehouse: each adds the next interval's files and runs the flows."""

    warehouse: Path
    feed: Feed
    intervals: list[list[Path]]
    flows: list[Deployment]

    def cycle(self, index: int) -> dict[str, float]:
        """Interval `index` published and crawled; the first one reaches back to it."""
        self.feed.publish(self.intervals[index])
        first_end = datetime.strptime(self.intervals[0][0].name.split("_")[-2], "%Y%m%d%H%M")
        reach = (now_aest() - first_end).total_seconds() / 3600 + 1
        with stage_clock() as stages:
            started = time.perf_counter()
            run_cycle(self.flows, {"lookback_hours": reach} if index == 0 else {})
            stages["flows"] = time.perf_counter() - started
        return stages


@contextmanager
def cycler(warehouse: Path, intervals: list[list[Path]]) -> Iterator[Cycler]:
    """The process's settings pointed at `warehouse` and a loopback NEMWEB of `intervals`' files
    (added one cycle at a time)."""
    feed = Feed(warehouse.parent / "nemweb", intervals[0][0].parents[3])
    with serve(feed.root) as base_url:
        os.environ["OPENNEM_DATABASE_URL"] = f"duckdb:///{warehouse}"
        os.environ["OPENNEM_NEMWEB_URL"] = base_url
        get_settings.cache_clear()
        yield Cycler(warehouse, feed, intervals, five_minute_flows())


def api_env(warehouse: Path) -> dict[str, str]:
    """The API's environment: the warehouse's serving file, in-process cache, no limits."""
    return {
        api_servers.SERVING_ENV: str(serving_path(warehouse)),
        "OPENNEM_REDIS_URL": "",
        "OPENNEM_API_PLANS": api_servers.LIFTED_PLANS,
    }


def timed_cycle(cycles: Cycler, index: int, port: int) -> CycleTimes:
    started = time.perf_counter()
    stages = cycles.cycle(index)
    wait_served(port, interval_label(cycles.intervals[index]))
    return CycleTimes(
        time.perf_counter() - started, stages["flows"], stages["dbt"], stages["publish"]
    )


def timed_transform(warehouse: Path, files: list[Path]) -> float:
    """`opennem transform` (its own process, as an operator runs it) after `files` are loaded
    (by the parent: dbt in the measuring child keeps the warehouse open until it exits)."""
    with open_store(WarehouseUrl.parse(f"duckdb:///{warehouse}")) as store:
        for path in files:
            load_any(store, str(path))
    command = [str(Path(sys.executable).with_name("opennem")), "transform"]
    started = time.perf_counter()
    logged(command, warehouse.parent / "transform.log", dict(os.environ))
    return time.perf_counter() - started


def logged(command: list[str], log: Path, env: dict[str, str]) -> str:
    """`command`'s output (stdout and stderr), also written to `log`; a failure stops the run."""
    done = subprocess.run(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
    )
    log.write_text(done.stdout)
    if done.returncode:
        raise SystemExit(f"{' '.join(command[:3])} ... exited with {done.returncode}: see {log}")
    return done.stdout


def measure(warehouse: Path, intervals: list[list[Path]], count: int) -> dict[str, Any]:
    """In the child: the warm-up and `count` timed cycles."""
    with (
        cycler(warehouse, intervals) as cycles,
        api_servers.serve("api_app", 1, api_env(warehouse)) as port,
    ):
        warm_up = timed_cycle(cycles, 0, port)
        timed = [timed_cycle(cycles, k, port) for k in range(1, count + 1)]
    return {"warm_up": asdict(warm_up), "cycles": [asdict(c) for c in timed]}


def loop(warehouse: Path, intervals: list[list[Path]]) -> None:
    """In the child: cycles back to back until stopped; a line per cycle in `cycles_file`. At
    the CPU priority `opennem worker` runs its flows at (OPENNEM_FLOW_NICENESS and
    OPENNEM_FLOW_SCHED_IDLE), as it stands in for the worker beside the API: Prefect's server
    too, started here after the priority is lowered, as the worker's own server is its child."""
    lower_worker_priority(own_session=True)
    with (
        prefect_server(),
        cycler(warehouse, intervals) as cycles,
        cycles_file(warehouse).open("a") as out,
    ):
        for index in range(len(intervals)):
            stages = cycles.cycle(index)
            out.write(json.dumps({"cycle": index, **stages}) + "\n")
            out.flush()


def scratch_copy(name: str, units: int, seed: int, scratch: Path) -> Path:
    """History `name`'s warehouse copied to `scratch` (emptied first), so every run starts alike,
    aged (see `age`), and its marts published there in full (untimed), so the copy serves its
    own files."""
    shutil.rmtree(scratch, ignore_errors=True)
    warehouse = histories.copy_history(scratch, units, HISTORY_START[name], NEW_DAY, seed=seed)
    age(warehouse, AGE)
    publish_marts(warehouse, full=True)
    return warehouse


def age(warehouse: Path, by: timedelta) -> None:
    """Every `_loaded_at` (raw rows and the models' watermarks) moved `by` into the past, then
    each table's newest row moved `RAN_SINCE` later again.

    An incremental model re-takes the rows loaded at or after its newest `_loaded_at` minus a
    lookback (var `incremental_lookback_minutes`: none on DuckDB by default, an hour on the other
    engines, and an hour here too before that default changed). A history is loaded in minutes,
    so with an hour's lookback all of it is inside it, and moving every row alike keeps it so: the
    first cycle would re-take the whole history (a year of unit intervals at once); with none,
    it would still re-take the rows of the last file loaded. The later newest row puts each
    model's watermark after all the history's rows, as once a deployment has run for a while: its
    steady state, which is what is measured (the moved row's key is re-taken once, in the
    warm-up)."""
    with duckdb.connect(str(warehouse)) as conn:
        conn.execute("set enable_progress_bar = false")
        tables = conn.execute(
            "select c.table_schema, c.table_name from information_schema.columns as c "
            "join information_schema.tables as t using (table_catalog, table_schema, table_name) "
            "where c.column_name = '_loaded_at' and t.table_type = 'BASE TABLE'"
        ).fetchall()
        for schema, table in tables:
            name = f'"{schema}"."{table}"'
            conn.execute(f"update {name} set _loaded_at = _loaded_at - ?::interval", [by])
            conn.execute(
                f"update {name} set _loaded_at = _loaded_at + ?::interval where rowid = "
                f"(select rowid from {name} order by _loaded_at desc nulls last limit 1)",
                [RAN_SINCE],
            )


def child_command(mode: str, warehouse: Path, units: int, seed: int, cycles: int) -> list[str]:
    return [
        *(sys.executable, __file__, mode, str(warehouse)),
        *("--units", str(units), "--seed", str(seed), "--cycles", str(cycles)),
    ]


@contextmanager
def prefect_server() -> Iterator[dict[str, str]]:
    """Prefect's test server (once, ~20 s); yields the environment that points children at it."""
    os.environ.update(QUIET_PREFECT)
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield {**QUIET_PREFECT, "PREFECT_API_URL": str(PREFECT_API_URL.value())}


@dataclass
class Loop:
    """The `--loop` child of `cycling` and the cycles it completed (filled in on exit)."""

    child: subprocess.Popen[bytes]
    completed: list[dict[str, float]]

    @contextmanager
    def paused(self) -> Iterator[None]:
        """The child (and any process it started) stopped for the block: the machine is as idle
        as before the cycles, while the warehouse, its caches and the API stay as they are."""
        os.killpg(self.child.pid, signal.SIGSTOP)
        try:
            yield
        finally:
            os.killpg(self.child.pid, signal.SIGCONT)


# How the loop child is grouped against the API for the CPU (docs/operators.md, "Scheduling
# groups"): in this process's session with the API (one group, as `opennem dev` runs them),
# leading a session of its own (its own autogroup, which the worker lowers), or in a CPU cgroup
# of its own marked idle (systemd's CPUWeight=idle; needs root).
GROUPS = ("session", "own-session", "idle-cgroup")
IDLE_CGROUP = "opennem-bench-worker"


@contextmanager
def cycling(
    warehouse: Path, units: int, seed: int = SEED, group: str = "session"
) -> Iterator[Loop]:
    """Cycles running back to back in another process on `warehouse` (a scratch copy: see
    `scratch_copy`), from after its warm-up cycle until the block exits, the child leading a
    process group of its own (so `Loop.paused` stops all of it) in `group` (see GROUPS). The
    intervals must have been simulated (`new_intervals`): the child reads them from the
    cache. The child's output (dbt's log) goes to `loop.log` beside the warehouse, its cycles
    to `cycles_file`."""
    cycles = cycles_file(warehouse)
    cycles.unlink(missing_ok=True)
    with (warehouse.parent / "loop.log").open("w") as log:
        child = subprocess.Popen(
            child_command("--loop", warehouse, units, seed, 0),
            stdout=log,
            stderr=subprocess.STDOUT,
            **group_options(group),
        )
        loop = Loop(child, [])
        wait_warmed_up(child, cycles)
        try:
            yield loop
        finally:
            stop(child)
            loop.completed.extend(json.loads(line) for line in cycles.read_text().splitlines()[1:])


def group_options(group: str) -> dict[str, Any]:
    """The Popen options that start the loop child in `group`."""
    if group == "session":
        return {"process_group": 0}
    if group == "own-session":
        return {"start_new_session": True}
    procs = idle_cgroup() / "cgroup.procs"
    return {"start_new_session": True, "preexec_fn": lambda: procs.write_text(str(os.getpid()))}


def idle_cgroup() -> Path:
    """A CPU cgroup marked idle (`cpu.idle`, cgroup v2 or v1's cpu hierarchy), made if missing."""
    unified = Path("/sys/fs/cgroup")
    if (unified / "cgroup.controllers").exists():
        (unified / "cgroup.subtree_control").write_text("+cpu")
        root = unified
    else:
        root = unified / "cpu"
    cgroup = root / IDLE_CGROUP
    cgroup.mkdir(exist_ok=True)
    (cgroup / "cpu.idle").write_text("1")
    return cgroup


def cycles_file(warehouse: Path) -> Path:
    """Where `--loop` writes a line per completed cycle (the first is the warm-up)."""
    return warehouse.parent / "cycles.jsonl"


def wait_warmed_up(child: subprocess.Popen[bytes], cycles: Path, bound_s: float = 900.0) -> None:
    """Until the child's warm-up cycle is written (polled, bounded); fails if the child exits."""
    deadline = time.monotonic() + bound_s
    while not (cycles.exists() and cycles.read_text().endswith("\n")):
        if child.poll() is not None:
            raise SystemExit(f"the cycle loop exited with {child.returncode}: see loop.log")
        if time.monotonic() > deadline:
            raise SystemExit(f"no warm-up cycle after {bound_s:.0f} s: see loop.log")
        time.sleep(0.2)


def stop(child: subprocess.Popen[bytes], grace_s: float = 30.0) -> None:
    """SIGTERM, then SIGKILL after `grace_s`: a flow run may be mid-cycle, and Prefect's own
    SIGTERM handling reports the run's end to the server before the process exits. A cycle's
    line is written only once the cycle is complete. Then whatever is left of its process group
    (Prefect's server, a flow's subprocess) is killed."""
    child.terminate()
    try:
        child.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
    with suppress(ProcessLookupError):
        os.killpg(child.pid, signal.SIGKILL)


def median_times(cycles: list[dict[str, float]]) -> dict[str, float]:
    times = [CycleTimes(**c) for c in cycles]
    return {
        "seconds": statistics.median(t.seconds for t in times),
        "crawl_load": statistics.median(t.crawl_load for t in times),
        "dbt": statistics.median(t.dbt for t in times),
        "publish": statistics.median(t.publish for t in times),
    }


def report(results: dict[str, dict[str, Any]]) -> list[str]:
    lines = [
        "| history | cycle s (median) | all runs s | crawl+load s | dbt s | publish s | "
        "opennem transform s |",
        "|---|---:|---|---:|---:|---:|---:|",
    ]
    for name, found in results.items():
        median = median_times(found["cycles"])
        runs = ", ".join(f"{c['seconds']:.2f}" for c in found["cycles"])
        lines.append(
            f"| {name} | {median['seconds']:.2f} | {runs} | {median['crawl_load']:.2f} | "
            f"{median['dbt']:.2f} | {median['publish']:.2f} | {found['transform']:.2f} |"
        )
    return lines


def verdict(results: dict[str, dict[str, Any]]) -> list[str]:
    """Ratios of the longest history to the shortest, and the targets."""
    names = sorted(results, key=lambda name: HISTORY_START[name], reverse=True)
    short, long = results[names[0]], results[names[-1]]
    cycle_long = median_times(long["cycles"])["seconds"]
    cycle_ratio = cycle_long / median_times(short["cycles"])["seconds"]
    transform_ratio = long["transform"] / short["transform"]
    return [
        f"cycle {names[-1]}/{names[0]}: {cycle_ratio:.2f}x (target <= {TARGET_RATIO}: "
        f"{'met' if cycle_ratio <= TARGET_RATIO else 'MISSED'})",
        f"cycle {names[-1]}: {cycle_long:.2f} s (target < {TARGET_SECONDS:.0f} s: "
        f"{'met' if cycle_long < TARGET_SECONDS else 'MISSED'})",
        f"opennem transform {names[-1]}/{names[0]}: {transform_ratio:.2f}x (target <= "
        f"{TARGET_RATIO}: {'met' if transform_ratio <= TARGET_RATIO else 'MISSED'})",
    ]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=450)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--cycles", type=int, default=3, help="timed cycles per history")
    parser.add_argument(
        "--histories", nargs="+", default=list(HISTORY_START), choices=HISTORY_START
    )
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--measure", type=Path, metavar="WAREHOUSE", help=argparse.SUPPRESS)
    parser.add_argument("--loop", type=Path, metavar="WAREHOUSE", help="cycles until stopped")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    intervals = new_intervals(args.units, args.seed, NEW_DAY, args.out)
    if args.measure:
        print(json.dumps(measure(args.measure, intervals, args.cycles)))
        return
    if args.loop:
        loop(args.loop, intervals)
        return
    results: dict[str, dict[str, Any]] = {}
    load_before = os.getloadavg()[0]
    with prefect_server() as env:
        for name in args.histories:
            warehouse = scratch_copy(name, args.units, args.seed, args.out / "run" / name)
            command = child_command("--measure", warehouse, args.units, args.seed, args.cycles)
            output = logged(command, warehouse.parent / "child.log", {**os.environ, **env})
            results[name] = json.loads(output.strip().splitlines()[-1])
            results[name]["transform"] = timed_transform(warehouse, intervals[args.cycles + 1])
            print(f"{name}: {results[name]}", flush=True)
    print(
        f"\n{args.units} units, {args.cycles} cycles per history, {os.cpu_count()} cores, "
        f"load {load_before:.1f} -> {os.getloadavg()[0]:.1f}\n"
    )
    print("\n".join([*report(results), "", *verdict(results)]))


if __name__ == "__main__":
    main()
