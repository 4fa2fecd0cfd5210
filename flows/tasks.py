"""The tasks: one `ingest/` or `opennem` call each, retried with exponential back-off.

Connections (or raw stores) and HTTP clients are passed in by the flow (it owns them, under the
warehouse lock on DuckDB), so no task caches on its inputs (`NO_CACHE`).
"""

from datetime import datetime

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.tasks import exponential_backoff

from ingest.http import HttpClient
from ingest.sources.catalog import CrawlResult, Window, get_source
from ingest.sources.nemweb.crawl import FileOutcome, fetch_and_load
from ingest.sources.nemweb.crawl_state import CrawlPolicy, due_files, record
from ingest.sources.nemweb.locations import RemoteFile
from ingest.stores import RawStore
from opennem.data_quality import CheckResult, run_checks

retrying = task(
    retries=3,
    retry_delay_seconds=exponential_backoff(backoff_factor=10),
    retry_jitter_factor=0.5,
    cache_policy=NO_CACHE,
)


@retrying
def plan_due(
    client: HttpClient,
    store: RawStore,
    source: str,
    now: datetime,
    policy: CrawlPolicy,
) -> tuple[list[RemoteFile], list[RemoteFile]]:
    return due_files(client, store, source, now, policy)


@retrying
def load_remote(client: HttpClient, store: RawStore, files: list[RemoteFile]) -> list[FileOutcome]:
    """Fetch and load the files in turn (a retry skips what the ledger already holds)."""
    return [fetch_and_load(client, store, file) for file in files]


@retrying
def record_state(
    store: RawStore,
    source: str,
    outcomes: list[FileOutcome],
    now: datetime,
    policy: CrawlPolicy,
) -> None:
    record(store, source, outcomes, now, policy)


@retrying
def crawl_source(store: RawStore, source: str, dataset: str | None, window: Window) -> CrawlResult:
    """Crawl one source (or one dataset of it) over `window` at its default URL."""
    return get_source(source).crawl(store, dataset, window, None)


@retrying
def run_quality_checks() -> list[CheckResult]:
    return run_checks()
