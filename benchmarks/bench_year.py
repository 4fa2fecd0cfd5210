"""Benchmark: a simulated year (450 units, NEM + WEM) loaded from its monthly MMSDM archives and
WEMDE daily files and built to every mart (target: under 6 minutes, peak RSS under 4 GiB).

The files are simulated once and cached (`histories.simulated`, not timed). Then, each in a
fresh subprocess on a new DuckDB file, measuring its seconds and peak RSS (the process and any
children it waited for; dbt runs inside the process):
- load: what an operator runs (`histories.load`): `opennem backfill --source nem-mmsdm` of the
  months from the simulated NEMWEB on loopback, the registration list, `opennem crawl cdeii`,
  `wem:facility_scada` and `wem:reference_trading_price`;
- build: `opennem transform` (`dbt build` of every model and test, then the marts published);
- baseline: DuckDB's own `read_csv` of the same MMSDM CSVs (decompressed beforehand, untimed) into
  one table per MMSDM table (the `D` rows, all varchar as the raw tables are) and `read_json` of
  the WEMDE JSON files, into a new database file: the floor of the load.

It prints the seconds, rows/s and peak RSS of each, the load's ratio to the baseline, the target
met or not, where the build's time goes (dbt's run_results.json: models, tests, the slowest
models) and the extrapolation to the NEM's history since 2009.

    uv run python benchmarks/bench_year.py [--units 450] [--start 2023-08] [--months 12] [--out DIR]
"""

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
from histories import OUT as HISTORIES
from histories import build, load, simulated

from opennem.serving import serving_path
from opennem.transform_runner import TRANSFORM_DIR, DbtOutput, dbt_output_to
from opennem.warehouse import WarehouseUrl

OUT = Path(__file__).parent / "out" / "year"
TARGET_SECONDS = 360.0
TARGET_RSS_MIB = 4096.0
# The NEM's history to extrapolate to: July 2009 (the MMSDM archive's start) to mid-2026, about
# 17 years, with a fleet growing from about 300 to about 500 units: 400 on average.
HISTORY_YEARS = 17
HISTORY_MEAN_UNITS = 400
TOP_MODELS = 10
WEM_ROWS = {  # the WEMDE JSON's list of rows, per dataset
    "wem_facilityscada": "facilityScadaDispatchIntervals",
    "wem_referencetradingprice": "referenceTradingPrices",
}


def peak_rss_mib() -> float:
    """The peak RSS of this process or of any child it waited for (MiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def cpu_seconds() -> float:
    """User + system CPU seconds of this process and the children it waited for."""
    own, children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def month_after(month: date, months: int) -> date:
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


# --- the measured stages, each run in its own process ---------------------------------------


def measure_load(root: Path, database: Path, start: date, end: date) -> dict[str, Any]:
    loaded = load(root, WarehouseUrl.parse(f"duckdb:///{database}"), start, end, wem=True)
    return {"seconds": loaded.seconds, "rows": loaded.rows, "files": loaded.files}


def node_seconds(results: list[dict[str, Any]], kind: str) -> float:
    return sum(r["execution_time"] for r in results if r["unique_id"].startswith(f"{kind}."))


def measure_build(database: Path, logs: Path) -> dict[str, Any]:
    with dbt_output_to(DbtOutput(logs, on_event=lambda event: None)):
        seconds = build(WarehouseUrl.parse(f"duckdb:///{database}"))
    run = json.loads((TRANSFORM_DIR / "target" / "run_results.json").read_text())
    results = run["results"]
    models = sorted(
        (
            (r["unique_id"], r["execution_time"])
            for r in results
            if r["unique_id"].startswith("model.")
        ),
        key=lambda item: -item[1],
    )
    with duckdb.connect(str(serving_path(database)), read_only=True) as conn:
        unit_rows = conn.execute("select count(*) from marts.fct_unit_intervals_v1").fetchone()
    return {
        "seconds": seconds,
        "dbt_seconds": run["elapsed_time"],
        "nodes": len(results),
        "kinds": {
            kind: node_seconds(results, kind) for kind in ("model", "test", "unit_test", "seed")
        },
        "top_models": models[:TOP_MODELS],
        "unit_interval_rows": unit_rows[0] if unit_rows else 0,
    }


def measure_baseline(csv_dir: Path, database: Path) -> dict[str, Any]:
    """DuckDB's read_csv / read_json of the decompressed files into a new database file."""
    began = time.perf_counter()
    rows = 0
    with duckdb.connect(str(database)) as conn:
        for folder in sorted(path for path in csv_dir.iterdir() if path.is_dir()):
            files = sorted(str(path) for path in folder.iterdir())
            if folder.name.startswith("wem_"):
                rows_of = f"data.{WEM_ROWS[folder.name]}"
                source = f"(select unnest({rows_of}, recursive := true) from read_json({files}))"
            else:
                source = (
                    f"read_csv({files}, skip = 1, header = true, all_varchar = true, "
                    "ignore_errors = true) where \"I\" = 'D'"
                )
            conn.execute(f"create table {folder.name} as select * from {source}")
            counted = conn.execute(f"select count(*) from {folder.name}").fetchone()
            rows += counted[0] if counted else 0
        conn.execute("checkpoint")
    return {"seconds": time.perf_counter() - began, "rows": rows}


