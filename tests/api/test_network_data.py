"""`/v4/data/network/{network}`: shapes of the real v4 responses, buckets, gaps and ranges."""

import json
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.api.series_rows import dim_fueltechs, fueltech_5m, fueltech_rollup

Client = Callable[[dict[str, Any]], TestClient]
T0 = datetime(2024, 7, 1)
ISO_NEM = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+10:00$")


def _get(client: TestClient, path: str = "/v4/data/network/NEM", **params: Any) -> dict[str, Any]:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _series(body: dict[str, Any], metric: str = "power") -> dict[str, list[Any]]:
    item = next(i for i in body["data"] if i["metric"] == metric)
    return {r["name"]: [v for _, v in r["data"]] for r in item["results"]}


def test_shape_matches_real_v4_response(fixtures_dir: Path, make_client: Client) -> None:
    real = json.loads((fixtures_dir / "api/v4/OPENNEM_AU-WA.v4.json").read_text())
    client = make_client(
        {
            "fct_fueltech_intervals_5m_v1": fueltech_5m(T0, 24, "SA1", "wind", 100.0)
            + fueltech_5m(T0, 24, "SA1", "battery_charging", -10.0)
        }
    )
    body = _get(
        client,
        metrics="power",
        interval="5m",
        primary_grouping="network_region",
        secondary_grouping="fueltech",
        date_start="2024-07-01T00:00:00",
    )
    assert body.keys() == real.keys()
    item, real_item = body["data"][0], real["data"][0]
    assert item.keys() == real_item.keys()
    assert item["groupings"] == real_item["groupings"] == ["network_region", "fueltech"]
    assert (item["unit"], item["interval"], item["network_timezone_offset"]) == (
        "MW",
        "5m",
        "+10:00",
    )
    result, real_result = item["results"][0], real_item["results"][0]
    assert result.keys() == real_result.keys()
    assert result["columns"].keys() == real_result["columns"].keys() == {"region", "fueltech"}
    assert sorted(r["name"] for r in item["results"]) == [
        "power_SA1|battery_charging",
        "power_SA1|wind",
    ]
    assert all(ISO_NEM.match(ts) for ts, _ in result["data"])
    assert result["data"][0] == ["2024-07-01T00:00:00+10:00", -10.0]
    assert (result["date_start"], result["date_end"]) == (
        "2024-07-01T00:00:00+10:00",
        "2024-07-01T01:55:00+10:00",
    )


def test_gaps_are_nulls_on_the_five_minute_grid(make_client: Client) -> None:
    client = make_client(
        {"fct_fueltech_intervals_5m_v1": fueltech_5m(T0, 12, "SA1", "wind", 0.0, skip=(3, 4))}
    )
    values = _series(_get(client, metrics="power", date_start="2024-07-01T00:00:00"))["power_total"]
    assert values == [0.0, 0.0, 0.0, None, None, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]


def test_hourly_power_is_mean_energy_is_sum_and_incomplete_hour_is_not_served(
    make_client: Client,
) -> None:
    rows = fueltech_5m(T0, 12, "SA1", "wind", 120.0) + fueltech_5m(T0, 12, "VIC1", "wind", 60.0)
    rows += fueltech_5m(datetime(2024, 7, 1, 1), 6, "SA1", "wind", 999.0)  # half an hour
    client = make_client({"fct_fueltech_intervals_5m_v1": rows})
    body = _get(client, metrics=["power", "energy"], interval="1h", date_start="2024-07-01")
    assert _series(body, "power") == {"power_total": [180.0]}
    assert _series(body, "energy") == {"energy_total": [pytest.approx(180.0)]}
    assert body["data"][1]["unit"] == "MWh"


def test_filters_and_renewable_grouping(make_client: Client) -> None:
    rows = fueltech_5m(T0, 12, "SA1", "wind", 100.0, group="wind", renewable=True)
    rows += fueltech_5m(T0, 12, "SA1", "gas_ocgt", 30.0, group="gas")
    rows += fueltech_5m(T0, 12, "NSW1", "coal_black", 500.0, group="coal")
    client = make_client({"fct_fueltech_intervals_5m_v1": rows})
    body = _get(
        client,
        metrics="power",
        interval="1h",
        date_start="2024-07-01",
        secondary_grouping="renewable",
        network_region="sa1",
    )
    results = body["data"][0]["results"]
    assert {r["name"]: r["columns"] for r in results} == {
        "power_False": {"renewable": False},
        "power_True": {"renewable": True},
    }
    only_gas = _get(
        client, metrics="power", interval="1h", date_start="2024-07-01", fueltech_group="gas"
    )
    assert _series(only_gas) == {"power_total": [30.0]}
    two = _get(
        client,
        metrics="power",
        interval="1h",
        date_start="2024-07-01",
        fueltech=["wind", "coal_black"],
    )
    assert _series(two) == {"power_total": [600.0]}


