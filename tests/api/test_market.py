"""`/v4/market/network/{network}`: price, demand and demand energy from fct_market_summary."""

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.api.series_rows import market_5m

Client = Callable[[dict[str, Any]], TestClient]
T0 = datetime(2024, 7, 1)


@pytest.fixture
def client(make_client: Client) -> TestClient:
    rows = market_5m(T0, 12, "SA1", 100.0, 1000.0) + market_5m(T0, 12, "NSW1", 40.0, 3000.0)
    return make_client({"fct_market_summary_v1": rows})


def test_price_shape_matches_real_v4_response(fixtures_dir: Path, client: TestClient) -> None:
    real = json.loads((fixtures_dir / "api/v4/OPENNEM_price_AU-SA.json").read_text())
    body = client.get(
        "/v4/market/network/NEM",
        params={"metrics": "price", "primary_grouping": "network_region", "network_region": "SA1"},
    ).json()
    assert body.keys() == real.keys()
    item, real_item = body["data"][0], real["data"][0]
    assert item.keys() == real_item.keys()
    assert (item["metric"], item["unit"], item["groupings"]) == ("price", "$/MWh", [])
    result = item["results"][0]
    assert result.keys() == real_item["results"][0].keys()
    assert (result["name"], result["columns"]) == ("price_SA1", {"region": "SA1"})
    assert result["data"][0] == ["2024-07-01T00:00:00+10:00", 100.0]
    assert len(result["data"]) == 12


def test_network_price_is_demand_weighted_and_demand_energy_sums(client: TestClient) -> None:
    body = client.get(
        "/market/network/NEM",
        params={
            "metrics": ["price", "demand", "demand_energy"],
            "interval": "1h",
            "date_start": "2024-07-01",
        },
    ).json()
    values = {i["metric"]: i["results"][0]["data"] for i in body["data"]}
    assert values["price"] == [["2024-07-01T00:00:00+10:00", 55.0]]  # (100*1000+40*3000)/4000
    assert values["demand"][0][1] == 4000.0
    assert values["demand_energy"][0][1] == pytest.approx(4000.0)
    assert {i["unit"] for i in body["data"]} == {"$/MWh", "MW", "MWh"}


def test_market_rejects_secondary_grouping(client: TestClient) -> None:
    response = client.get(
        "/v4/market/network/NEM", params={"metrics": "price", "secondary_grouping": "fueltech"}
    )
    assert response.status_code == 400
    assert "secondary_grouping" in response.json()["error"]
