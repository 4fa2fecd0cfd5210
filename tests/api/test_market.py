"""`/v4/market/network/{network}`: the 21 v4 market metrics from fct_market_summary v2 (5m, 1h)
and its daily and monthly rollups (1d and coarser), per region and summed to the network."""

import json
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from api.metrics import MARKET
from tests.api.series_rows import market_5m

Client = Callable[[dict[str, Any]], TestClient]
T0 = datetime(2024, 7, 1)
METRICS = list(MARKET.metrics)

# Every metric of each region, constant over its 5-minute rows; the energies are not MW / 12,
# so reading a wrong column shows. Proportions are the rows' own gross-demand shares.
SA1 = {
    "price": 100.0,
    "demand": 1000.0,
    "demand_energy": 81.0,
    "demand_gross": 1500.0,
    "demand_gross_energy": 121.0,
    "generation_renewable": 1200.0,
    "generation_renewable_energy": 97.0,
    "generation_renewable_with_storage": 1350.0,
    "generation_renewable_with_storage_energy": 109.0,
    "renewable_proportion": 80.0,
    "renewable_with_storage_proportion": 90.0,
    "curtailment": 30.0,
    "curtailment_energy": 2.5,
    "curtailment_solar_utility": 20.0,
    "curtailment_solar_utility_energy": 1.5,
    "curtailment_wind": 10.0,
    "curtailment_wind_energy": 1.0,
    "flow_imports": 200.0,
    "flow_exports": 50.0,
    "flow_imports_energy": 16.0,
    "flow_exports_energy": 4.0,
}
NSW1 = {
    "price": 40.0,
    "demand": 3000.0,
    "demand_energy": 249.0,
    "demand_gross": 3500.0,
    "demand_gross_energy": 291.0,
    "generation_renewable": 700.0,
    "generation_renewable_energy": 59.0,
    "generation_renewable_with_storage": 1050.0,
    "generation_renewable_with_storage_energy": 88.0,
    "renewable_proportion": 20.0,
    "renewable_with_storage_proportion": 30.0,
    "curtailment": 0.0,
    "curtailment_energy": 0.0,
    "curtailment_solar_utility": 0.0,
    "curtailment_solar_utility_energy": 0.0,
    "curtailment_wind": 0.0,
    "curtailment_wind_energy": 0.0,
    "flow_imports": 50.0,
    "flow_exports": 200.0,
    "flow_imports_energy": 4.0,
    "flow_exports_energy": 16.0,
}


def _five_minute(region: str, values: dict[str, float]) -> list[dict[str, object]]:
    return market_5m(T0, 12, region, **values)


def _rollup(grain: str, day: date, region: str, count: int, **values: float) -> dict[str, object]:
    return {
        f"interval_{grain}": day,
        "network_id": "NEM",
        "network_region": region,
        "interval_count": count,
        **values,
    }


@pytest.fixture
def client(make_client: Client) -> TestClient:
    daily = [
        _rollup("day", date(2024, 6, 24), "SA1", 288, demand=1000.0, price=10.0),
        _rollup("day", date(2024, 6, 25), "SA1", 144, demand=2500.0, price=40.0),
        _rollup(
            "day",
            date(2024, 6, 29),
            "SA1",
            288,
            price=90.0,
            demand=900.0,
            demand_energy=21600.0,
            demand_gross_energy=24000.0,
            generation_renewable_energy=12000.0,
            generation_renewable_with_storage_energy=15000.0,
        ),
        _rollup(
            "day",
            date(2024, 6, 29),
            "NSW1",
            288,
            price=30.0,
            demand=2700.0,
            demand_energy=64800.0,
            demand_gross_energy=80000.0,
            generation_renewable_energy=8000.0,
            generation_renewable_with_storage_energy=12000.0,
        ),
    ]
    monthly = [_rollup("month", date(2024, 6, 1), "SA1", 8640, price=95.0, demand_energy=500000.0)]
    return make_client(
        {
            "fct_market_summary_v2": _five_minute("SA1", SA1) + _five_minute("NSW1", NSW1),
            "fct_market_summary_daily_v1": daily,
            "fct_market_summary_monthly_v1": monthly,
        }
    )


def _values(client: TestClient, **params: Any) -> dict[str, dict[str, list[Any]]]:
    """metric -> series name -> the values of its data points."""
    response = client.get("/v4/market/network/NEM", params=params)
    assert response.status_code == 200, response.text
    return {
        item["metric"]: {r["name"]: [point[1] for point in r["data"]] for r in item["results"]}
        for item in response.json()["data"]
    }


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


def test_serves_all_21_v4_market_metrics() -> None:
    assert len(METRICS) == 21
    assert set(METRICS) == set(SA1)


