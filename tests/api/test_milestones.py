"""`/v4/milestones/...`: record instances in the public API's milestone shape, filters, paging,
history and single instances, and 4xx JSON for bad input."""

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from starlette.testclient import TestClient

Client = Callable[[dict[str, Any]], TestClient]

SOLAR_HIGH = "au.nem.nsw1.solar.power.interval.high"
COAL_LOW = "au.nem.coal.energy.day.low"
WEM_DEMAND = "au.wem.demand.interval.high"
AU_SOLAR = "au.solar.power.interval.high"


def milestone(
    instance_id: str,
    record_id: str,
    start: datetime,
    value: float,
    previous: tuple[str, float] | None = None,
    significance: int = 1,
) -> tuple[object, ...]:
    """A fct_milestones_v1 row; network, region, fueltech group, metric, period and aggregate
    read from the record id."""
    *scope, metric, period, aggregate = record_id.split(".")[1:]
    network = scope.pop(0).upper() if scope and scope[0] in ("nem", "wem") else "AU"
    region = scope.pop(0).upper() if scope and scope[0][-1].isdigit() else None
    fueltech = scope[0] if scope else None
    unit = {"power": "MW", "energy": "MWh", "demand": "MW"}[metric]
    previous_id, previous_value = previous or (None, None)
    change = (value - previous_value) / abs(previous_value) * 100 if previous_value else None
    return (
        instance_id,
        record_id,
        network,
        region,
        fueltech,
        metric,
        period,
        aggregate,
        start,
        value,
        unit,
        previous_id,
        previous_value,
        change,
        significance,
    )


ROWS = [
    milestone("i-1", SOLAR_HIGH, datetime(2024, 8, 1, 12, 0), 100.0),
    milestone("i-2", SOLAR_HIGH, datetime(2024, 8, 2, 12, 0), 120.0, ("i-1", 100.0), 7),
    milestone("i-3", COAL_LOW, datetime(2024, 8, 1), 1000.0),
    milestone("i-4", COAL_LOW, datetime(2024, 8, 3), 900.0, ("i-3", 1000.0), 9),
    milestone("i-5", WEM_DEMAND, datetime(2024, 8, 2, 18, 0), 3000.0),
    milestone("i-6", AU_SOLAR, datetime(2024, 8, 2, 12, 5), 20000.0),
]


@pytest.fixture
def client(make_client: Client) -> TestClient:
    return make_client({"fct_milestones_v1": ROWS})


def ids(body: dict[str, Any]) -> list[str]:
    return [item["instance_id"] for item in body["data"]]


def test_records_in_the_public_milestone_shape(client: TestClient) -> None:
    body = client.get("/v4/milestones/records").json()
    assert body["success"] is True
    assert body["total_records"] == 6
    assert ids(body) == ["i-4", "i-5", "i-6", "i-2", "i-1", "i-3"]  # newest first
    broken = next(item for item in body["data"] if item["instance_id"] == "i-2")
    assert broken == {
        "record_id": SOLAR_HIGH,
        "interval": "2024-08-02T12:00:00+10:00",
        "instance_id": "i-2",
        "aggregate": "high",
        "metric": "power",
        "period": "interval",
        "significance": 7,
        "value": 120.0,
        "value_unit": "MW",
        "network_id": "NEM",
        "network_region": "NSW1",
        "fueltech_id": "solar",
        "description": "NEM NSW1 solar power interval high: 120.00 MW",
        "previous_instance_id": "i-1",
        "change_percent": 20.0,
    }
    first_wem = next(item for item in body["data"] if item["instance_id"] == "i-5")
    assert first_wem["interval"] == "2024-08-02T18:00:00+08:00"
    assert {"network_region", "fueltech_id", "previous_instance_id"}.isdisjoint(first_wem)
    au = next(item for item in body["data"] if item["instance_id"] == "i-6")
    assert au["interval"] == "2024-08-02T12:05:00+10:00"
    assert au["network_id"] == "AU"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"network": "WEM"}, ["i-5"]),
        ({"network": "nem,au"}, ["i-4", "i-6", "i-2", "i-1", "i-3"]),
        ({"network_region": "nsw1"}, ["i-2", "i-1"]),
        ({"fueltech": "coal"}, ["i-4", "i-3"]),
        ({"fuel_tech": "solar"}, ["i-6", "i-2", "i-1"]),
        ({"metric": "demand"}, ["i-5"]),
        ({"period": ["day", "interval"], "aggregate": "low"}, ["i-4", "i-3"]),
        ({"significance": "7"}, ["i-4", "i-2"]),
        ({"date_start": "2024-08-02", "date_end": "2024-08-02T18:00:00"}, ["i-6", "i-2"]),
        ({"date_start": "2024-08-02T02:00:00Z"}, ["i-4", "i-5", "i-6", "i-2"]),
    ],
)
def test_record_filters(client: TestClient, params: dict[str, Any], expected: list[str]) -> None:
    body = client.get("/v4/milestones/records", params=params).json()
    assert ids(body) == expected
    assert body["total_records"] == len(expected)


def test_records_paging(client: TestClient) -> None:
    body = client.get("/milestones/records", params={"limit": 2, "page": 2}).json()
    assert ids(body) == ["i-6", "i-2"]
    assert body["total_records"] == 6
    assert client.get("/v4/milestones/records", params={"page": 4, "limit": 2}).json()["data"] == []


def test_history_of_a_record(client: TestClient) -> None:
    body = client.get(f"/v4/milestones/history/{COAL_LOW}").json()
    assert ids(body) == ["i-4", "i-3"]
    assert body["data"][0]["previous_instance_id"] == "i-3"
    missing = client.get("/v4/milestones/history/au.nem.nuclear.power.interval.high")
    assert missing.status_code == 404
    assert missing.json()["success"] is False


def test_one_instance(client: TestClient) -> None:
    body = client.get("/milestones/instance/i-4").json()
    assert [item["record_id"] for item in body["data"]] == [COAL_LOW]
    assert body["data"][0]["change_percent"] == pytest.approx(-10.0)
    assert client.get("/v4/milestones/instance/nope").status_code == 404


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"network": "XYZ"}, "network"),
        ({"network_region": "QLD9"}, "network_region"),
        ({"metric": "voltage"}, "metric"),
        ({"period": "week"}, "period"),
        ({"aggregate": "middle"}, "aggregate"),
        ({"significance": "11"}, "significance"),
        ({"significance": "high"}, "significance"),
        ({"limit": "0"}, "limit"),
        ({"limit": "101"}, "limit"),
        ({"page": "0"}, "page"),
        ({"date_start": "soon"}, "date_start"),
        ({"date_start": "2024-08-02", "date_end": "2024-08-01"}, "after"),
        ({"colour": "green"}, "unknown query parameter"),
    ],
)
def test_bad_parameters_answer_400(client: TestClient, params: dict[str, str], words: str) -> None:
    response = client.get("/v4/milestones/records", params=params)
    assert response.status_code == 400
    assert response.json()["success"] is False
    assert words in response.json()["error"]


def test_openapi_lists_the_milestone_endpoints(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {
        "/v4/milestones/records",
        "/v4/milestones/history/{record_id}",
        "/v4/milestones/instance/{instance_id}",
    } <= paths.keys()
    names = {p["name"] for p in paths["/v4/milestones/records"]["get"]["parameters"]}
    assert {"network", "aggregate", "significance", "page", "limit"} <= names
