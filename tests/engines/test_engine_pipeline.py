"""The NEM pipeline of tests/e2e/test_pipeline.py on PostgreSQL and on ClickHouse (chDB): simulated
NEMWEB on loopback -> the real crawler -> the engine's raw store -> registry -> `dbt build` ->
the API reading the engine's marts, answers checked against what the simulator wrote. A smaller
simulation (11 units, the first battery among them; both days in the daily Archive zips, the
next-day state of charge in Current) keeps the run short; the WEM, BOM and APVI loads on these
engines are in test_engine_records.py."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from api.app import create_app, reader_for
from api.reader import MartReader
from flows.downstream import build
from ingest.http import HttpClient
from ingest.sources.registration import load_registration_list
from ingest.stores import open_store
from opennem.warehouse import WarehouseUrl
from simulator import Simulation, serve, simulate
from simulator.layouts import TABLES
from simulator.registry import REGISTRY_PATH
from tests.engines.conftest import empty_chdb, postgres_database
from tests.support.pipeline_checks import (
    FIRST_DAY,
    FLOWS_SQL,
    LAST_DAY,
    NEM_CRAWLS,
    NEXT_DAY_CRAWLS,
    REGION_FLOWS_SQL,
    UNIT_ENERGY_SQL,
    battery_storage,
    coal_unit_energy,
    crawl_all,
    first_hours_ends,
    label,
    last_day_ends,
    nsw1_market_5m,
    series,
    simulated_flows,
    simulated_region_flows,
    storage_5m,
)

pytestmark = pytest.mark.e2e

CURRENT_FOLDERS = ("Dispatch_SCADA", "DispatchIS_Reports", "TradingIS_Reports", "ROOFTOP_PV/ACTUAL")


@dataclass
class EnginePipeline:
    simulation: Simulation
    warehouse: WarehouseUrl
    reader: MartReader
    base_url: str
    api: TestClient


def load_registry(warehouse: WarehouseUrl, base_url: str) -> None:
    url = f"{base_url}/{REGISTRY_PATH.as_posix()}"
    with open_store(warehouse) as store, HttpClient(base_url) as client:
        load_registration_list(store, url, data=client.get(url))


@pytest.fixture(scope="module")
def simulation(tmp_path_factory: pytest.TempPathFactory) -> Simulation:
    root = tmp_path_factory.mktemp("engines-e2e") / "nemweb"
    # Both days in the daily Archive zips (a handful of files, so the run stays short); the
    # Current folders are there, empty, as they are between AEMO's publications and its crawl.
    archived = LAST_DAY + timedelta(days=1)
    simulation = simulate(
        root,
        FIRST_DAY,
        LAST_DAY,
        units=11,
        archive_days_before=archived,
        tables=(*TABLES, "DISPATCHLOAD"),
    )
    for folder in CURRENT_FOLDERS:
        (root / "Reports" / "Current" / folder).mkdir(parents=True, exist_ok=True)
    return simulation


@pytest.fixture(scope="module", params=["postgres", "clickhouse"])
def pipeline(
    request: pytest.FixtureRequest, simulation: Simulation, chdb_folder: Path
) -> Iterator[EnginePipeline]:
    with (
        postgres_database() if request.param == "postgres" else empty_chdb(chdb_folder)
    ) as warehouse:
        reader = reader_for(warehouse)
        with serve(simulation.root) as base_url:
            crawl_all(warehouse, base_url, NEM_CRAWLS + NEXT_DAY_CRAWLS)
            load_registry(warehouse, base_url)
            build(warehouse=warehouse)
            yield EnginePipeline(
                simulation, warehouse, reader, base_url, TestClient(create_app(reader))
            )


def test_every_crawled_file_is_loaded_once(pipeline: EnginePipeline) -> None:
    statuses = pipeline.reader.query("select status, count(*) from raw.load_ledger group by 1")
    assert {status for status, _ in statuses} == {"loaded"}
    (scada_rows,) = pipeline.reader.query("select count(*) from raw.dispatch_unit_scada")[0]
    assert scada_rows == len(pipeline.simulation.units) * 2 * 288


def test_reloading_changes_nothing(pipeline: EnginePipeline) -> None:
    before = pipeline.reader.query("select count(*) from raw.dispatch_unit_scada")

    again = crawl_all(pipeline.warehouse, pipeline.base_url, NEM_CRAWLS)

    assert set(again.values()) == {0}
    assert pipeline.reader.query("select count(*) from raw.dispatch_unit_scada") == before


def test_unit_energy_is_the_trapezoid_of_simulated_scada(pipeline: EnginePipeline) -> None:
    params, expected = coal_unit_energy(pipeline.simulation)

    rows = pipeline.reader.query(UNIT_ENERGY_SQL, params)

    assert rows == [(pytest.approx(expected, abs=1e-3),)]


def test_api_prices_are_what_aemo_published(pipeline: EnginePipeline) -> None:
    price = nsw1_market_5m(pipeline.api)["price"]
    truth = pipeline.simulation.rrp["NSW1"]
    ends = last_day_ends(truth)
    assert [price[label(end)] for end in ends] == [pytest.approx(truth[end]) for end in ends]


@pytest.mark.parametrize("interval", ["30m", "1d", "1M", "season"])
def test_api_rollups_reconcile_with_five_minute_energy(
    pipeline: EnginePipeline, interval: str
) -> None:
    common = {
        "metrics": "energy",
        "secondary_grouping": "fueltech",
        "network_region": "NSW1",
        "primary_grouping": "network_region",
        "date_start": "2024-08-01T00:00:00",
        "date_end": "2024-08-03T00:00:00",
    }
    rolled = pipeline.api.get("/v4/data/network/NEM", params={**common, "interval": interval})
    assert rolled.status_code == 200, rolled.text
    five = series(
        pipeline.api.get("/v4/data/network/NEM", params={**common, "interval": "5m"}).json()
    )

    totals = series(rolled.json())
    assert totals.keys() == five.keys() and totals
    for name, points in totals.items():
        assert sum(v or 0 for v in points.values()) == pytest.approx(
            sum(v or 0 for v in five[name].values())
        )


def test_api_facilities_list_the_simulated_units(pipeline: EnginePipeline) -> None:
    response = pipeline.api.get("/v4/facilities/")
    assert response.status_code == 200, response.text
    units = {unit["code"] for f in response.json()["data"] for unit in f["units"]}
    assert {unit.duid for unit in pipeline.simulation.units} <= units


def test_api_storage_status_and_au_on_the_engine(pipeline: EnginePipeline) -> None:
    served = storage_5m(pipeline.api)
    ends = first_hours_ends()
    truth = battery_storage(pipeline.simulation, ends)
    assert [served[label(end)] for end in ends] == [pytest.approx(level) for level in truth]

    def energy(network: str, **params: str) -> dict[str, dict[str, float]]:
        common = {"metrics": "energy", "interval": "1d", "date_start": "2024-08-01"}
        response = pipeline.api.get(f"/v4/data/network/{network}", params={**common, **params})
        assert response.status_code == 200, response.text
        return series(response.json())

    by_status = energy("NEM", secondary_grouping="status", interval="1M")
    (total,) = energy("NEM", interval="1M")["energy_total"].values()
    assert list(by_status) == ["energy_operating"]
    assert sum(by_status["energy_operating"].values()) == pytest.approx(total)
    # AU without WEM data is the NEM (its WEM-shifted 5-minute SQL runs on the engine)
    assert storage_5m(pipeline.api, "AU") == served
    assert energy("AU") == energy("NEM")


def test_flows_are_the_simulated_interconnector_flows(pipeline: EnginePipeline) -> None:
    truth = simulated_flows(pipeline.simulation)

    rows = pipeline.reader.query(FLOWS_SQL)

    assert {(ic, start): (src, dst, mw) for ic, start, src, dst, mw in rows} == {
        key: (src, dst, pytest.approx(mw)) for key, (src, dst, mw) in truth.items()
    }


def test_region_imports_and_exports_are_the_simulated_ones(pipeline: EnginePipeline) -> None:
    truth = simulated_region_flows(pipeline.simulation)

    rows = pipeline.reader.query(REGION_FLOWS_SQL)

    assert {(region, start): (imports, exports) for region, start, imports, exports in rows} == {
        key: (pytest.approx(imports), pytest.approx(exports))
        for key, (imports, exports) in truth.items()
    }
