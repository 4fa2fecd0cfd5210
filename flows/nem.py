"""NEM flows: NEMWEB report crawls driven by the crawl state, and the monthly MMSDM archives."""

from datetime import datetime, timedelta

from prefect import flow, get_run_logger

from flows.downstream import transform_changed
from flows.tasks import load_remote, plan_due, record_state
from ingest.http import HttpClient
from ingest.loader import tables_with_rows
from ingest.sources.nemweb.backfill import NEM_MMSDM, backfill
from ingest.sources.nemweb.crawl import FileOutcome
from ingest.sources.nemweb.crawl_state import CrawlPolicy
from ingest.sources.nemweb.times import now_aest
from ingest.stores import open_store
from opennem.warehouse import WarehouseUrl, current
from opennem.warehouse_lock import writer_lock


def crawl_due(warehouse: WarehouseUrl, report: str, policy: CrawlPolicy) -> list[FileOutcome]:
    """Fetch and load every file the crawl state says is due; record what became of each."""
    now = now_aest()
    with open_store(warehouse) as store, HttpClient() as client:
        todo, done = plan_due(client, store, report, now, policy)
        outcomes = load_remote(client, store, todo)
        record_state(
            store, report, outcomes + [FileOutcome(f, "skipped") for f in done], now, policy
        )
    return outcomes


@flow(name="nem-reports", timeout_seconds=3600)
def nem_reports(
    reports: list[str],
    lookback_hours: float = 24,
    age_out_hours: float = 72,
    transform: bool = True,
) -> list[str]:
    """Crawl NEMWEB reports in turn, each from where its crawl state says, then transform what
    changed in one dbt run; the names of the files loaded.

    The 5-minute deployment crawls dispatch_scada, dispatch_is and trading_is together, so each
    interval costs one dbt run, not one per report."""
    policy = CrawlPolicy(timedelta(hours=lookback_hours), timedelta(hours=age_out_hours))
    warehouse = current()
    with writer_lock(warehouse):
        outcomes = [
            outcome for report in reports for outcome in crawl_due(warehouse, report, policy)
        ]
        for outcome in outcomes:
            if outcome.reason:
                get_run_logger().warning(
                    "%s %s: %s", outcome.status, outcome.file.name, outcome.reason
                )
        tables = tables_with_rows(outcome.row_counts for outcome in outcomes)
        if transform and tables:
            transform_changed("aemo", sorted(tables))
    return [outcome.file.name for outcome in outcomes if outcome.status == "loaded"]


@flow(name="nem-mmsdm", timeout_seconds=6 * 3600)
def nem_mmsdm(months_back: int = 2, transform: bool = True) -> int:
    """Load the MMSDM monthly archives of the last `months_back` months that are not loaded yet.

    The backfill takes the writer lock per file; the transform afterwards takes it whole.
    """
    first = (now_aest().replace(day=1) - timedelta(days=31 * (months_back - 1))).replace(day=1)
    since = datetime(first.year, first.month, 1)
    warehouse = current()
    with HttpClient() as client:
        summary = backfill(NEM_MMSDM, since, now_aest(), warehouse=warehouse, client=client)
    get_run_logger().info(summary.describe())
    tables = tables_with_rows(outcome.row_counts for outcome in summary.outcomes)
    if transform and tables:
        with writer_lock(warehouse):
            transform_changed("aemo", sorted(tables))
    return summary.count("loaded")
