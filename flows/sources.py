"""Flows for the sources crawled whole or by day (WEM, BOM, APVI) and for the unit registry.

`crawl_recent` serves every such source of `ingest.sources.catalog.SOURCES`: their deployments in
prefect.yaml differ only in parameters.
"""

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from prefect import flow, get_run_logger

from flows.downstream import build, transform_changed
from flows.tasks import crawl_source
from ingest.http import HttpClient, read_source
from ingest.loader import load_file
from ingest.sources import registration
from ingest.sources.catalog import CrawlResult, Window, get_source
from ingest.stores import open_store
from opennem.warehouse import current
from opennem.warehouse_lock import writer_lock

REGISTRY_MODELS = [
    "resource_type:seed",
    "+dim_units",
    "+dim_facilities",
    "int_units__unmapped_scada",
]


def _log(result: CrawlResult) -> set[str]:
    """Log what needs a look; the raw tables that got rows."""
    if not result.ok:
        get_run_logger().warning(result.describe())
    return result.tables_loaded()


@flow(name="crawl-recent", timeout_seconds=3600)
def crawl_recent(source: str, datasets: Sequence[str] = (), days_back: int = 2) -> list[str]:
    """Crawl a source's files of the last `days_back` days (each dataset named, or the source
    whole), then transform what changed; the raw tables that got rows."""
    clock = get_source(source).network.tz
    window = Window(since=datetime.now(clock).replace(tzinfo=None) - timedelta(days=days_back))
    warehouse = current()
    with writer_lock(warehouse):
        chosen: list[str | None] = [*datasets] or [None]
        with open_store(warehouse) as store:
            results = [crawl_source(store, source, dataset, window) for dataset in chosen]
        tables = set().union(*(_log(result) for result in results))
        if tables:
            transform_changed(get_source(source).dbt_source, sorted(tables))
    return sorted(tables)


def refresh_registration(
    say: Callable[[str], None], xlsx: str | None = None, co2eii: str | None = None
) -> list[str]:
    """Load the registration list (and a CO2EII file), rebuild the unit dimensions, `say` what
    was loaded; the DUIDs in SCADA that are still not in the registry."""
    warehouse = current()
    with open_store(warehouse) as store, HttpClient() as client:
        if co2eii:
            say(load_file(store, co2eii, data=read_source(client, co2eii)).describe())
        say(registration.crawl(store, xlsx).describe())
    build(REGISTRY_MODELS, warehouse)
    with open_store(warehouse) as store:
        return registration.unmapped_scada_duids(store)


@flow(name="registry", timeout_seconds=1800)
def registry() -> list[str]:
    """Reload AEMO's registration list and rebuild the unit and facility dimensions."""
    with writer_lock(current()):
        return refresh_registration(get_run_logger().info)
