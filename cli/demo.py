"""`opennem demo`: the whole pipeline offline, on the real code paths.

Simulate a NEMWEB tree and AEMO WA's WEMDE files (both grids), serve them on loopback, crawl
them with the real NEMWEB and WEM crawlers, load the files, build the registry and the marts with
dbt, and serve the API and page on 127.0.0.1.
"""

from datetime import date, datetime, time, timedelta
from pathlib import Path

from cli.commands import build_registry, serve_api, warehouse_summary
from flows.downstream import build
from ingest.sources.catalog import Window, crawl
from ingest.sources.nemweb.times import now_aest
from ingest.stores import open_store
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


def step(message: str) -> None:
    print(f"==> {message}", flush=True)


def simulate_days(days: int, units: int) -> tuple[Path, date, date]:
    """Simulate the `days` complete days before today (AEST); all but the last are archived."""
    today = now_aest().date()
    start, end = today - timedelta(days=days), today - timedelta(days=1)
    root = current().duckdb_path.parent / "demo" / "nemweb"
    step(
        f"simulating {units} NEM units and the WEM from {start} to {end} in AEMO's formats"
        f" under {root}"
    )
    simulate(
        root,
        start,
        end,
        units=units,
        archive_days_before=end,
        wem=True,
        tables=(*TABLES, "DISPATCHLOAD"),  # with Next_Day_Dispatch: the batteries' state of charge
    )
    return root, start, end


def crawl_all(base_url: str, start: date) -> None:
    """Every demo crawl through the source catalogue, as `opennem crawl` does them."""
    window = Window(since=datetime.combine(start, time()) + FIRST_INTERVAL_END)  # interval ends
    month = datetime.combine(start.replace(day=1), time()) + FIRST_INTERVAL_END
    crawls = (*((argument, window) for argument in CRAWLS), (TOPOLOGY, Window(month, month)))
    with open_store(current()) as store:
        for argument, crawl_window in crawls:
            step(f"crawling {argument} from {base_url}")
            result = crawl(store, argument, crawl_window, base_url)
            print("    " + result.describe().splitlines()[-1], flush=True)


def run_demo(*, days: int, units: int, port: int, serve_api_after: bool) -> None:
    root, start, _ = simulate_days(days, units)
    with serve(root) as base_url:
        step(f"simulated NEMWEB serving at {base_url}")
        crawl_all(base_url, start)
        step("loading the unit registry and building dim_units")
        build_registry(xlsx=f"{base_url}/{REGISTRY_PATH.as_posix()}", co2eii=None)
    step("dbt build (staging -> intermediate -> marts), then publish the marts for the API")
    build()
    step(f"warehouse {current().url}: {warehouse_summary()}")
    if serve_api_after:
        step(f"serving the API and page on http://127.0.0.1:{port}/ (Ctrl-C to stop)")
        print(
            f"    try: curl 'http://127.0.0.1:{port}/v4/data/network/NEM?metrics=energy&interval=1d"
            "&secondary_grouping=fueltech'",
            flush=True,
        )
        print(
            f"    WEM: curl 'http://127.0.0.1:{port}/v4/data/network/WEM?metrics=power&interval=5m"
            "&secondary_grouping=fueltech'",
            flush=True,
        )
        serve_api("127.0.0.1", port)
