"""`/v4/facilities/`: facilities with units, shaped like the real v4 response."""

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

Client = Callable[[dict[str, Any]], TestClient]

UNITS = [
    (
        "HPR1",
        "HPR",
        "NEM",
        "SA1",
        "battery_discharging",
        "battery",
        False,
        "BIDIRECTIONAL",
        150.0,
        0.0,
        "aemo",
        "operating",
    ),
    (
        "BW01",
        "BAYSW",
        "NEM",
        "NSW1",
        "coal_black",
        "coal",
        False,
        "GENERATOR",
        660.0,
        0.9,
        "aemo_co2eii",
        "operating",
    ),
    (
        "BW02",
        "BAYSW",
        "NEM",
        "NSW1",
        "coal_black",
        "coal",
        False,
        "GENERATOR",
        660.0,
        0.9,
        "aemo_co2eii",
        "retired",
    ),
]
FACILITIES = [
    ("HPR", "Hornsdale Power Reserve", "NEM", "SA1", "Neoen"),
    ("BAYSW", "Bayswater", "NEM", "NSW1", "AGL"),
]


@pytest.fixture
def client(make_client: Client) -> TestClient:
    return make_client({"dim_units_v1": UNITS, "dim_facilities_v1": FACILITIES})


def test_shape_matches_real_v4_response(fixtures_dir: Path, client: TestClient) -> None:
    real = json.loads((fixtures_dir / "api/v4/AU-QLD_capacities.json").read_text())
    body = client.get("/v4/facilities/").json()
    assert set(real) <= set(body)
    assert body["total_records"] == 2
    facility = next(f for f in body["data"] if f["code"] == "BAYSW")
    real_facility = real["data"][0]
    assert {"code", "name", "network_id", "network_region", "units"} <= facility.keys()
    assert set(real_facility) - {"location"} <= set(facility)
    real_unit_keys = set().union(*(u.keys() for f in real["data"] for u in f["units"]))
    unit = facility["units"][0]
    assert unit.keys() - {"emissions_factor_source"} <= real_unit_keys
    assert unit == {
        "code": "BW01",
        "fueltech_id": "coal_black",
        "status_id": "operating",
        "capacity_registered": 660.0,
        "emissions_factor_co2": 0.9,
        "emissions_factor_source": "aemo_co2eii",
        "dispatch_type": "GENERATOR",
    }
    assert facility["name"] == "Bayswater"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status_id": "retired"}, {"BAYSW": ["BW02"]}),
        ({"fueltech_id": ["battery_discharging", "solar_utility"]}, {"HPR": ["HPR1"]}),
        ({"network_region": "nsw1"}, {"BAYSW": ["BW01", "BW02"]}),
        ({"facility_code": "HPR", "network_id": "NEM"}, {"HPR": ["HPR1"]}),
        ({"network_id": "WEM"}, {}),
    ],
)
def test_filters(
    client: TestClient, params: dict[str, Any], expected: dict[str, list[str]]
) -> None:
    body = client.get("/facilities/", params=params).json()
    assert {f["code"]: [u["code"] for u in f["units"]] for f in body["data"]} == expected
