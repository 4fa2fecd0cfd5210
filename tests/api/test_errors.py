"""Bad parameters answer a 4xx JSON error, never a 500."""

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.api.series_rows import fueltech_5m

Client = Callable[[dict[str, Any]], TestClient]


@pytest.fixture
def client(make_client: Client) -> TestClient:
    rows = fueltech_5m(datetime(2024, 7, 1), 3, "SA1", "wind", 1.0)
    return make_client({"fct_fueltech_intervals_5m_v1": rows})


@pytest.mark.parametrize(
    ("path", "params", "status", "words"),
    [
        ("/v4/data/network/XYZ", {"metrics": "power"}, 404, "unknown network"),
        ("/v4/data/network/NEM", {"metrics": "power", "interval": "2m"}, 400, "interval"),
        ("/v4/data/network/NEM", {"metrics": "voltage"}, 400, "metrics"),
        ("/v4/data/network/NEM", {}, 400, "metrics"),
        (
            "/v4/data/network/NEM",
            {"metrics": "power", "date_start": "yesterday"},
            400,
            "date_start",
        ),
        (
            "/v4/data/network/NEM",
            {"metrics": "power", "date_start": "2024-07-02", "date_end": "2024-07-01"},
            400,
            "after",
        ),
        (
            "/v4/data/network/NEM",
            {"metrics": "power", "date_start": "2024-01-01", "date_end": "2024-03-01"},
            400,
            "too large",
        ),
        (
            "/v4/data/network/NEM",
            {"metrics": "power", "date_start": "2020-01-01"},
            400,
            "too large",
        ),
        ("/v4/data/network/NEM", {"metrics": "power", "primary_grouping": "state"}, 400, "primary"),
        (
            "/v4/data/network/NEM",
            {"metrics": "power", "secondary_grouping": "colour"},
            400,
            "second",
        ),
        ("/v4/data/network/NEM", {"metrics": "power", "network_region": "XX1"}, 400, "region"),
        ("/v4/data/network/NEM", {"metrics": "power", "fueltech": "wind;drop"}, 400, "fueltech"),
        ("/v4/data/network/NEM", {"metrics": "power", "colour": "red"}, 400, "colour"),
        ("/v4/market/network/NEM", {"metrics": "power"}, 400, "metrics"),
        # dates an offset would shift past year 1 or 9999 (found by the schema fuzz)
        (
            "/v4/data/network/NEM",
            {"metrics": "power", "date_start": "0001-01-01T00:00:00+05:00"},
            400,
            "outside 1900",
        ),
        ("/v4/data/network/NEM", {"metrics": "power", "date_end": "0001-01-01"}, 400, "outside"),
        (
            "/v4/milestones/records",
            {"date_start": "9999-12-31T23:59:59-05:00"},
            400,
            "outside",
        ),
        ("/v4/networks", {"code": "NEM"}, 400, "unknown query parameter"),
        ("/v4/facilities/", {"network_id": "MARS"}, 400, "network_id: unknown value"),
        ("/v4/nowhere", {}, 404, "Not Found"),
    ],
)
def test_bad_requests_answer_json_4xx(
    client: TestClient, path: str, params: dict[str, Any], status: int, words: str
) -> None:
    response = client.get(path, params=params)
    assert response.status_code == status
    body = response.json()
    assert body["success"] is False
    assert words in body["error"]


def test_wrong_method_is_405_json(client: TestClient) -> None:
    response = client.post("/v4/data/network/NEM")
    assert response.status_code == 405
    assert response.json()["success"] is False
