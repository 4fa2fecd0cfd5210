"""The NEM report backfill on PostgreSQL and ClickHouse (chDB) against a simulated NEMWEB over
loopback (3 units, the first three hours of a day): every file loads once, the crawl state says
loaded, the next crawl starts after the newest load, and a second run loads nothing. And the
crawl state's rewrites there: a retry counts its attempts, a loaded archive supersedes a failure."""

from datetime import date, datetime, timedelta

import pytest

from ingest.http import HttpClient
from ingest.sources.nemweb.backfill import backfill
from ingest.sources.nemweb.crawl import FileOutcome
from ingest.sources.nemweb.crawl_state import CrawlPolicy, record, statuses, window_start
from ingest.sources.nemweb.locations import Place, RemoteFile
from ingest.sources.nemweb.times import Period
from ingest.stores import open_store
from opennem.warehouse import WarehouseUrl
from simulator import Simulation, serve, simulate
from tests.ingest.sources.nemweb.test_crawl_state import NOW, POLICY, current

DAY = date(2024, 8, 1)
SINCE, UNTIL = datetime(2024, 8, 1, 0, 5), datetime(2024, 8, 1, 3, 0)
SCADA = "Reports/Current/Dispatch_SCADA"
UNITS = 3


@pytest.fixture(scope="module")
def simulation(tmp_path_factory: pytest.TempPathFactory) -> Simulation:
    sim = simulate(
        tmp_path_factory.mktemp("nemweb"), DAY, DAY, units=UNITS, tables=["DISPATCH_UNIT_SCADA"]
    )
    (sim.root / "Reports/Archive/Dispatch_SCADA").mkdir(parents=True)  # listed, empty
    return sim


def published(simulation: Simulation) -> set[str]:
    """The simulated SCADA files with interval ends in [SINCE, UNTIL]."""
    ends = {f"{SINCE + timedelta(minutes=5 * i):%Y%m%d%H%M}" for i in range(36)}
    paths = (simulation.root / SCADA).glob("*.zip")
    return {path.name for path in paths if path.name.split("_")[2] in ends}


def test_report_backfill_loads_each_file_once(
    engine_warehouse: WarehouseUrl, simulation: Simulation
) -> None:
    files = published(simulation)
    with serve(simulation.root) as base_url, HttpClient(base_url) as client:
        first = backfill("dispatch_scada", SINCE, UNTIL, warehouse=engine_warehouse, client=client)
        again = backfill("dispatch_scada", SINCE, UNTIL, warehouse=engine_warehouse, client=client)
    with open_store(engine_warehouse) as store:
        (rows,) = store.fetch_rows("select count(*) from raw.dispatch_unit_scada")[0]
        state = statuses(store, "dispatch_scada")
        start = window_start(store, "dispatch_scada", datetime(2024, 8, 2), CrawlPolicy())

    assert len(files) == 36
    assert {o.file.name for o in first.outcomes} == files and first.count("loaded") == 36
    assert (again.planned, again.already_loaded, again.outcomes) == (36, 36, [])
    assert rows == UNITS * 36
    assert state == dict.fromkeys(files, "loaded")
    assert start == UNTIL


def test_retries_count_and_a_covered_failure_is_superseded(engine_warehouse: WarehouseUrl) -> None:
    failing = current(datetime(2024, 8, 5, 10, 5), "failed")
    day = Period(datetime(2024, 8, 5, 0, 5), datetime(2024, 8, 6, 4, 0))
    archive = FileOutcome(
        RemoteFile("PUBLIC_DISPATCHSCADA_20240805.zip", "", Place.ARCHIVE, day), "loaded"
    )
    with open_store(engine_warehouse) as store:
        record(store, "dispatch_scada", [failing], NOW, POLICY)
        record(store, "dispatch_scada", [failing], NOW, POLICY)
        retried = window_start(store, "dispatch_scada", NOW, POLICY)
        record(store, "dispatch_scada", [archive], NOW, POLICY)
        rows = store.fetch_rows(
            "select file_name, status, attempts from raw.crawl_state order by file_name"
        )

    assert retried == datetime(2024, 8, 5, 10, 5)
    assert rows == [
        (archive.file.name, "loaded", 1),
        (failing.file.name, "superseded", 2),
    ]