def test_renewable_grouping_leaves_loads_out(make_client: Client) -> None:
    """Pumps and battery charging are loads, not generation: neither renewable nor not."""
    rows = fueltech_5m(T0, 12, "NSW1", "hydro", 400.0, group="hydro", renewable=True)
    rows += fueltech_5m(T0, 12, "NSW1", "wind", 300.0, group="wind", renewable=True)
    rows += fueltech_5m(T0, 12, "NSW1", "coal_black", 5000.0, group="coal")
    rows += fueltech_5m(T0, 12, "NSW1", "battery_discharging", 30.0, group="battery_discharging")
    rows += fueltech_5m(T0, 12, "NSW1", "pumps", -549.0, group="pumps")
    rows += fueltech_5m(T0, 12, "NSW1", "battery_charging", -20.0, group="battery_charging")
    client = make_client(
        {"fct_fueltech_intervals_5m_v1": rows, "dim_fueltechs_v1": dim_fueltechs()}
    )
    # non-renewable = coal + battery discharging only; energy of a 5m bucket is MW / 12
    for interval, hours in (("5m", 1 / 12), ("1h", 1.0)):
        grouped = _get(
            client,
            metrics=["power", "energy"],
            interval=interval,
            date_start="2024-07-01",
            secondary_grouping="renewable",
        )
        power = {name: values[0] for name, values in _series(grouped).items()}
        energy = {name: values[0] for name, values in _series(grouped, "energy").items()}
        assert power == {"power_False": 5030.0, "power_True": 700.0}
        assert energy == pytest.approx(
            {"energy_False": 5030.0 * hours, "energy_True": 700.0 * hours}
        )
    # totals and the fueltech grouping stay net of the loads, and serve them as their own series
    total = _get(client, metrics="power", interval="1h", date_start="2024-07-01")
    assert _series(total) == {"power_total": [5161.0]}
    by_group = _get(
        client,
        metrics="power",
        interval="1h",
        date_start="2024-07-01",
        secondary_grouping="fueltech_group",
    )
    assert _series(by_group)["power_pumps"] == [-549.0]
    assert _series(by_group)["power_battery_charging"] == [-20.0]


def test_date_with_offset_is_converted_to_network_time(make_client: Client) -> None:
    client = make_client({"fct_fueltech_intervals_5m_v1": fueltech_5m(T0, 12, "SA1", "wind", 1.0)})
    naive = _get(client, metrics="power", date_start="2024-07-01T00:30:00")
    utc = _get(client, metrics="power", date_start="2024-06-30T14:30:00Z")
    assert naive["data"] == utc["data"]
    assert naive["data"][0]["date_start"] == "2024-07-01T00:30:00+10:00"


def test_wem_is_labelled_in_awst(make_client: Client) -> None:
    rows = fueltech_5m(T0, 3, "WEM", "wind", 5.0, network="WEM")
    body = _get(
        make_client({"fct_fueltech_intervals_5m_v1": rows}), "/data/network/WEM", metrics="power"
    )
    item = body["data"][0]
    assert item["network_timezone_offset"] == "+08:00"
    assert item["results"][0]["data"][0] == ["2024-07-01T00:00:00+08:00", 5.0]


def test_daily_and_coarser_read_the_rollups(make_client: Client) -> None:
    daily = [fueltech_rollup(date(2024, 7, d), "SA1", "wind", 24.0 * d) for d in range(1, 4)]
    monthly = [
        fueltech_rollup(date(2024, m, 1), "SA1", "wind", 1000.0 * m, 8928) for m in range(5, 8)
    ]
    latest = fueltech_5m(datetime(2024, 7, 3, 23, 55), 1, "SA1", "wind", 1.0)
    client = make_client(
        {
            "fct_fueltech_intervals_daily_v1": daily,
            "fct_fueltech_intervals_monthly_v1": monthly,
            "fct_fueltech_intervals_5m_v1": latest,
        }
    )
    days = _get(client, metrics=["power", "energy"], interval="1d", date_start="2024-07-01")
    assert _series(days, "energy") == {"energy_total": [24.0, 48.0, 72.0]}
    assert _series(days, "power") == {"power_total": [1.0, 2.0, 3.0]}  # MWh / 24 h
    week = _get(client, metrics="energy", interval="7d", date_start="2024-07-01")
    assert _series(week, "energy") == {"energy_total": [144.0]}
    season = _get(client, metrics="emissions", interval="season", date_start="2024-03-01")
    assert _series(season, "emissions") == {
        "emissions_total": [2500.0, 6500.0]
    }  # MAM: May; JJA: Jun + Jul
    fy = _get(client, metrics="market_value", interval="fy", date_start="2023-07-01")
    assert _series(fy, "market_value") == {"market_value_total": [550000.0, 350000.0]}
    assert fy["data"][0]["results"][0]["data"][1][0] == "2024-07-01T00:00:00+10:00"


def test_incomplete_day_is_not_served(make_client: Client) -> None:
    daily = [fueltech_rollup(date(2024, 7, d), "SA1", "wind", 24.0) for d in (1, 2)]
    latest = fueltech_5m(datetime(2024, 7, 2, 12), 1, "SA1", "wind", 1.0)
    client = make_client(
        {"fct_fueltech_intervals_daily_v1": daily, "fct_fueltech_intervals_5m_v1": latest}
    )
    body = _get(client, metrics="energy", interval="1d", date_start="2024-07-01")
    assert body["data"][0]["date_end"] == "2024-07-01T00:00:00+10:00"
    assert _series(body, "energy") == {"energy_total": [24.0]}


def test_newest_interval_bounds_the_series(make_client: Client) -> None:
    client = make_client({"fct_fueltech_intervals_5m_v1": fueltech_5m(T0, 4, "SA1", "wind", 1.0)})
    body = _get(client, metrics="power", date_start="2024-07-01", date_end="2024-07-02")
    assert body["data"][0]["date_end"] == "2024-07-01T00:15:00+10:00"
    assert len(body["data"][0]["results"][0]["data"]) == 4
