"""`/v4/data/facilities/{network}`: one series per unit, every metric and interval, bad input."""

from datetime import date, datetime
from typing import Any

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.facility_data import FACILITY_DATA_METRICS, FACILITY_DATA_PARAMS
from api.intervals import INTERVALS, Source
from api.reader import DuckDBServingReader
from tests.api.conftest import write_marts
from tests.api.series_rows import dim_unit, storage_5m, unit_5m, unit_daily

T0 = datetime(2024, 7, 1)
COAL = 0.9  # t/MWh
UNITS = [
    dim_unit("BW01", "NSW1", "coal_black", "operating", facility="BAYSW"),
    dim_unit("BW02", "NSW1", "coal_black", "operating", facility="BAYSW"),
    dim_unit("HPR1", "SA1", "battery_discharging", "operating", facility="HPR"),
    dim_unit("ER01", "NSW1", "coal_black", "operating", facility="ERARING"),
    dim_unit("LD01", "NSW1", "coal_black", "retired", facility="LIDDELL"),
]


def _daily(
    day: date, unit: str, facility: str, energy: float, fueltech: str = "coal_black", **values: Any
) -> tuple:
    return unit_daily(day, unit, "NSW1", fueltech, energy, facility=facility, **values)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    """One serving file for the module: the requests only read it."""
    five = unit_5m(T0, 24, "BW01", "NSW1", "coal_black", 500.0, facility="BAYSW", factor=COAL)
    five += unit_5m(T0, 24, "BW02", "NSW1", "coal_black", 300.0, facility="BAYSW", skip=(3,))
    five += unit_5m(T0, 24, "HPR1", "SA1", "battery_discharging", 50.0, facility="HPR")
    five += unit_5m(T0, 24, "HPR1", "SA1", "battery_charging", -20.0, facility="HPR")
    five += unit_5m(T0, 24, "ER01", "NSW1", "coal_black", 700.0, facility="ERARING")
    # rows built before the registry renamed the facility keep the code they had
    five += unit_5m(T0, 24, "LD01", "NSW1", "coal_black", 9.0, facility="LIDDELL_POWER_STATION")
    daily = [
        _daily(date(2024, 6, 29), "BW01", "BAYSW", 12000.0),
        _daily(date(2024, 6, 30), "BW01", "BAYSW", 12000.0),
        _daily(date(2024, 7, 1), "BW01", "BAYSW", 1000.0, intervals=24),
        _daily(date(2024, 6, 30), "HPR1", "HPR", 600.0, "battery_discharging", storage=80.0),
        _daily(date(2024, 6, 30), "HPR1", "HPR", -240.0, "battery_charging"),
    ]
    levels = [100.0 + 10 * i for i in range(12)]
    path = write_marts(
        tmp_path_factory.mktemp("facility_data") / "w.serving.duckdb",
        {
            "fct_unit_intervals_v1": five,
            "fct_unit_intervals_daily_v1": daily,
            "fct_battery_storage_5m_v1": storage_5m(T0, levels, "HPR1", "SA1", facility="HPR"),
            "dim_units_v1": UNITS,
        },
    )
    return TestClient(create_app(DuckDBServingReader(path)))


def _get(client: TestClient, path: str = "/v4/data/facilities/NEM", **params: Any) -> Any:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _values(body: dict[str, Any]) -> dict[str, dict[str, list[Any]]]:
    """metric -> result name -> values."""
    return {
        item["metric"]: {r["name"]: [v for _, v in r["data"]] for r in item["results"]}
        for item in body["data"]
    }


def test_five_minute_power_per_unit_named_as_the_public_api(client: TestClient) -> None:
    body = _get(
        client,
        facility_code="BAYSW",
        metrics="power",
        date_start="2024-07-01T00:00:00",
        date_end="2024-07-01T00:30:00",
    )
    (item,) = body["data"]
    assert (item["network_code"], item["unit"], item["interval"]) == ("NEM", "MW", "5m")
    assert (item["groupings"], item["network_timezone_offset"]) == ([], "+10:00")
    assert [(r["name"], r["columns"]) for r in item["results"]] == [
        ("power_BW01", {"unit_code": "BW01"}),
        ("power_BW02", {"unit_code": "BW02"}),
    ]
    bw02 = item["results"][1]
    assert bw02["data"][0] == ["2024-07-01T00:00:00+10:00", 300.0]
    assert [v for _, v in bw02["data"]] == [300.0, 300.0, 300.0, None, 300.0, 300.0]  # gap: null


