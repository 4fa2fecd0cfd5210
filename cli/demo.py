"""`opennem demo`: the whole pipeline offline, on the real code paths.

Simulate a NEMWEB tree and AEMO WA's WEMDE files (both grids), serve them on loopback, crawl
them with the real NEMWEB and WEM crawlers, load the files, build the registry and the marts with
dbt, and serve the API and page on 127.0.0.1.
"""

import time
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

from cli.commands import serve_api, warehouse_summary
from cli.demo_output import dbt_progress, done, progress_bar, summary, working
from flows.downstream import build
from flows.sources import refresh_registration
from ingest.sources.catalog import Window, crawl
from ingest.sources.nemweb.times import now_aest
from ingest.stores import open_store
from opennem.serving import serving_path
from opennem.warehouse import current
from simulator import serve, simulate
from simulator.layouts import TABLES
from simulator.registry import REGISTRY_PATH

FIRST_INTERVAL_END = timedelta(minutes=5)
CRAWLS = (
    "cdeii",
    "dispatch_scada",
    "dispatch_is",
    "trading_is",
    "rooftop_pv",
    "next_day_dispatch",
    "wem:facility_scada",
    "wem:reference_trading_price",
)
# The interconnector topology: the MMSDM table of the first simulated month.
TOPOLOGY = "mmsdm:INTERCONNECTOR"
EXAMPLE_SQL = "select * from marts.fct_market_summary_v2 limit 5"
EXAMPLE_DATA_QUERY = "metrics=energy&interval=1d&secondary_grouping=fueltech"
EXAMPLE_MARKET_QUERY = "metrics=price&interval=1h&primary_grouping=network_region"


def simulate_days(days: int, units: int) -> tuple[Path, date, date]:
    """Simulate the `days` complete days before today (AEST); all but the last are archived."""
    today = now_aest().date()
    start, end = today - timedelta(days=days), today - timedelta(days=1)
    root = current().duckdb_path.parent / "demo" / "nemweb"
    began = time.monotonic()
    with working(f"simulating {units} NEM units and the WEM, {start} to {end}"):
        simulate(
            root,
            start,
            end,
            units=units,
            archive_days_before=end,
            wem=True,
            tables=(*TABLES, "DISPATCHLOAD"),  # with Next_Day_Dispatch: the batteries' charge
        )
    done(f"simulated {units} NEM units and the WEM, {start} to {end}", began)
    return root, start, end


def crawls(start: date) -> list[tuple[str, Window]]:
    """Every demo crawl with its window (interval ends), as `opennem crawl` takes them."""
    window = Window(since=datetime.combine(start, clock_time()) + FIRST_INTERVAL_END)
    month = datetime.combine(start.replace(day=1), clock_time()) + FIRST_INTERVAL_END
    return [*((argument, window) for argument in CRAWLS), (TOPOLOGY, Window(month, month))]


def crawl_all(base_url: str, start: date) -> tuple[int, int]:
    """Every demo crawl through the source catalogue; the files and rows loaded."""
    began, files, rows = time.monotonic(), 0, 0
    todo = crawls(start)
    with open_store(current()) as store, progress_bar(" sources") as progress:
        task = progress.add_task("crawling", total=len(todo), extra="")
        for argument, window in todo:
            progress.update(task, description=f"crawling {argument}")
            result = crawl(store, argument, window, base_url)
            if not result.ok:
                raise SystemExit(f"crawling {argument} failed:\n{result.describe()}")
            files, rows = files + result.files_loaded(), rows + result.rows_loaded()
            progress.update(task, advance=1, extra=f", {files} files, {rows:,} rows")
    done(f"crawled {len(todo)} sources from {base_url}: {files} files, {rows:,} rows", began)
    return files, rows


def load_registry(base_url: str, log_dir: Path) -> None:
    began = time.monotonic()
    with dbt_progress("unit registry -> dim_units", log_dir):
        refresh_registration(lambda _: None, xlsx=f"{base_url}/{REGISTRY_PATH.as_posix()}")
    done("loaded the unit registry and built dim_units", began)


def build_marts(log_dir: Path) -> None:
    began = time.monotonic()
    with dbt_progress("dbt build", log_dir) as nodes:
        build()
    done(f"built {nodes.finished} dbt nodes (models, tests) and published the marts", began)


def summary_lines(files: int, rows: int, log_dir: Path, port: int, serving: bool) -> dict[str, str]:
    warehouse = current().duckdb_path
    site = f"http://127.0.0.1:{port}"
    lines = {
        "loaded": f"{files} files, {rows:,} rows ({warehouse_summary()} in raw.load_ledger)",
        "warehouse": f"{warehouse} (the API reads {serving_path(warehouse)})",
        "dbt log": str(log_dir / "dbt.log"),
        "SQL": f'duckdb {serving_path(warehouse)} "{EXAMPLE_SQL}"',
    }
    if not serving:
        return lines | {"serve": "uv run opennem api  (then open http://127.0.0.1:8000/)"}
    return lines | {
        "page": f"{site}/",
        "API": f"{site}/v4/data/network/NEM?{EXAMPLE_DATA_QUERY}",
        "market": f"{site}/v4/market/network/NEM?{EXAMPLE_MARKET_QUERY}",
        "docs": f"{site}/docs",
        "stop": "Ctrl-C",
    }


def run_demo(*, days: int, units: int, port: int, serve_api_after: bool) -> None:
    began = time.monotonic()
    root, start, _ = simulate_days(days, units)
    log_dir = root.parent / "logs"
    with serve(root) as base_url:
        files, rows = crawl_all(base_url, start)
        load_registry(base_url, log_dir)
    build_marts(log_dir)
    summary(summary_lines(files, rows, log_dir, port, serve_api_after), began)
    if serve_api_after:
        serve_api("127.0.0.1", port, log_level="warning")
