"""`/v4/networks`, `/v4/fueltechs`, `/v4/metrics`: the vocabularies, in the v4 envelope."""

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.intervals import INTERVALS
from api.metrics import MARKET, NETWORK_DATA_METRICS
from api.reader import DuckDBServingReader
from tests.api.series_rows import dim_fueltechs

Client = Callable[[dict[str, Any]], TestClient]


@pytest.fixture
def client(make_client: Client) -> TestClient:
    return make_client({"dim_fueltechs_v1": dim_fueltechs()})


def _data(client: TestClient, path: str) -> list[dict[str, Any]]:
    response = client.get(path)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["success"] is True
    assert body["total_records"] == len(body["data"])
    data: list[dict[str, Any]] = body["data"]
    return data


def test_networks_with_regions_clocks_and_intervals(client: TestClient) -> None:
    networks = {n["code"]: n for n in _data(client, "/v4/networks")}
    assert set(networks) == {"NEM", "WEM", "AU"}
    nem, wem, au = networks["NEM"], networks["WEM"], networks["AU"]
    assert [r["code"] for r in nem["regions"]] == ["NSW1", "QLD1", "SA1", "TAS1", "VIC1"]
    assert (nem["offset"], nem["timezone_offset"], nem["interval_size"]) == (600, "+10:00", 5)
    assert (wem["offset"], wem["timezone_offset"]) == (480, "+08:00")
    assert au["members"] == ["NEM", "WEM"]
    assert au["timezone_offset"] == "+10:00"
    assert {r["code"] for r in au["regions"]} == {"NSW1", "QLD1", "SA1", "TAS1", "VIC1", "WEM"}
    assert nem["intervals"] == list(INTERVALS)
    assert "30m" in nem["intervals"]


def test_fueltechs_from_the_dimension_match_the_public_codes(
    client: TestClient, fixtures_dir: Path
) -> None:
    fueltechs = {f["code"]: f for f in _data(client, "/v4/fueltechs")}
    assert fueltechs["coal_black"] == {
        "code": "coal_black",
        "label": "Coal (Black)",
        "renewable": False,
        "fueltech_group_id": "coal",
        "fueltech_group_label": "Coal",
        "color": fueltechs["coal_black"]["color"],
        "load": False,
    }
    assert fueltechs["coal_black"]["color"].startswith("#")
    assert fueltechs["battery_charging"]["load"] is True
    assert fueltechs["wind"]["renewable"] is True
    public = json.loads((fixtures_dir / "reference" / "fueltechs.json").read_text())
    for item in public:
        if item["code"] in fueltechs:
            assert fueltechs[item["code"]]["renewable"] == item["renewable"], item["code"]


def test_fueltechs_answer_503_without_marts(tmp_path: Path) -> None:
    client = TestClient(create_app(DuckDBServingReader(tmp_path / "absent.serving.duckdb")))
    response = client.get("/v4/fueltechs")
    assert response.status_code == 503
    assert response.json()["success"] is False
    assert client.get("/v4/networks").status_code == 200


def test_metrics_of_every_endpoint_with_unit_and_groupings(client: TestClient) -> None:
    metrics = {m["metric"]: m for m in _data(client, "/v4/metrics")}
    assert set(metrics) == {*NETWORK_DATA_METRICS, *MARKET.metrics}
    power = metrics["power"]
    assert (power["unit"], power["endpoint"]) == ("MW", "/v4/data/network/{network_code}")
    assert power["secondary_groupings"] == ["fueltech", "fueltech_group", "status", "renewable"]
    assert power["primary_groupings"] == ["network", "network_region"]
    price = metrics["price"]
    assert (price["unit"], price["endpoint"]) == ("$/MWh", "/v4/market/network/{network_code}")
    assert price["secondary_groupings"] == []
    assert metrics["renewable_proportion"]["unit"] == "%"
    assert all(m["description"] and m["intervals"] == list(INTERVALS) for m in metrics.values())


def test_every_listed_metric_is_served(client: TestClient) -> None:
    for metric in _data(client, "/v4/metrics"):
        path = metric["endpoint"].replace("{network_code}", "NEM")
        response = client.get(path, params={"metrics": metric["metric"], "interval": "30m"})
        assert response.status_code == 200, (metric["metric"], response.text)


@pytest.mark.parametrize("path", ["/v4/networks", "/v4/fueltechs", "/v4/metrics", "/metrics"])
def test_reference_endpoints_reject_unknown_parameters(client: TestClient, path: str) -> None:
    response = client.get(path, params={"network": "NEM"})
    assert response.status_code == 400
    assert response.json()["success"] is False
