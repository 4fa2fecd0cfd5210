"""Crawl planning and the crawl itself over a loopback NEMWEB serving real AEMO files."""

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from ingest.http import HttpClient
from ingest.loader import loaded_names
from ingest.sources.nemweb.crawl import crawl, plan
from ingest.sources.nemweb.locations import Place
from ingest.stores.duckdb_store import DuckDBRawStore
from tests.support.loopback import LoopbackServer
from tests.support.nemweb_tree import (
    CDEII_FILE,
    SCADA_ARCHIVE,
    SCADA_FILE,
    NemwebTree,
    build_nemweb_tree,
)

CURRENT = "/Reports/Current/Dispatch_SCADA/"
ARCHIVE = "/Reports/Archive/Dispatch_SCADA/"


@pytest.fixture
def tree(tmp_path: Path, fixtures_dir: Path) -> NemwebTree:
    return build_nemweb_tree(tmp_path / "nemweb", fixtures_dir)


@pytest.fixture
def server(tree: NemwebTree) -> Iterator[LoopbackServer]:
    with LoopbackServer(tree.root) as running:
        yield running


@pytest.fixture
def client(server: LoopbackServer) -> Iterator[HttpClient]:
    with HttpClient(server.base_url, retries=1, backoff_base_s=0.01) as http:
        yield http


