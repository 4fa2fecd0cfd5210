"""`secondary_grouping=status`: unit rows by dim_units' status, rooftop PV as operating."""

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
from starlette.datastructures import QueryParams
from starlette.testclient import TestClient

from api.errors import ApiError
from api.metrics import (
    GENERATION,
    GENERATION_BY_STATUS,
    NETWORK_DATA,
    NETWORK_DATA_METRICS,
    STORAGE,
)
from api.params import parse_series_request
from api.series import plan
from tests.api.series_rows import dim_unit, fueltech_5m, unit_5m, unit_daily

Client = Callable[[dict[str, Any]], TestClient]
T0 = datetime(2024, 7, 1)
UNITS = [
    dim_unit("WIND1", "SA1", "wind", "operating"),
    dim_unit("WIND2", "SA1", "wind", "operating"),
    dim_unit("COAL1", "NSW1", "coal_black", "retired"),
    dim_unit("COAL2", "NSW1", "coal_black", "operating"),
]


def _series(client: TestClient, metric: str = "power", **params: Any) -> dict[str, Any]:
    params = {"metrics": metric, "secondary_grouping": "status", **params}
    response = client.get("/v4/data/network/NEM", params=params)
    assert response.status_code == 200, response.text
    (item,) = response.json()["data"]
    assert item["groupings"] == [params.get("primary_grouping", "network"), "status"]
    return {r["name"]: (r["columns"], [v for _, v in r["data"]]) for r in item["results"]}


@pytest.fixture
def five_minute(make_client: Client) -> TestClient:
    units = unit_5m(T0, 12, "WIND1", "SA1", "wind", 100.0)
    units += unit_5m(T0, 12, "WIND2", "SA1", "wind", 20.0)
    units += unit_5m(T0, 12, "COAL1", "NSW1", "coal_black", 50.0)
    units += unit_5m(T0, 12, "COAL2", "NSW1", "coal_black", 30.0)
    fueltechs = fueltech_5m(T0, 12, "SA1", "wind", 120.0)
    fueltechs += fueltech_5m(T0, 12, "NSW1", "coal_black", 80.0)
    fueltechs += fueltech_5m(T0, 12, "SA1", "solar_rooftop", 12.0, group="solar", renewable=True)
    return make_client(
        {
            "fct_unit_intervals_v1": units,
            "fct_fueltech_intervals_5m_v1": fueltechs,
            "dim_units_v1": UNITS,
        }
    )


def test_status_sums_units_and_counts_rooftop_as_operating(five_minute: TestClient) -> None:
    hourly = _series(five_minute, interval="1h", date_start="2024-07-01")
    assert hourly == {
        "power_operating": ({"status": "operating"}, [162.0]),  # 100 + 20 + 30 + rooftop 12
        "power_retired": ({"status": "retired"}, [50.0]),
    }
    energy = _series(five_minute, "energy", interval="1h", date_start="2024-07-01")
    assert energy["energy_operating"][1] == [pytest.approx(162.0)]
    # the statuses add up to the network total the fueltech marts give
    total = five_minute.get(
        "/v4/data/network/NEM",
        params={"metrics": "power", "interval": "1h", "date_start": "2024-07-01"},
    ).json()["data"][0]["results"][0]["data"]
    assert total == [["2024-07-01T00:00:00+10:00", 212.0]]


def test_status_with_region_and_filters(five_minute: TestClient) -> None:
    by_region = _series(five_minute, interval="5m", primary_grouping="network_region")
    assert by_region["power_NSW1|retired"] == ({"region": "NSW1", "status": "retired"}, [50.0] * 12)
    assert by_region["power_SA1|operating"][1][0] == 132.0
    coal = _series(five_minute, interval="1h", date_start="2024-07-01", fueltech="coal_black")
    assert {name: values for name, (_, values) in coal.items()} == {
        "power_operating": [30.0],
        "power_retired": [50.0],
    }


def test_status_daily_reads_the_unit_rollup(make_client: Client) -> None:
    days = [date(2024, 7, 1), date(2024, 7, 2)]
    rows = [unit_daily(d, "WIND1", "SA1", "wind", 2400.0) for d in days]
    # half a day of a second wind unit: the fueltech covered the whole day (its fullest unit)
    rows += [unit_daily(days[0], "WIND2", "SA1", "wind", 1200.0, intervals=144)]
    rows += [unit_daily(d, "COAL1", "NSW1", "coal_black", 720.0) for d in days]
    client = make_client(
        {
            "fct_unit_intervals_daily_v1": rows,
            "fct_unit_intervals_v1": unit_5m(
                datetime(2024, 7, 2, 23, 55), 1, "WIND1", "SA1", "wind", 1.0
            ),
            "dim_units_v1": UNITS,
        }
    )
    power = _series(client, interval="1d", date_start="2024-07-01")
    assert power["power_operating"][1] == [150.0, 100.0]  # (2400 + 1200) / 24 h, 2400 / 24 h
    assert power["power_retired"][1] == [30.0, 30.0]
    monthly = _series(client, "energy", interval="1M", date_start="2024-07-01")
    assert monthly["energy_operating"][1] == [6000.0]


def test_each_metric_reads_the_first_dataset_that_can_group_it() -> None:
    params = QueryParams("metrics=power&metrics=storage_battery&secondary_grouping=status")
    request = parse_series_request("NEM", params, NETWORK_DATA_METRICS, with_fueltechs=True)
    assert plan(NETWORK_DATA, request) == [
        (GENERATION_BY_STATUS, ("power",)),
        (STORAGE, ("storage_battery",)),
    ]
    by_fueltech = parse_series_request(
        "NEM",
        QueryParams("metrics=power&secondary_grouping=fueltech"),
        ["power"],
        with_fueltechs=True,
    )
    assert plan(NETWORK_DATA, by_fueltech) == [(GENERATION, ("power",))]
    with pytest.raises(ApiError, match="'power' cannot be grouped by \\['status'\\]"):
        plan([GENERATION], request)