def child(stage: str, payload: dict[str, str]) -> dict[str, Any]:
    start, end = date.fromisoformat(payload["start"]), date.fromisoformat(payload["end"])
    database = Path(payload["database"])
    if stage == "load":
        numbers = measure_load(Path(payload["root"]), database, start, end)
    elif stage == "build":
        numbers = measure_build(database, Path(payload["logs"]))
    else:
        numbers = measure_baseline(Path(payload["csv"]), database)
    return numbers | {"peak_rss_mib": peak_rss_mib(), "cpu_seconds": cpu_seconds()}


# --- the parent: files, stages, report --------------------------------------------------------


def run_stage(stage: str, payload: dict[str, str]) -> dict[str, Any]:
    command = [sys.executable, __file__, "--stage", stage, json.dumps(payload)]
    completed = subprocess.run(command, capture_output=True, text=True)
    if completed.returncode != 0:
        raise SystemExit(f"{stage} failed:\n{completed.stdout[-4000:]}\n{completed.stderr[-4000:]}")
    return dict(json.loads(completed.stdout.strip().splitlines()[-1]))


def decompressed(root: Path, csv_dir: Path) -> Path:
    """The MMSDM CSVs (a folder per table) and WEMDE JSON files (a folder per dataset) of the
    tree, decompressed once for the baseline."""
    marker = csv_dir / "complete"
    if marker.exists():
        return csv_dir
    shutil.rmtree(csv_dir, ignore_errors=True)
    for archive in sorted(root.rglob("*.zip")):
        folder = csv_dir / baseline_table(archive)
        folder.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(archive) as opened:
            for member in opened.namelist():
                (folder / Path(member).name).write_bytes(opened.read(member))
    marker.write_text("")
    return csv_dir


def baseline_table(archive: Path) -> str:
    """`PUBLIC_DVD_DISPATCHPRICE_202407010000.zip` -> `dispatchprice`; a WEMDE zip ->
    `wem_<dataset>`."""
    if archive.name.startswith("PUBLIC_"):
        return archive.stem.removeprefix("PUBLIC_DVD_").rsplit("_", 1)[0].lower()
    return f"wem_{archive.parent.parent.name.lower()}"


