"""`/v4/facilities/` on PostgreSQL and ClickHouse (chDB): the real registration list and one real
SCADA file (2021-09-02 12:55) built into dim_units, dim_facilities and the daily unit rollup,
read through the API's engine reader."""

from pathlib import Path

from starlette.testclient import TestClient

from api.app import create_app, reader_for
from flows.downstream import run_transform
from ingest.loader import load_file
from ingest.sources.registration import load_registration_list
from ingest.stores import open_store
from opennem.warehouse import WarehouseUrl
from tests.ingest.sources.test_registration_build import SCADA
from tests.transform.conftest import NO_LOOKBACK, REGISTRY

SELECTION = ["--select", "+dim_facilities", "+fct_unit_intervals_daily"]


def test_facilities_on_the_engine(fixtures_dir: Path, engine_warehouse: WarehouseUrl) -> None:
    with open_store(engine_warehouse) as store:
        load_registration_list(store, fixtures_dir / REGISTRY)
        assert load_file(store, fixtures_dir / SCADA).status == "loaded"
    run_transform(["build", *SELECTION, *NO_LOOKBACK], engine_warehouse)
    client = TestClient(create_app(reader_for(engine_warehouse)))

    response = client.get("/v4/facilities/", params={"facility_code": "BAYSW,ERARING"})

    assert response.status_code == 200, response.text
    facilities = {f["code"]: f for f in response.json()["data"]}
    assert sorted(facilities) == ["BAYSW", "ERARING"]
    eraring = facilities["ERARING"]
    assert (eraring["name"], eraring["network_region"]) == ("Eraring", "NSW1")
    assert round(eraring["location"]["lat"], 2) == -33.06
    bw01 = next(u for u in facilities["BAYSW"]["units"] if u["code"] == "BW01")
    assert bw01["data_first_seen"] == bw01["data_last_seen"] == "2021-09-02T12:50:00+10:00"
    assert (bw01["fueltech_id"], bw01["capacity_registered"]) == ("coal_black", 660.0)
    bad = client.get("/v4/facilities/", params={"status_id": "closed"})
    assert bad.status_code == 400
