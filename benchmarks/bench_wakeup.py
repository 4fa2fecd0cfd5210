"""Benchmark: how late an ordinary process gets the CPU while 5-minute cycles run beside it, per
scheduling group of the cycles (issue 12, target 4: what the API's tail latency is made of).

A probe at the ordinary priority (this process) sleeps 2 ms and records how late it wakes (the
time it waited for a CPU after its timer fired), then runs about 1 ms of Python, for windows of
`--window` seconds; the windows take turns between the cycle loop stopped ("idle") and running
("writing"), `--rounds` of each, so the machine's drift enters no ratio. The loop is the one
bench_api --writing runs (`bench_cycle.cycling`, at `opennem worker`'s priority, over a scratch
copy of bench_cycle's year), started in each of `--groups` (bench_cycle.GROUPS; idle-cgroup
needs root). Prints per group and condition the wake-up delay's p50/p95/p99 and the Python
chunk's p95, the writing/idle ratio of the p99 delay, and the cycles completed.

    uv run python benchmarks/bench_wakeup.py [--groups session own-session idle-cgroup]
        [--units 450] [--rounds 5] [--window 10]
"""

import argparse
import os
import time
from dataclasses import dataclass, field

import bench_cycle
from bench_api import percentile

SLEEP_S = 0.002
CHUNK_ITERATIONS = 25_000  # about 1 ms of Python on the 2-core machine


@dataclass
class Probe:
    """Wake-up delays and chunk times (ms) of one condition, over all its windows."""

    delays: list[float] = field(default_factory=list)
    chunks: list[float] = field(default_factory=list)


def chunk() -> None:
    total = 0
    for i in range(CHUNK_ITERATIONS):
        total += i * i % 7


def probe(seconds: float, into: Probe) -> None:
    """Sleep, wake, compute, for `seconds`, adding each wake-up delay and chunk time to `into`."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        slept = time.perf_counter()
        time.sleep(SLEEP_S)
        woke = time.perf_counter()
        chunk()
        into.delays.append((woke - slept - SLEEP_S) * 1000)
        into.chunks.append((time.perf_counter() - woke) * 1000)


def measured(group: str, args: argparse.Namespace) -> tuple[dict[str, Probe], int]:
    """Both conditions' probes with the loop in `group`, and the cycles it completed."""
    scratch = bench_cycle.OUT / "wakeup"
    warehouse = bench_cycle.scratch_copy("year", args.units, bench_cycle.SEED, scratch)
    probes = {"idle": Probe(), "writing": Probe()}
    with bench_cycle.cycling(warehouse, args.units, group=group) as loop:
        for _ in range(args.rounds):
            with loop.paused():
                probe(args.window, probes["idle"])
            probe(args.window, probes["writing"])
    return probes, len(loop.completed)


def rows(group: str, probes: dict[str, Probe], cycles: int) -> list[str]:
    lines = []
    for condition, found in probes.items():
        delays = [percentile(found.delays, p) for p in (50, 95, 99)]
        lines.append(
            f"| {group} | {condition} | {len(found.delays)} | "
            + " | ".join(f"{d:.3f}" for d in delays)
            + f" | {percentile(found.chunks, 95):.2f} |"
        )
    ratio = percentile(probes["writing"].delays, 99) / percentile(probes["idle"].delays, 99)
    lines.append(f"| {group} | writing p99 x idle: **{ratio:.2f}**, {cycles} cycles | | | | | |")
    return lines


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", nargs="+", default=list(bench_cycle.GROUPS))
    parser.add_argument("--units", type=int, default=450)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--window", type=float, default=10.0, help="seconds per window")
    args = parser.parse_args()
    if unknown := set(args.groups) - set(bench_cycle.GROUPS):
        parser.error(f"unknown groups {sorted(unknown)}: choose from {bench_cycle.GROUPS}")
    return args


def main() -> None:
    args = parse_args()
    bench_cycle.new_intervals(args.units, bench_cycle.SEED, bench_cycle.NEW_DAY, bench_cycle.OUT)
    table = [
        "| group | condition | wake-ups | delay p50 ms | p95 ms | p99 ms | 1-ms chunk p95 ms |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for group in args.groups:
        probes, cycles = measured(group, args)
        table += rows(group, probes, cycles)
        print(f"{group}: done", flush=True)
    print(f"\n{os.cpu_count()} cores, {args.rounds} x {args.window:.0f} s per condition\n")
    print("\n".join(table))


if __name__ == "__main__":
    main()
