"""Where our API and the public v4 API could differ, and the choice made for each (README
"Where we differ from the public API"): unknown parameters, ranges without data, the default
window without `date_start`, the envelope's `created_at`."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.params import MARKET_PARAMS, SERIES_PARAMS
from api.reader import DuckDBServingReader
from tests.api.conftest import Rows, write_marts
from tests.api.series_rows import fueltech_5m, market_5m

T0 = datetime(2024, 7, 1)
DAYS_OF_DATA = 16
MARTS: Rows = {
    "fct_fueltech_intervals_5m_v1": fueltech_5m(T0, DAYS_OF_DATA * 288, "SA1", "wind", 100.0),
    "fct_market_summary_v2": market_5m(T0, 288, "SA1", 80.0, 1500.0),
}
LAST_END = T0 + timedelta(days=DAYS_OF_DATA)  # the end of the newest interval


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    """One app for the module: sixteen days of 5-minute rows take a while to write."""
    marts = write_marts(tmp_path_factory.mktemp("differences") / "w.serving.duckdb", MARTS)
    return TestClient(create_app(DuckDBServingReader(marts)))


def public_parameters(fixtures_dir: Path, path: str) -> set[str]:
    document = json.loads((fixtures_dir / "reference" / "openapi.json").read_text())
    parameters = document["paths"][path]["get"]["parameters"]
    return {p["name"] for p in parameters if p["in"] == "query"}


@pytest.mark.parametrize(
    ("path", "accepted"),
    [
        ("/v4/data/network/{network_code}", SERIES_PARAMS),
        ("/v4/market/network/{network_code}", MARKET_PARAMS),
    ],
)
def test_every_public_parameter_is_accepted(
    fixtures_dir: Path, path: str, accepted: set[str]
) -> None:
    """An unknown parameter is refused (400), so no parameter the public API knows may be."""
    assert public_parameters(fixtures_dir, path) - {"with_clerk"} <= accepted


def test_an_unknown_parameter_is_refused_by_name(api: TestClient) -> None:
    # the public API ignores `date_from` and answers its default window instead
    response = api.get(
        "/v4/data/network/NEM", params={"metrics": "power", "date_from": "2024-07-01"}
    )
    assert response.status_code == 400
    assert response.json()["success"] is False
    assert "date_from" in response.json()["error"]


@pytest.mark.parametrize(
    ("path", "metric"), [("/v4/data/network/NEM", "energy"), ("/v4/market/network/NEM", "price")]
)
def test_a_range_without_data_is_an_empty_answer(api: TestClient, path: str, metric: str) -> None:
    """The public API answers 416 "No data available"; an empty answer is no error here (a
    browser logs every 4xx, and a client looping over ranges needs no exception handling)."""
    response = api.get(
        path,
        params={"metrics": metric, "interval": "1h", "date_start": "2020-01-01T00:00:00"}
        | {"date_end": "2020-01-02T00:00:00"},
    )
    assert response.status_code == 200, response.text
    assert [item["results"] for item in response.json()["data"]] == [[]]


def test_a_network_without_rows_is_an_empty_answer(api: TestClient) -> None:
    response = api.get("/v4/data/network/WEM", params={"metrics": "power"})
    assert response.status_code == 200, response.text
    assert [item["results"] for item in response.json()["data"]] == [[]]


@pytest.mark.parametrize(("interval", "days"), [("5m", 3.5), ("1h", 15)])
def test_the_default_window_is_the_public_apis(api: TestClient, interval: str, days: float) -> None:
    """No `date_start`: half the public API's longest range for the interval, up to the newest
    complete interval."""
    response = api.get("/v4/data/network/NEM", params={"metrics": "power", "interval": interval})
    assert response.status_code == 200, response.text
    points = response.json()["data"][0]["results"][0]["data"]
    first = datetime.fromisoformat(points[0][0]).replace(tzinfo=None)
    step = timedelta(minutes=5) if interval == "5m" else timedelta(hours=1)
    assert first == LAST_END - timedelta(days=days)
    assert datetime.fromisoformat(points[-1][0]).replace(tzinfo=None) == LAST_END - step


def test_the_default_window_starts_at_the_first_data(api: TestClient) -> None:
    """A default window reaching before the data starts at the first data, not with nulls."""
    response = api.get("/v4/market/network/NEM", params={"metrics": "price"})  # a day of prices
    assert response.status_code == 200, response.text
    points = response.json()["data"][0]["results"][0]["data"]
    assert points[0][0] == "2024-07-01T00:00:00+10:00"
    assert len(points) == 288


@pytest.mark.parametrize("path", ["/v4/data/network/NEM?metrics=power", "/v4/data/network/XX"])
def test_created_at_is_aest(api: TestClient, path: str) -> None:
    created = api.get(path).json()["created_at"]
    assert created.endswith("+10:00")
    moment = datetime.fromisoformat(created)
    assert abs(moment - datetime.now(UTC)) < timedelta(minutes=1)