def extrapolation(units: int, months: int, load_s: float, build_s: float) -> list[str]:
    scale = HISTORY_YEARS * 12 / months * HISTORY_MEAN_UNITS / units
    return [
        f"extrapolation to the NEM since 2009 ({HISTORY_YEARS} years x {HISTORY_MEAN_UNITS} units "
        f"on average = {scale:.1f}x this run's unit-interval rows; linear in rows):",
        f"  load {load_s * scale / 60:.1f} min + build {build_s * scale / 60:.1f} min "
        f"= {(load_s + build_s) * scale / 60:.1f} min",
    ]


def report(args: argparse.Namespace, results: dict[str, dict[str, Any]]) -> list[str]:
    loaded, built, base = results["load"], results["build"], results["baseline"]
    total = loaded["seconds"] + built["seconds"]
    peak = max(loaded["peak_rss_mib"], built["peak_rss_mib"])
    kinds = built["kinds"]
    lines = [
        f"{args.units} units, {args.months} months from {args.start:%Y-%m}, NEM + WEM; "
        f"raw rows loaded {loaded['rows']:,} from {loaded['files']} files; "
        f"fct_unit_intervals_v1 rows {built['unit_interval_rows']:,}",
        f"{'stage':28} {'seconds':>9} {'CPU s':>8} {'rows/s':>11} {'peak RSS MiB':>13}",
        *(
            f"{name:28} {numbers['seconds']:9.2f} {numbers['cpu_seconds']:8.1f} "
            f"{numbers['rows'] / numbers['seconds']:11,.0f} "
            f"{numbers['peak_rss_mib']:13.0f}"
            for name, numbers in (
                ("load (backfill + crawls)", loaded),
                ("build (opennem transform)", built | {"rows": loaded["rows"]}),
                ("baseline (DuckDB read_csv)", base),
            )
        ),
        f"load / baseline: {loaded['seconds'] / base['seconds']:.2f}x "
        f"(baseline rows {base['rows']:,})",
        f"load + build: {total:.1f} s, peak RSS {peak:.0f} MiB: "
        f"target < {TARGET_SECONDS:.0f} s {'met' if total < TARGET_SECONDS else 'NOT met'}, "
        f"< {TARGET_RSS_MIB:.0f} MiB {'met' if peak < TARGET_RSS_MIB else 'NOT met'}",
        f"build: dbt {built['dbt_seconds']:.1f} s of {built['seconds']:.1f} s "
        f"({built['nodes']} nodes; node seconds: models {kinds['model']:.1f}, data tests "
        f"{kinds['test']:.1f}, unit tests {kinds['unit_test']:.1f}, seeds {kinds['seed']:.1f}; "
        "node seconds overlap on 2 threads); the rest is parse, raw tables and publishing",
        "slowest models:",
        *(
            f"  {seconds:7.2f}  {name.removeprefix('model.opennem.')}"
            for name, seconds in built["top_models"]
        ),
    ]
    return lines + extrapolation(args.units, args.months, loaded["seconds"], built["seconds"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=450)
    parser.add_argument(
        "--start", type=lambda text: date.fromisoformat(f"{text}-01"), default=date(2023, 8, 1)
    )
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--stage", nargs=2, metavar=("STAGE", "PAYLOAD"), help="internal")
    args = parser.parse_args()
    if args.stage:
        print(json.dumps(child(args.stage[0], json.loads(args.stage[1]))))
        return
    end = month_after(args.start, args.months)
    root = simulated(args.units, args.start, end, wem=True, seed=1, out=HISTORIES)
    csv_dir = decompressed(root, args.out / "csv" / root.name)
    work = args.out / "run"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    payload = {
        "start": str(args.start),
        "end": str(end),
        "root": str(root),
        "logs": str(work / "logs"),
    }
    results = {
        "baseline": run_stage(
            "baseline", payload | {"csv": str(csv_dir), "database": str(work / "baseline.duckdb")}
        ),
        "load": run_stage("load", payload | {"database": str(work / "opennem.duckdb")}),
        "build": run_stage("build", payload | {"database": str(work / "opennem.duckdb")}),
    }
    print("\n".join(report(args, results)))


if __name__ == "__main__":
    main()
