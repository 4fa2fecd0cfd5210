"""`/v4/facilities/`: facilities with units, shaped like the real v4 response."""

import json
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

Client = Callable[[dict[str, Any]], TestClient]

# unit_code, facility_code, network_id, network_region, fueltech_id, fueltech_group_id,
# is_renewable, dispatch_type, capacity_registered_mw, emissions_factor_co2,
# emissions_factor_source, status_id, capacity_maximum_mw, capacity_storage_mwh
UNITS = [
    ("HPR1", "HORNSDPR", "NEM", "SA1", "battery", "battery", False, "BIDIRECTIONAL",
     150.0, 0.0, "zero-emission fueltech", "operating", 150.0, 194.0),
    ("BW01", "BAYSW", "NEM", "NSW1", "coal_black", "coal", False, "GENERATOR",
     660.0, 0.9, "AEMO CO2EII", "operating", 685.0, None),
    ("BW02", "BAYSW", "NEM", "NSW1", "coal_black", "coal", False, "GENERATOR",
     660.0, 0.9, "AEMO CO2EII", "retired", None, None),
    ("ALBANY_WF1", "ALBANY", "WEM", "WEM", "wind", "wind", True, "GENERATOR",
     21.6, 0.0, "zero-emission fueltech", "operating"),
]  # fmt: skip
FACILITIES = [
    ("HORNSDPR", "Hornsdale Power Reserve", "NEM", "SA1", "Neoen"),
    ("BAYSW", "Bayswater", "NEM", "NSW1", "AGL", -32.39, 150.95, "A coal-fired power station."),
    ("ALBANY", "Albany", "WEM", "WEM", None, -35.07, 117.8),
]
FUELTECHS = [
    ("battery", "Battery", False, "battery", "Battery", "#000", False),
    ("coal_black", "Coal (Black)", False, "coal", "Coal", "#000", False),
    ("wind", "Wind", True, "wind", "Wind", "#000", False),
    ("solar_utility", "Solar (Utility)", True, "solar", "Solar", "#000", False),
]
SEEN = [
    {
        "interval_day": date(day.year, day.month, day.day),
        "unit_code": unit,
        "first_interval_start": day,
        "last_interval_start": day.replace(hour=23, minute=55),
    }
    for unit, day in [
        ("BW01", datetime(2024, 7, 1)),
        ("BW01", datetime(2024, 7, 2, 0, 5)),
        ("ALBANY_WF1", datetime(2024, 7, 1)),
    ]
]


@pytest.fixture
def client(make_client: Client) -> TestClient:
    return make_client(
        {
            "dim_units_v1": UNITS,
            "dim_facilities_v1": FACILITIES,
            "dim_fueltechs_v1": FUELTECHS,
            "fct_unit_intervals_daily_v1": SEEN,
        }
    )


def _units(body: dict[str, Any]) -> dict[str, list[str]]:
    return {f["code"]: [u["code"] for u in f["units"]] for f in body["data"]}


def test_shape_matches_real_v4_response(fixtures_dir: Path, client: TestClient) -> None:
    real = json.loads((fixtures_dir / "api/v4/AU-QLD_capacities.json").read_text())
    body = client.get("/v4/facilities/").json()
    assert set(real) <= set(body)
    assert body["total_records"] == 3
    facility = next(f for f in body["data"] if f["code"] == "BAYSW")
    assert set(real["data"][0]) <= set(facility)
    real_unit_keys = set().union(*(u.keys() for f in real["data"] for u in f["units"]))
    ours = {"capacity_maximum", "capacity_storage", "emissions_factor_source"}
    assert facility["units"][0].keys() - ours <= real_unit_keys
    assert facility == {
        "code": "BAYSW",
        "name": "Bayswater",
        "network_id": "NEM",
        "network_region": "NSW1",
        "description": "A coal-fired power station.",
        "location": {"lat": -32.39, "lng": 150.95},
        "units": [
            {
                "code": "BW01",
                "fueltech_id": "coal_black",
                "status_id": "operating",
                "dispatch_type": "GENERATOR",
                "capacity_registered": 660.0,
                "capacity_maximum": 685.0,
                "emissions_factor_co2": 0.9,
                "emissions_factor_source": "AEMO CO2EII",
                "data_first_seen": "2024-07-01T00:00:00+10:00",
                "data_last_seen": "2024-07-02T23:55:00+10:00",
            },
            {
                "code": "BW02",
                "fueltech_id": "coal_black",
                "status_id": "retired",
                "dispatch_type": "GENERATOR",
                "capacity_registered": 660.0,
                "emissions_factor_co2": 0.9,
                "emissions_factor_source": "AEMO CO2EII",
            },
        ],
    }