def test_every_metric_of_a_region_at_5m_is_its_mart_value(client: TestClient) -> None:
    values = _values(
        client,
        metrics=METRICS,
        interval="5m",
        primary_grouping="network_region",
        date_start="2024-07-01T00:00:00",
    )
    for metric, expected in SA1.items():
        assert values[metric][f"{metric}_SA1"] == [pytest.approx(expected)] * 12, metric
    for metric, expected in NSW1.items():
        assert values[metric][f"{metric}_NSW1"] == [pytest.approx(expected)] * 12, metric


def _network_expected(intervals: int) -> dict[str, float]:
    """The network's value of each metric over a bucket of `intervals` 5-minute intervals."""
    expected = {}
    for metric in METRICS:
        total = SA1[metric] + NSW1[metric]
        expected[metric] = total * intervals if metric.endswith("_energy") else total
    expected["price"] = (SA1["price"] + NSW1["price"]) / 2  # 70, not demand-weighted 55
    # from the summed MW, not the mean of 80 % and 20 % (50 %)
    expected["renewable_proportion"] = 1900 / 5000 * 100
    expected["renewable_with_storage_proportion"] = 2400 / 5000 * 100
    return expected


@pytest.mark.parametrize(("interval", "intervals", "points"), [("5m", 1, 12), ("1h", 12, 1)])
def test_network_sums_regions_price_is_their_mean_proportions_from_sums(
    client: TestClient, interval: str, intervals: int, points: int
) -> None:
    values = _values(client, metrics=METRICS, interval=interval, date_start="2024-07-01")
    for metric, expected in _network_expected(intervals).items():
        assert values[metric][f"{metric}_total"] == [pytest.approx(expected)] * points, metric


def test_daily_interval_reads_the_daily_rollup(client: TestClient) -> None:
    metrics = ["price", "demand", "demand_energy", "renewable_proportion"]
    metrics += ["renewable_with_storage_proportion"]
    params = {"metrics": metrics, "interval": "1d", "date_start": "2024-06-29"}
    values = _values(client, **params, date_end="2024-06-30")
    assert values["price"]["price_total"] == [60.0]
    assert values["demand"]["demand_total"] == [3600.0]
    assert values["demand_energy"]["demand_energy_total"] == [86400.0]
    # 20000 / 104000 MWh, not the mean of the regions' 50 % and 10 %
    assert values["renewable_proportion"]["renewable_proportion_total"] == [
        pytest.approx(20000 / 104000 * 100)
    ]
    assert values["renewable_with_storage_proportion"][
        "renewable_with_storage_proportion_total"
    ] == [pytest.approx(27000 / 104000 * 100)]
    by_region = _values(client, **params, date_end="2024-06-30", primary_grouping="network_region")
    assert by_region["renewable_proportion"]["renewable_proportion_SA1"] == [50.0]


def test_week_weighs_each_day_by_its_intervals(client: TestClient) -> None:
    values = _values(
        client,
        metrics=["demand", "price"],
        interval="7d",
        primary_grouping="network_region",
        network_region="SA1",
        date_start="2024-06-24",
        date_end="2024-06-29",
    )
    # (1000 x 288 + 2500 x 144) / 432, not the mean of the two days (1750)
    assert values["demand"]["demand_SA1"] == [1500.0]
    assert values["price"]["price_SA1"] == [20.0]


def test_month_reads_the_monthly_rollup(client: TestClient) -> None:
    values = _values(
        client,
        metrics=["price", "demand_energy"],
        interval="1M",
        primary_grouping="network_region",
        network_region="SA1",
        date_start="2024-06-01",
        date_end="2024-07-01",
    )
    assert values["price"]["price_SA1"] == [95.0]
    assert values["demand_energy"]["demand_energy_SA1"] == [500000.0]


def test_proportion_is_bounded_and_null_without_gross_demand(make_client: Client) -> None:
    rows = market_5m(T0, 1, "SA1", 50.0, 1000.0, generation_renewable=1500.0)
    rows += market_5m(T0, 1, "NSW1", 50.0, 0.0, generation_renewable=10.0)
    client = make_client({"fct_market_summary_v2": rows})
    values = _values(
        client,
        metrics=["renewable_proportion"],
        interval="5m",
        primary_grouping="network_region",
        date_start="2024-07-01T00:00:00",
    )
    assert values["renewable_proportion"] == {
        "renewable_proportion_SA1": [100.0],
        "renewable_proportion_NSW1": [None],
    }


def test_market_rejects_secondary_grouping(client: TestClient) -> None:
    response = client.get(
        "/v4/market/network/NEM", params={"metrics": "price", "secondary_grouping": "fueltech"}
    )
    assert response.status_code == 400
    assert "secondary_grouping" in response.json()["error"]
