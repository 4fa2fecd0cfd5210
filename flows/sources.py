"""Flows for the other sources: WEM (daily), BOM observations (half-hourly), the AEMO registry."""

from datetime import timedelta

from prefect import flow, get_run_logger

from flows.tasks import crawl_bom, crawl_wem, refresh_registry
from flows.transform import changed_tables, transform_changed
from ingest.raw_store import open_store
from ingest.records import CrawlReport
from opennem.networks import WEM
from opennem.warehouse import current
from opennem.warehouse_lock import writer_lock


def _log(report: CrawlReport) -> set[str]:
    """Log what needs a look; the raw tables that got rows."""
    for outcome in report.outcomes:
        if outcome.reason:
            get_run_logger().warning("%s %s: %s", outcome.status, outcome.name, outcome.reason)
    return changed_tables(outcome.row_counts for outcome in report.outcomes)


@flow(name="wem-daily", timeout_seconds=3600)
def wem_daily(
    datasets: tuple[str, ...] = ("facility_scada", "reference_trading_price"), days_back: int = 2
) -> list[str]:
    """Load the WEM datasets' daily files of the last `days_back` days (AWST), then transform."""
    from datetime import datetime

    since = datetime.now(WEM.tz).date() - timedelta(days=days_back)
    warehouse = current()
    with writer_lock(warehouse):
        with open_store(warehouse) as store:
            tables = set().union(*(_log(crawl_wem(store, name, since)) for name in datasets))
        if tables:
            transform_changed("wem", sorted(tables))
    return sorted(tables)


@flow(name="bom-observations", timeout_seconds=1800)
def bom_observations() -> list[str]:
    """Fetch the BOM capital-city observation feeds, then transform what changed."""
    warehouse = current()
    with writer_lock(warehouse):
        with open_store(warehouse) as store:
            tables = _log(crawl_bom(store))
        if tables:
            transform_changed("bom", sorted(tables))
    return sorted(tables)


@flow(name="registry", timeout_seconds=1800)
def registry() -> None:
    """Reload AEMO's registration list and rebuild the unit and facility dimensions."""
    with writer_lock(current()):
        refresh_registry()
