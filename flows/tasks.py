"""The tasks: one `ingest/` or `opennem` call each, retried with exponential back-off.

Connections (or raw stores) and HTTP clients are passed in by the flow (it owns them, under the
warehouse lock on DuckDB), so no task caches on its inputs (`NO_CACHE`).
"""

from datetime import date, datetime

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.tasks import exponential_backoff

from ingest.crawl_state import CrawlPolicy, due_files, record
from ingest.nemweb.client import NemwebClient
from ingest.nemweb.crawl import FileOutcome, fetch_and_load
from ingest.nemweb.locations import RemoteFile
from ingest.records import CrawlReport, Target
from opennem import quality
from opennem.transform import build

retrying = task(
    retries=3,
    retry_delay_seconds=exponential_backoff(backoff_factor=10),
    retry_jitter_factor=0.5,
    cache_policy=NO_CACHE,
)


@retrying
def plan_due(
    client: NemwebClient,
    conn: Target,
    source: str,
    now: datetime,
    policy: CrawlPolicy,
) -> tuple[list[RemoteFile], list[RemoteFile]]:
    return due_files(client, conn, source, now, policy)


@retrying
def load_remote(client: NemwebClient, conn: Target, files: list[RemoteFile]) -> list[FileOutcome]:
    """Fetch and load the files in turn (a retry skips what the ledger already holds)."""
    return [fetch_and_load(client, conn, file) for file in files]


@retrying
def record_state(
    conn: Target,
    source: str,
    outcomes: list[FileOutcome],
    now: datetime,
    policy: CrawlPolicy,
) -> None:
    record(conn, source, outcomes, now, policy)


@retrying
def crawl_wem(conn: Target, dataset: str, since: date) -> CrawlReport:
    from ingest.wem.crawl import crawl

    return crawl(dataset, conn=conn, since=since)


@retrying
def crawl_bom(conn: Target) -> CrawlReport:
    from ingest.bom import crawl

    return crawl(conn=conn)


@retrying
def refresh_registry() -> None:
    from opennem.commands import build_registry

    build_registry(xlsx=None, co2eii=None)


@retrying
def run_dbt_build(selectors: list[str]) -> None:
    build(selectors)


@retrying
def run_quality_checks() -> list[quality.CheckResult]:
    return quality.run_checks()