def test_hourly_power_is_the_mean_and_the_others_sums(client: TestClient) -> None:
    body = _get(
        client,
        facility_code="BAYSW",
        metrics=["power", "energy", "emissions", "market_value"],
        interval="1h",
        date_start="2024-07-01",
    )
    values = _values(body)
    assert list(values) == ["power", "energy", "emissions", "market_value"]
    assert values["power"] == {"power_BW01": [500.0, 500.0], "power_BW02": [300.0, 300.0]}
    assert values["energy"]["energy_BW01"] == pytest.approx([500.0, 500.0])
    assert values["energy"]["energy_BW02"] == pytest.approx(
        [275.0, 300.0]
    )  # 11 intervals in the first hour
    assert values["emissions"]["emissions_BW01"] == pytest.approx([450.0, 450.0])
    assert values["market_value"]["market_value_BW01"] == pytest.approx([25000.0, 25000.0])


def test_a_battery_is_its_net_power_and_its_state_of_charge(client: TestClient) -> None:
    body = _get(
        client,
        unit_code="HPR1",
        metrics=["power", "energy", "storage_battery"],
        interval="1h",
        date_start="2024-07-01",
    )
    values = _values(body)
    assert values["power"] == {"power_HPR1": [30.0, 30.0]}  # 50 discharging - 20 charging
    assert values["energy"]["energy_HPR1"] == pytest.approx([30.0, 30.0])
    assert values["storage_battery"] == {"storage_battery_HPR1": [155.0, None]}  # mean 100..210
    assert body["data"][2]["unit"] == "MWh"


def test_daily_reads_the_rollup(client: TestClient) -> None:
    body = _get(
        client,
        facility_code=["BAYSW", "HPR"],
        metrics=["energy", "power", "storage_battery"],
        interval="1d",
        date_start="2024-06-28",
        date_end="2024-07-01",
    )
    values = _values(body)
    assert values["energy"] == {
        "energy_BW01": [None, 12000.0, 12000.0],
        "energy_HPR1": [None, None, 360.0],  # the parts added up
    }
    assert values["power"]["power_BW01"] == [None, 500.0, 500.0]
    assert values["power"]["power_HPR1"] == [None, None, 15.0]  # 360 MWh x 12 / 288 intervals
    assert values["storage_battery"] == {"storage_battery_HPR1": [None, None, 80.0]}
    labels = [label for label, _ in body["data"][0]["results"][0]["data"]]
    assert labels[0] == "2024-06-28T00:00:00+10:00"


def test_monthly_sums_the_days(client: TestClient) -> None:
    body = _get(
        client, unit_code="BW01", metrics="energy,power", interval="1M", date_start="2024-06-01"
    )
    values = _values(body)
    assert values["energy"] == {"energy_BW01": [24000.0, 1000.0]}  # July to date
    assert values["power"] == {"power_BW01": [500.0, 500.0]}


@pytest.mark.parametrize("code", list(INTERVALS))
def test_every_interval_serves_the_same_energy(client: TestClient, code: str) -> None:
    """Every interval the API knows (the shared vocabulary) buckets the same energy."""
    five_minute = INTERVALS[code].source is Source.FIVE_MINUTE
    window = ("2024-07-01", "2024-07-01T02:00:00") if five_minute else ("2024-06-01", "2024-07-01")
    body = _get(
        client,
        unit_code="BW01",
        metrics="energy",
        interval=code,
        date_start=window[0],
        date_end=window[1],
    )
    (values,) = _values(body)["energy"].values()
    assert sum(v for v in values if v is not None) == pytest.approx(
        1000.0 if five_minute else 24000.0
    )


