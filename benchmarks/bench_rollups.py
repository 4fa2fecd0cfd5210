"""Benchmark: the incremental dbt build of the rollups after one new simulated day, with a year of
history against the same with a month (target: a ratio close to 1, i.e. a day costs a day).

Simulates (with `simulator`) the MMSDM monthly archives of unit SCADA, rooftop PV and dispatch
prices (AEMO's format) for the history of each case, ending the day before NEW_DAY, and the same
archives holding NEW_DAY alone. Then per case, in a fresh subprocess on a new DuckDB warehouse:
the registry, CO2EII factors and history loaded with the project's loader and built (untimed),
the new day loaded, and the selected models run (`dbt run`, timed) and then tested (`dbt test`,
timed). Both builds run with no incremental lookback, so the timed run takes exactly the new
day's rows (in production the lookback also re-takes the last hour's loads).

    uv run python benchmarks/bench_rollups.py [--units 20] [--days 365] [--short-days 30]
        [--select SELECTOR ...] [--out DIR]

The default selection is every rollup and the records: the fueltech, renewable, market summary
and unit daily/monthly rollups and fct_milestones, with everything upstream of them.
"""

import argparse
import json
import shutil
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from flows.downstream import run_transform
from ingest.sources.catalog import load_any
from ingest.stores import open_store
from opennem.transform_runner import TRANSFORM_DIR
from opennem.warehouse import WarehouseUrl
from simulator import simulate

NEW_DAY = date(2024, 7, 31)
TABLES = {"DISPATCH_UNIT_SCADA", "ROOFTOP_PV_ACTUAL", "DISPATCHPRICE"}
SELECTION = [
    "+fct_fueltech_intervals_monthly",
    "+fct_renewable_intervals_monthly",
    "+fct_market_summary_daily",
    "+fct_market_summary_monthly",
    "+fct_unit_intervals_daily",
    "+fct_milestones",
]
TOP_MODELS = 8
NO_LOOKBACK = ["--vars", '{"incremental_lookback_minutes": 0}']


def generate(out: Path, units: int, start: date, end: date, *, registry: bool) -> list[Path]:
    """The simulated files of start..end: MMSDM zips, plus the registry and CO2EII files."""
    simulation = simulate(
        out, start, end, units=units, mmsdm=True, current=False, tables=TABLES
    )  # fmt: skip
    return [path for path in simulation.files if registry or path.suffix == ".zip"]


def load(warehouse: WarehouseUrl, files: list[Path]) -> None:
    with open_store(warehouse) as store:
        for path in files:
            result = load_any(store, str(path))
            if result.status == "rejected":
                raise SystemExit(f"{path} not loaded: {result.reason}")


def timed(args: list[str], warehouse: WarehouseUrl) -> float:
    started = time.perf_counter()
    run_transform(args, warehouse)
    return time.perf_counter() - started


def model_seconds() -> dict[str, float]:
    """Seconds of each model in dbt's last invocation (its run_results.json)."""
    results = json.loads((TRANSFORM_DIR / "target" / "run_results.json").read_text())["results"]
    return {result["unique_id"]: result["execution_time"] for result in results}


def measure(
    url: str, history: list[Path], new_day: list[Path], select: list[str]
) -> dict[str, float]:
    """History loaded and built, then the new day loaded: seconds of the run and the test."""
    warehouse = WarehouseUrl.parse(url)
    selection = ["--select", *select, *NO_LOOKBACK]
    load(warehouse, history)
    history_seconds = timed(["build", *selection], warehouse)
    load(warehouse, new_day)
    run_seconds = timed(["run", *selection], warehouse)
    models = model_seconds()
    return {
        "history_build_seconds": history_seconds,
        "run_seconds": run_seconds,
        "test_seconds": timed(["test", *selection], warehouse),
        **{f"model:{name}": seconds for name, seconds in models.items()},
    }


def run_child(
    out: Path, history: list[Path], new_day: list[Path], select: list[str]
) -> dict[str, float]:
    path = out / "bench.duckdb"
    path.unlink(missing_ok=True)
    payload = json.dumps(
        {
            "history": [str(p) for p in history],
            "new_day": [str(p) for p in new_day],
            "select": select,
        }
    )
    command = [sys.executable, __file__, "--measure", f"duckdb:///{path}", payload]
    completed = subprocess.run(command, check=True, capture_output=True, text=True)
    return dict(json.loads(completed.stdout.strip().splitlines()[-1]))


def warm_up(out: Path) -> None:
    """dbt's parse, cached for the measured runs (same vars), so no case pays for it."""
    out.mkdir(parents=True, exist_ok=True)
    run_transform(["parse", *NO_LOOKBACK], WarehouseUrl.parse(f"duckdb:///{out / 'parse.duckdb'}"))


def slowest_models(base: dict[str, float], longest: dict[str, float]) -> list[str]:
    """The models that took longest after the longest history, with their ratio to the base."""
    models = sorted((k for k in longest if k.startswith("model:")), key=lambda k: -longest[k])
    return ["slowest models of the new day's run: seconds, x the shortest history"] + [
        f"  {longest[key]:6.2f} {longest[key] / base[key]:6.2f}  {key.removeprefix('model:model.')}"
        for key in models[:TOP_MODELS]
        if base.get(key)
    ]


def model_total(numbers: dict[str, float]) -> float:
    """Seconds the run's models took (dbt's own start-up and scheduling left out)."""
    return sum(seconds for key, seconds in numbers.items() if key.startswith("model:"))


def report(results: dict[int, dict[str, float]]) -> str:
    base = results[min(results)]
    lines = [
        f"{'history days':>12} {'history build s':>16} {'new day run s':>14} {'x':>6} "
        f"{'models s':>9} {'x':>6} {'new day test s':>15} {'x':>6}"
    ]
    for days, numbers in sorted(results.items()):
        lines.append(
            f"{days:12d} {numbers['history_build_seconds']:16.2f} {numbers['run_seconds']:14.2f} "
            f"{numbers['run_seconds'] / base['run_seconds']:6.2f} {model_total(numbers):9.2f} "
            f"{model_total(numbers) / model_total(base):6.2f} {numbers['test_seconds']:15.2f} "
            f"{numbers['test_seconds'] / base['test_seconds']:6.2f}"
        )
    lines.extend(slowest_models(base, results[max(results)]))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=20)
    parser.add_argument("--days", type=int, default=365, help="the long history")
    parser.add_argument("--short-days", type=int, default=30, help="the baseline history")
    parser.add_argument("--select", nargs="+", default=SELECTION, help="dbt selectors timed")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out" / "rollups")
    parser.add_argument("--measure", nargs=2, metavar=("URL", "FILES"), help="internal")
    args = parser.parse_args()
    if args.measure:
        url, payload = args.measure
        files = json.loads(payload)
        history, new_day = ([Path(p) for p in files[k]] for k in ("history", "new_day"))
        print(json.dumps(measure(url, history, new_day, files["select"])))
        return
    shutil.rmtree(args.out, ignore_errors=True)
    warm_up(args.out)
    new_day = generate(args.out / "new_day", args.units, NEW_DAY, NEW_DAY, registry=False)
    results = {}
    for days in (args.short_days, args.days):
        start = NEW_DAY - timedelta(days=days)
        folder = args.out / f"history_{days}"
        history = generate(folder, args.units, start, NEW_DAY - timedelta(days=1), registry=True)
        results[days] = run_child(folder, history, new_day, args.select)
    print(f"units {args.units}, selection {' '.join(args.select)}")
    print(report(results))


if __name__ == "__main__":
    main()
