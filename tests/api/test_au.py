"""Network AU = NEM + WEM, labelled in AEST (+10:00) as the public API does: WEM 5-minute rows
(naive AWST) move 2 hours later; daily and monthly rollups add each grid's local day."""

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from starlette.testclient import TestClient

from tests.api.series_rows import fueltech_5m, fueltech_rollup, market_5m

Client = Callable[[dict[str, Any]], TestClient]
T0 = datetime(2024, 7, 1)  # 00:00 AEST
T0_AWST = T0 - timedelta(hours=2)  # the same instant in AWST


def _get(client: TestClient, path: str = "/v4/data/network/AU", **params: Any) -> dict[str, Any]:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _series(body: dict[str, Any]) -> dict[str, list[list[Any]]]:
    return {r["name"]: r["data"] for r in body["data"][0]["results"]}


def test_au_adds_wem_at_the_same_instant(make_client: Client) -> None:
    rows = fueltech_5m(T0, 24, "SA1", "wind", 100.0)
    rows += fueltech_5m(T0_AWST, 24, "WEM", "wind", 10.0, network="WEM")
    client = make_client({"fct_fueltech_intervals_5m_v1": rows})
    body = _get(client, metrics="power", date_start="2024-07-01T00:00:00")
    item = body["data"][0]
    assert (item["network_code"], item["network_timezone_offset"]) == ("AU", "+10:00")
    total = _series(body)["power_total"]
    assert total[0] == ["2024-07-01T00:00:00+10:00", 110.0]
    assert {value for _, value in total} == {110.0}
    hourly = _get(client, metrics="power", interval="1h", primary_grouping="network_region")
    assert _series(hourly) == {
        "power_SA1": [["2024-07-01T00:00:00+10:00", 100.0], ["2024-07-01T01:00:00+10:00", 100.0]],
        "power_WEM": [["2024-07-01T00:00:00+10:00", 10.0], ["2024-07-01T01:00:00+10:00", 10.0]],
    }
    only_wem = _get(client, metrics="power", interval="1h", network_region="wem")
    assert [v for _, v in _series(only_wem)["power_total"]] == [10.0, 10.0]


def test_au_is_served_up_to_where_both_grids_are_complete(make_client: Client) -> None:
    rows = fueltech_5m(T0, 24, "SA1", "wind", 100.0)
    rows += fueltech_5m(T0_AWST, 12, "WEM", "wind", 10.0, network="WEM")  # an hour behind
    client = make_client({"fct_fueltech_intervals_5m_v1": rows})
    body = _get(client, metrics="power", interval="1h", date_start="2024-07-01")
    assert _series(body) == {"power_total": [["2024-07-01T00:00:00+10:00", 110.0]]}
    nem = _get(client, "/v4/data/network/NEM", metrics="power", interval="1h")
    assert len(_series(nem)["power_total"]) == 2


def test_au_daily_adds_each_grids_local_day(make_client: Client) -> None:
    daily = [
        fueltech_rollup(date(2024, 7, 1), "SA1", "wind", 2400.0),
        fueltech_rollup(date(2024, 7, 1), "WEM", "wind", 240.0, network="WEM"),
    ]
    latest = fueltech_5m(datetime(2024, 7, 1, 23, 55), 1, "SA1", "wind", 1.0)
    latest += fueltech_5m(datetime(2024, 7, 1, 23, 55), 1, "WEM", "wind", 1.0, network="WEM")
    client = make_client(
        {"fct_fueltech_intervals_daily_v1": daily, "fct_fueltech_intervals_5m_v1": latest}
    )
    body = _get(client, metrics="energy", interval="1d", date_start="2024-07-01")
    assert _series(body) == {"energy_total": [["2024-07-01T00:00:00+10:00", 2640.0]]}


def test_au_market_demand_sums_both_grids(make_client: Client) -> None:
    rows = market_5m(T0, 12, "SA1", 100.0, 1000.0)
    rows += market_5m(T0_AWST, 12, "WEM", 80.0, 200.0, network="WEM")
    client = make_client({"fct_market_summary_v2": rows})
    body = _get(
        client, "/v4/market/network/AU", metrics="demand", interval="1h", date_start="2024-07-01"
    )
    assert _series(body) == {"demand_total": [["2024-07-01T00:00:00+10:00", 1200.0]]}


def test_au_rejects_a_region_of_neither_grid(make_client: Client) -> None:
    client = make_client({"fct_fueltech_intervals_5m_v1": fueltech_5m(T0, 1, "SA1", "wind", 1.0)})
    response = client.get(
        "/v4/data/network/AU", params={"metrics": "power", "network_region": "XX1"}
    )
    assert response.status_code == 400
    assert "'NSW1', 'QLD1', 'SA1', 'TAS1', 'VIC1', 'WEM'" in response.json()["error"]