@pytest.mark.parametrize(
    ("params", "units"),
    [
        ({"unit_code": "BW02"}, ["BW02"]),
        ({"facility_code": "BAYSW", "unit_code": "BW02"}, ["BW02"]),
        ({"facility_code": "BAYSW,HPR"}, ["BW01", "BW02", "HPR1"]),
        ({"facility_code": ["BAYSW", "ERARING"]}, ["BW01", "BW02", "ER01"]),
        ({"facility_code": "LIDDELL"}, ["LD01"]),  # the facility dim_units has now
    ],
)
def test_facility_and_unit_filters(
    client: TestClient, params: dict[str, Any], units: list[str]
) -> None:
    body = _get(client, metrics="energy", interval="1h", date_start="2024-07-01", **params)
    assert [r["columns"]["unit_code"] for r in body["data"][0]["results"]] == units


def test_served_at_the_root_on_au_and_cached(client: TestClient) -> None:
    root = _get(client, "/data/facilities/AU", facility_code="BAYSW", metrics="energy")
    assert root["data"][0]["network_timezone_offset"] == "+10:00"
    assert _values(root)["energy"]["energy_BW01"][:2] == pytest.approx([500 / 12] * 2)
    params = {"facility_code": "ERARING", "metrics": "power", "interval": "1h"}
    first = client.get("/v4/data/facilities/NEM", params=params)
    again = client.get("/v4/data/facilities/NEM", params=params)
    assert (first.headers["x-cache"], again.headers["x-cache"]) == ("miss", "hit")
    assert first.json()["data"] == again.json()["data"]


TOO_MANY = [f"U{i}" for i in range(31)]


@pytest.mark.parametrize(
    ("path", "params", "status", "message"),
    [
        ("NEM", {"facility_code": "BAYSW", "metrics": "price"}, 400, "metrics"),
        ("NEM", {"facility_code": "BAYSW"}, 400, "metrics"),
        ("NEM", {"metrics": "power"}, 400, "at least one code"),
        ("NEM", {"facility_code": TOO_MANY, "metrics": "power"}, 400, "at most 30"),
        ("NEM", {"unit_code": ",".join(TOO_MANY), "metrics": "power"}, 400, "at most 30"),
        (
            "NEM",
            {
                "facility_code": "BAYSW",
                "metrics": "power",
                "date_start": "2024-07-02",
                "date_end": "2024-07-01",
            },
            400,
            "must be after",
        ),
        ("NEM", {"facility_code": "NOPE", "metrics": "power"}, 404, "facility_code 'NOPE'"),
        (
            "NEM",
            {"facility_code": "BAYSW", "unit_code": "BW01,ER01", "metrics": "power"},
            400,
            "unit_code ['ER01']: not a unit of facility_code ['BAYSW']",
        ),
        ("NEM", {"unit_code": ["BW01", "XX9"], "metrics": "power"}, 404, "unit_code 'XX9'"),
        ("WEM", {"facility_code": "BAYSW", "metrics": "power"}, 404, "unknown on WEM"),
        ("NEM", {"facility_code": "X'; drop table--", "metrics": "power"}, 400, "invalid code"),
        ("NEM", {"unit_code": "BW01') or (1=1", "metrics": "power"}, 400, "invalid code"),
        ("NEM", {"facility_code": "BAYSW", "metrics": "power", "interval": "2m"}, 400, "interval"),
        ("NEM", {"facility_code": "BAYSW", "metrics": "power", "region": "x"}, 400, "unknown"),
        ("XYZ", {"facility_code": "BAYSW", "metrics": "power"}, 404, "unknown network"),
    ],
)
def test_bad_input_is_a_json_error(
    client: TestClient, path: str, params: dict[str, Any], status: int, message: str
) -> None:
    response = client.get(f"/v4/data/facilities/{path}", params=params)
    assert response.status_code == status, response.text
    body = response.json()
    assert body["success"] is False
    assert message in body["error"]


def test_openapi_documents_every_parameter_and_status(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    operation = paths["/v4/data/facilities/{network_code}"]["get"]
    params = {p["name"]: p["schema"] for p in operation["parameters"]}
    assert set(params) == FACILITY_DATA_PARAMS | {"network_code"}
    assert params["metrics"]["items"]["enum"] == list(FACILITY_DATA_METRICS)
    assert params["unit_code"]["maxItems"] == 30
    assert set(operation["responses"]) == {"200", "400", "401", "404", "429", "503"}
