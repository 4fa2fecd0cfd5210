"""`opennem demo`: the whole pipeline offline, on the real code paths.

Simulate a NEMWEB tree and AEMO WA's WEMDE files (both grids), serve them on loopback, crawl
them with the real NEMWEB and WEM crawlers, load the files, build the registry and the marts with
dbt, and serve the API and page on 127.0.0.1.
"""

from datetime import date, datetime, time, timedelta
from pathlib import Path

from ingest import wem
from ingest.nemweb.crawl import CrawlSummary, crawl
from ingest.nemweb.times import now_aest
from opennem.commands import build_registry, serve_api, warehouse_summary
from opennem.simulator import serve, simulate
from opennem.simulator.registry import REGISTRY_PATH
from opennem.transform import build
from opennem.warehouse import connect_duckdb, current

FIRST_INTERVAL_END = timedelta(minutes=5)
INTERVAL_REPORTS = ("dispatch_scada", "dispatch_is", "trading_is", "rooftop_pv")
WEM_DATASETS = ("facility_scada", "reference_trading_price")


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
    simulate(root, start, end, units=units, archive_days_before=end, wem=True)
    return root, start, end


def crawl_all(base_url: str, start: date) -> None:
    since = datetime.combine(start, time()) + FIRST_INTERVAL_END  # interval ends, AEST
    with connect_duckdb() as conn:
        step(f"crawling the CDEII emission factors from {base_url}")
        _print_totals(crawl("cdeii", base_url=base_url, conn=conn))
        for report in INTERVAL_REPORTS:
            step(f"crawling {report} from {base_url}")
            _print_totals(crawl(report, since=since, base_url=base_url, conn=conn))
        for dataset in WEM_DATASETS:
            step(f"crawling WEM {dataset} from {base_url}")
            loaded = wem.crawl(dataset, conn=conn, since=start, base_url=base_url).names("loaded")
            print(f"    {len(loaded)} files loaded", flush=True)


def _print_totals(summary: CrawlSummary) -> None:
    print("    " + summary.describe().splitlines()[-1], flush=True)


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
