"""`storage_battery`: batteries' state of charge (MWh), summed over units, mean over a bucket."""

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.api.series_rows import dim_unit, fueltech_5m, storage_5m, unit_daily

Client = Callable[[dict[str, Any]], TestClient]
T0 = datetime(2024, 7, 1)
BATTERIES = [
    dim_unit("BAT1", "SA1", "battery", "operating"),
    dim_unit("BAT2", "NSW1", "battery", "committed"),
]


def _items(client: TestClient, **params: Any) -> dict[str, dict[str, Any]]:
    response = client.get("/v4/data/network/NEM", params=params)
    assert response.status_code == 200, response.text
    return {item["metric"]: item for item in response.json()["data"]}


def _values(item: dict[str, Any]) -> dict[str, list[Any]]:
    return {r["name"]: [v for _, v in r["data"]] for r in item["results"]}


@pytest.fixture
def client(make_client: Client) -> TestClient:
    storage = storage_5m(T0, [100.0 + 10 * i for i in range(12)], "BAT1", "SA1")
    storage += storage_5m(T0, [50.0] * 6, "BAT2", "NSW1")  # the first half hour only
    return make_client(
        {
            "fct_battery_storage_5m_v1": storage,
            "fct_fueltech_intervals_5m_v1": fueltech_5m(T0, 24, "SA1", "wind", 60.0),
            "dim_units_v1": BATTERIES,
        }
    )


def test_storage_sums_batteries_per_interval(client: TestClient) -> None:
    item = _items(client, metrics="storage_battery", date_start="2024-07-01")["storage_battery"]
    assert (item["unit"], item["network_timezone_offset"]) == ("MWh", "+10:00")
    values = _values(item)["storage_battery_total"]
    assert values[:2] == [150.0, 160.0]
    assert values[6] == 160.0  # BAT2 has no state of charge there: BAT1 alone, never 0 for it


def test_storage_hourly_is_the_mean_of_the_sums(client: TestClient) -> None:
    items = _items(
        client,
        metrics=["power", "storage_battery"],
        interval="1h",
        date_start="2024-07-01",
        primary_grouping="network_region",
    )
    assert list(items) == ["power", "storage_battery"]
    storage = _values(items["storage_battery"])
    # BAT1: mean of 100..210; BAT2: 50 over its half hour. Power runs to 02:00, storage to 01:00.
    assert storage == {"storage_battery_SA1": [155.0, None], "storage_battery_NSW1": [50.0, None]}
    assert _values(items["power"]) == {"power_SA1": [60.0, 60.0]}


def test_storage_groups_by_fueltech_and_status(client: TestClient) -> None:
    by_fueltech = _items(
        client, metrics="storage_battery", interval="1h", secondary_grouping="fueltech"
    )
    assert [r["columns"] for r in by_fueltech["storage_battery"]["results"]] == [
        {"fueltech": "battery"}
    ]
    by_status = _items(
        client, metrics="storage_battery", interval="1h", secondary_grouping="status"
    )
    assert _values(by_status["storage_battery"]) == {
        "storage_battery_committed": [50.0],
        "storage_battery_operating": [155.0],
    }


def test_storage_daily_and_monthly_from_the_unit_rollup(make_client: Client) -> None:
    days = [date(2024, 7, 1), date(2024, 7, 2)]
    rows = [
        unit_daily(days[0], "BAT1", "SA1", "battery_discharging", 10.0, storage=80.0),
        unit_daily(days[1], "BAT1", "SA1", "battery_discharging", 10.0, storage=100.0),
        unit_daily(days[0], "BAT1", "SA1", "battery_charging", -12.0),
        unit_daily(days[0], "BAT2", "NSW1", "battery_discharging", 5.0, storage=40.0),
    ]
    client = make_client(
        {
            "fct_unit_intervals_daily_v1": rows,
            "fct_battery_storage_5m_v1": storage_5m(
                datetime(2024, 7, 2, 23, 55), [1.0], "BAT1", "SA1"
            ),
            "dim_units_v1": BATTERIES,
        }
    )
    daily = _items(client, metrics="storage_battery", interval="1d", date_start="2024-07-01")
    assert _values(daily["storage_battery"]) == {"storage_battery_total": [120.0, 100.0]}
    monthly = _items(client, metrics="storage_battery", interval="1M", date_start="2024-07-01")
    # as for power, a part (region, fueltech, status) counts with its mean over the days it
    # reported: SA1 (80 + 100) / 2 + NSW1 40, not as if NSW1 had stored nothing on 2 July
    assert _values(monthly["storage_battery"]) == {"storage_battery_total": [130.0]}


def test_storage_is_not_a_market_metric(client: TestClient) -> None:
    response = client.get("/v4/market/network/NEM", params={"metrics": "storage_battery"})
    assert response.status_code == 400
    assert "metrics" in response.json()["error"]