def test_fields_without_a_value_are_left_out(client: TestClient) -> None:
    (facility,) = client.get("/v4/facilities/", params={"facility_code": "HORNSDPR"}).json()["data"]
    assert "location" not in facility and "description" not in facility
    (unit,) = facility["units"]
    assert unit["capacity_storage"] == 194.0
    assert "data_first_seen" not in unit


def test_wem_times_carry_the_wem_offset(client: TestClient) -> None:
    (facility,) = client.get("/v4/facilities/", params={"network_id": "WEM"}).json()["data"]
    assert facility["location"] == {"lat": -35.07, "lng": 117.8}
    assert facility["units"][0]["data_last_seen"] == "2024-07-01T23:55:00+08:00"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status_id": "retired"}, {"BAYSW": ["BW02"]}),
        (
            {"status_id": "operating,committed"},
            {"ALBANY": ["ALBANY_WF1"], "BAYSW": ["BW01"], "HORNSDPR": ["HPR1"]},
        ),
        ({"fueltech_id": ["battery", "solar_utility"]}, {"HORNSDPR": ["HPR1"]}),
        ({"fueltech_group_id": "coal,wind"}, {"ALBANY": ["ALBANY_WF1"], "BAYSW": ["BW01", "BW02"]}),
        ({"network_region": "nsw1"}, {"BAYSW": ["BW01", "BW02"]}),
        ({"network_region": ["SA1", "WEM"]}, {"ALBANY": ["ALBANY_WF1"], "HORNSDPR": ["HPR1"]}),
        ({"facility_code": "HORNSDPR", "network_id": "NEM"}, {"HORNSDPR": ["HPR1"]}),
        (
            {"facility_code": ["baysw", "ALBANY"]},
            {"ALBANY": ["ALBANY_WF1"], "BAYSW": ["BW01", "BW02"]},
        ),
        ({"network_id": "WEM"}, {"ALBANY": ["ALBANY_WF1"]}),
        ({"network_id": "AU", "fueltech_id": "wind"}, {"ALBANY": ["ALBANY_WF1"]}),
        ({"network_id": "WEM", "fueltech_id": "coal_black"}, {}),
    ],
)
def test_filters(
    client: TestClient, params: dict[str, Any], expected: dict[str, list[str]]
) -> None:
    body = client.get("/facilities/", params=params).json()
    assert _units(body) == expected
    assert body["total_records"] == len(expected)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"status_id": "closed"}, "status_id: unknown value(s) ['closed']"),
        ({"fueltech_id": "coal_purple"}, "fueltech_id: unknown value(s) ['coal_purple']"),
        ({"fueltech_group_id": "coal,steam"}, "fueltech_group_id: unknown value(s) ['steam']"),
        ({"network_id": "NEMX"}, "network_id: unknown value(s) ['NEMX']"),
        ({"network_region": "NSW9"}, "network_region: unknown value(s) ['NSW9']"),
        ({"facility_code": "BAYSW,ERARING"}, "facility_code: unknown value(s) ['ERARING']"),
        ({"facility_code": "BAYSW' or '1'='1"}, "facility_code: invalid code(s)"),
        ({"fueltech_id": "coal_black'); drop table x; --"}, "fueltech_id: unknown value(s)"),
        ({"facility": "BAYSW"}, "unknown query parameter(s) ['facility']"),
    ],
)
def test_bad_values_are_400_json(client: TestClient, params: dict[str, Any], message: str) -> None:
    response = client.get("/v4/facilities/", params=params)
    assert response.status_code == 400
    body = response.json()
    assert body["success"] is False
    assert body["error"].startswith(message)


def test_openapi_describes_filters_fields_and_400(client: TestClient) -> None:
    path = client.get("/openapi.json").json()["paths"]["/v4/facilities/"]["get"]
    assert [p["name"] for p in path["parameters"]] == [
        "facility_code",
        "status_id",
        "fueltech_id",
        "fueltech_group_id",
        "network_id",
        "network_region",
    ]
    assert {"200", "400"} <= path["responses"].keys()
    data = path["responses"]["200"]["content"]["application/json"]["schema"]["allOf"][1]
    assert data["properties"]["data"]["items"] == {"$ref": "#/components/schemas/Facility"}
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert {"location", "units"} <= schemas["Facility"]["properties"].keys()
    unit = schemas["FacilityUnit"]["properties"]
    assert {"capacity_storage", "data_first_seen", "data_last_seen"} <= unit.keys()
