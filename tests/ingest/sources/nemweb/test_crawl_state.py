"""The crawl state decides where the next crawl starts: oldest retryable failure, else the newest
loaded interval, else the lookback; old failures age out; covered failures are superseded."""

from datetime import datetime, timedelta
from pathlib import Path

import duckdb

from ingest.sources.nemweb.crawl import FileOutcome
from ingest.sources.nemweb.crawl_state import CrawlPolicy, record, statuses, window_start
from ingest.sources.nemweb.locations import Place, RemoteFile
from ingest.sources.nemweb.times import Period
from ingest.stores.duckdb_store import DuckDBRawStore

NOW = datetime(2024, 8, 5, 12, 0)
POLICY = CrawlPolicy(lookback=timedelta(hours=6), age_out=timedelta(days=3))


def current(end: datetime, status: str) -> FileOutcome:
    name = f"PUBLIC_DISPATCHSCADA_{end:%Y%m%d%H%M}_0000000000000001.zip"
    return FileOutcome(RemoteFile(name, name, Place.CURRENT, Period(end, end)), status)


def test_a_new_source_starts_lookback_before_now(duckdb_path: Path) -> None:
    with duckdb.connect(str(duckdb_path)) as conn:
        store = DuckDBRawStore(conn)
        assert window_start(store, "dispatch_scada", NOW, POLICY) == NOW - timedelta(hours=6)


def test_next_crawl_starts_at_the_oldest_failure_then_after_the_newest_load(
    duckdb_path: Path,
) -> None:
    with duckdb.connect(str(duckdb_path)) as conn:
        store = DuckDBRawStore(conn)
        outcomes = [
            current(datetime(2024, 8, 5, 10, 0), "loaded"),
            current(datetime(2024, 8, 5, 10, 5), "failed"),
            current(datetime(2024, 8, 5, 10, 10), "loaded"),
        ]
        record(store, "dispatch_scada", outcomes, NOW, POLICY)
        assert window_start(store, "dispatch_scada", NOW, POLICY) == datetime(2024, 8, 5, 10, 5)

        record(
            store, "dispatch_scada", [current(datetime(2024, 8, 5, 10, 5), "loaded")], NOW, POLICY
        )
        assert window_start(store, "dispatch_scada", NOW, POLICY) == datetime(2024, 8, 5, 10, 10)


def test_a_failure_long_after_its_interval_ages_out(duckdb_path: Path) -> None:
    old = current(datetime(2024, 8, 1, 10, 0), "failed")
    with duckdb.connect(str(duckdb_path)) as conn:
        store = DuckDBRawStore(conn)
        record(
            store,
            "dispatch_scada",
            [old, current(datetime(2024, 8, 5, 9, 0), "loaded")],
            NOW,
            POLICY,
        )
        assert statuses(store, "dispatch_scada")[old.file.name] == "aged_out"
        assert window_start(store, "dispatch_scada", NOW, POLICY) == datetime(2024, 8, 5, 9, 0)


def test_a_failure_covered_by_a_loaded_archive_is_superseded(duckdb_path: Path) -> None:
    missing = current(datetime(2024, 8, 5, 10, 5), "failed")
    day = Period(datetime(2024, 8, 5, 0, 5), datetime(2024, 8, 6, 4, 0))
    archive = FileOutcome(
        RemoteFile("PUBLIC_DISPATCHSCADA_20240805.zip", "", Place.ARCHIVE, day), "loaded"
    )
    with duckdb.connect(str(duckdb_path)) as conn:
        store = DuckDBRawStore(conn)
        record(store, "dispatch_scada", [missing], NOW, POLICY)
        record(store, "dispatch_scada", [archive], NOW, POLICY)
        assert statuses(store, "dispatch_scada")[missing.file.name] == "superseded"