@pytest.fixture
def conn(duckdb_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with duckdb.connect(str(duckdb_path)) as connection:
        yield connection


def _ledger(conn: duckdb.DuckDBPyConnection, rows: list[tuple[str, str, str]]) -> None:
    DuckDBRawStore(conn).ensure_ledger()
    for name, sha, status in rows:
        conn.execute(
            "insert into raw.load_ledger (file_name, sha256, source, status, loaded_at) "
            "values (?, ?, ?, ?, current_timestamp)",
            [name, sha, f"http://x/{name}", status],
        )


def test_recent_window_uses_current_only(client: HttpClient, server: LoopbackServer) -> None:
    files = plan(client, "dispatch_scada", datetime(2021, 9, 2, 12, 55), None)
    assert [(f.name, f.place) for f in files] == [(SCADA_FILE, Place.CURRENT)]
    assert files[0].url == f"{server.base_url}{CURRENT}{SCADA_FILE}"
    assert server.hits(ARCHIVE) == 0


def test_no_since_means_everything_in_current(client: HttpClient, server: LoopbackServer) -> None:
    assert [f.name for f in plan(client, "Dispatch_SCADA", None, None)] == [SCADA_FILE]
    assert server.hits(ARCHIVE) == 0


def test_older_window_adds_the_archive_oldest_first(client: HttpClient) -> None:
    files = plan(client, "dispatch_scada", datetime(2021, 9, 2, 0, 0), datetime(2021, 9, 2, 13))
    assert [(f.name, f.place) for f in files] == [
        (SCADA_ARCHIVE, Place.ARCHIVE),
        (SCADA_FILE, Place.CURRENT),
    ]


def test_window_before_current_is_archive_only(client: HttpClient) -> None:
    files = plan(client, "dispatch_scada", datetime(2021, 9, 2, 1), datetime(2021, 9, 2, 2))
    assert [f.name for f in files] == [SCADA_ARCHIVE]
    assert plan(client, "dispatch_scada", datetime(2021, 8, 1), datetime(2021, 8, 2)) == []


def test_missing_archive_folder_holds_no_files(tree: NemwebTree, server: LoopbackServer) -> None:
    archive = tree.root / ARCHIVE.strip("/")
    for file in archive.iterdir():
        file.unlink()
    archive.rmdir()
    with HttpClient(server.base_url, retries=0) as http:
        files = plan(http, "dispatch_scada", datetime(2021, 9, 2, 0, 0), None)

    assert [f.name for f in files] == [SCADA_FILE]
    assert server.hits(ARCHIVE) == 1


@pytest.mark.parametrize(
    ("since", "until", "chosen"),
    [
        (datetime(2017, 11, 1), datetime(2017, 11, 5), [CDEII_FILE]),  # published in the window
        (datetime(2018, 1, 1), None, [CDEII_FILE]),  # the list in force when the window opens
        (datetime(2017, 1, 1), datetime(2017, 2, 1), []),  # nothing published yet
    ],
)
def test_cdeii_is_a_snapshot_report(
    client: HttpClient, since: datetime, until: datetime | None, chosen: list[str]
) -> None:
    assert [f.name for f in plan(client, "cdeii", since, until)] == chosen


def test_mmsdm_plan_needs_since(client: HttpClient) -> None:
    files = plan(client, "mmsdm:DISPATCHPRICE", datetime(2024, 8, 2), datetime(2024, 8, 3))
    assert [f.name for f in files] == ["PUBLIC_ARCHIVE#DISPATCHPRICE#FILE01#202408010000.zip"]
    with pytest.raises(ValueError, match="mmsdm:DISPATCHPRICE: an MMSDM crawl needs --since"):
        plan(client, "mmsdm:DISPATCHPRICE", None, None)


def test_ledger_names_are_only_the_loaded_ones(
    conn: duckdb.DuckDBPyConnection, store: DuckDBRawStore
) -> None:
    names = ["a.zip", "b.zip", "c.zip"]
    assert loaded_names(store, names) == set()  # no ledger yet
    _ledger(conn, [("a.zip", "1", "loaded"), ("b.zip", "2", "rejected"), ("d.zip", "3", "loaded")])
    assert loaded_names(store, names) == {"a.zip"}
    assert loaded_names(store, []) == set()


def test_already_loaded_files_are_not_fetched(
    client: HttpClient,
    server: LoopbackServer,
    conn: duckdb.DuckDBPyConnection,
    store: DuckDBRawStore,
) -> None:
    _ledger(conn, [(SCADA_FILE, "sha-a", "loaded"), (SCADA_ARCHIVE, "sha-b", "loaded")])
    summary = crawl(
        "dispatch_scada", since=datetime(2021, 9, 2), until=None, store=store, client=client
    )
    assert summary.already_loaded == [SCADA_ARCHIVE, SCADA_FILE]
    assert summary.outcomes == []
    assert server.hits(CURRENT + SCADA_FILE) == 0
    assert server.hits(ARCHIVE + SCADA_ARCHIVE) == 0


def test_failed_downloads_are_reported_and_do_not_stop_the_others(
    client: HttpClient,
    server: LoopbackServer,
    conn: duckdb.DuckDBPyConnection,
    store: DuckDBRawStore,
) -> None:
    server.fail(ARCHIVE + SCADA_ARCHIVE, 404)
    server.fail(CURRENT + SCADA_FILE, 503)
    summary = crawl("dispatch_scada", since=datetime(2021, 9, 2), store=store, client=client)

    assert [(o.file.name, o.status) for o in summary.outcomes] == [
        (SCADA_ARCHIVE, "failed"),
        (SCADA_FILE, "failed"),
    ]
    archive, current = summary.failed
    assert archive.reason is not None and "HTTP 404" in archive.reason
    assert SCADA_ARCHIVE in archive.reason
    assert current.reason is not None and "after 2 attempts" in current.reason
    assert server.hits(CURRENT + SCADA_FILE) == 2
    assert not summary.ok
    assert summary.describe().splitlines()[-1] == (
        "dispatch_scada: 0 loaded, 0 skipped, 0 rejected, 2 failed, 0 already loaded"
    )


def test_crawl_end_to_end_loads_each_file_once(
    server: LoopbackServer, conn: duckdb.DuckDBPyConnection, store: DuckDBRawStore
) -> None:
    since = datetime(2021, 9, 2)
    summary = crawl("dispatch_scada", since=since, base_url=server.base_url, store=store)

    assert summary.names("loaded") == [SCADA_ARCHIVE, SCADA_FILE]
    assert [o.row_counts for o in summary.outcomes] == [{"dispatch_unit_scada": 390}] * 2
    sources = conn.execute(
        "select _source_file, count(*) from raw.dispatch_unit_scada group by 1 order by 1"
    ).fetchall()
    assert sources == [
        (f"{SCADA_ARCHIVE}/{SCADA_FILE}/{SCADA_FILE.replace('.zip', '.CSV')}", 390),
        (f"{SCADA_FILE}/{SCADA_FILE.replace('.zip', '.CSV')}", 390),
    ]
    assert loaded_names(store, [SCADA_ARCHIVE, SCADA_FILE]) == {SCADA_ARCHIVE, SCADA_FILE}

    again = crawl("dispatch_scada", since=since, base_url=server.base_url, store=store)
    assert again.outcomes == [] and again.already_loaded == [SCADA_ARCHIVE, SCADA_FILE]


def test_cdeii_crawl_loads_the_emission_factors(
    server: LoopbackServer, conn: duckdb.DuckDBPyConnection, store: DuckDBRawStore
) -> None:
    summary = crawl("cdeii", since=datetime(2018, 1, 1), base_url=server.base_url, store=store)
    assert summary.names("loaded") == [CDEII_FILE], summary.describe()
    assert summary.outcomes[0].row_counts == {"co2eii_publishing": 386}


def test_mmsdm_crawl_fetches_both_namings_and_hands_them_to_the_loader(
    server: LoopbackServer, conn: duckdb.DuckDBPyConnection, store: DuckDBRawStore
) -> None:
    # The MMSDM fixtures are NEMOSIS subsets (two DUIDs) that keep AEMO's original END OF REPORT
    # count, so the loader rightly rejects them: the crawl must fetch both, report the loader's
    # verdict per file, and try them again next time (rejected files are not "already loaded").
    window = {"since": datetime(2024, 7, 31), "until": datetime(2024, 8, 2)}
    summary = crawl("mmsdm:DISPATCH_UNIT_SCADA", base_url=server.base_url, store=store, **window)
    names = [
        "PUBLIC_DVD_DISPATCH_UNIT_SCADA_202407010000.zip",
        "PUBLIC_ARCHIVE#DISPATCH_UNIT_SCADA#FILE01#202408010000.zip",
    ]
    assert summary.names("rejected") == names
    for outcome in summary.outcomes:
        assert outcome.reason is not None
        assert outcome.file.name in outcome.reason and "END OF REPORT" in outcome.reason
    again = crawl("mmsdm:DISPATCH_UNIT_SCADA", base_url=server.base_url, store=store, **window)
    assert again.already_loaded == [] and again.names("rejected") == names
