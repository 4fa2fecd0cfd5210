"""The public `openelectricity` 0.12 client, sync (`OEClient`) and async (`AsyncOEClient`),
against a real server (uvicorn on loopback) over the pipeline-built warehouse: every network
data metric (`DataMetric`) and every market metric (`MarketMetric`) reads the numbers a direct
SQL query on the marts gives (tests/support/mart_sql.py)."""

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from openelectricity import AsyncOEClient, OEClient
from openelectricity.client import APIError
from openelectricity.models.timeseries import TimeSeriesColumns, TimeSeriesResponse
from openelectricity.types import DataMetric, MarketMetric

from api.app import create_app
from api.reader import DuckDBServingReader
from opennem.serving import serving_path
from tests.support.api_server import run_async, serving
from tests.support.e2e_warehouse import Pipeline
from tests.support.mart_sql import WINDOWS, Expected, Window, generation, market, storage

pytestmark = pytest.mark.e2e

HOURLY = next(window for window in WINDOWS if window.interval == "1h")
DAILY = next(window for window in WINDOWS if window.interval == "1d")
# the one metric of the client we do not serve: AEMO's rooftop PV forecast is not collected
UNSERVED = {MarketMetric.SOLAR_ROOFTOP_FORECAST}


@pytest.fixture(scope="module")
def base_url(pipeline: Pipeline) -> Iterator[str]:
    with serving(create_app(DuckDBServingReader(serving_path(pipeline.database)))) as url:
        yield url


def database(pipeline: Pipeline) -> str:
    return str(serving_path(pipeline.database))


def key(columns: TimeSeriesColumns) -> tuple[Any, ...]:
    """A result's grouping values in grouping order (region first), as mart_sql keys them."""
    values = (
        columns.unit_code,
        columns.region,
        columns.fueltech,
        columns.fueltech_group,
        columns.renewable,
        columns.status,
    )
    return tuple(value for value in values if value is not None)


def received(response: TimeSeriesResponse) -> dict[str, Expected]:
    """metric -> the client's non-null values keyed as mart_sql's."""
    return {
        series.metric: {
            (key(result.columns), point.root[0].isoformat()): point.root[1]
            for result in series.results
            for point in result.data
            if point.root[1] is not None
        }
        for series in response.data
    }


def assert_same(found: dict[str, Expected], expected: dict[str, Expected]) -> None:
    assert found.keys() == expected.keys()
    for metric, values in expected.items():
        assert values, f"{metric}: the marts hold values to compare"
        assert found[metric] == pytest.approx(values, rel=1e-9, abs=1e-6), metric


def dates(window: Window) -> dict[str, datetime]:
    return {
        "date_start": datetime.fromisoformat(window.date_start),
        "date_end": datetime.fromisoformat(window.date_end),
    }


def expected_network_data(pipeline: Pipeline, window: Window) -> dict[str, Expected]:
    return {
        **generation(database(pipeline), "NEM", window, "fueltech"),
        "storage_battery": storage(database(pipeline), "NEM", window, "fueltech"),
    }


def test_sync_client_reads_every_data_metric(pipeline: Pipeline, base_url: str) -> None:
    with OEClient(api_key="local", base_url=base_url) as client:
        response = client.get_network_data(
            "NEM",
            list(DataMetric),
            interval="1h",
            primary_grouping="network_region",
            secondary_grouping="fueltech",
            **dates(HOURLY),
        )
    assert_same(received(response), expected_network_data(pipeline, HOURLY))


def test_async_client_reads_every_data_metric(pipeline: Pipeline, base_url: str) -> None:
    async def fetch() -> TimeSeriesResponse:
        async with AsyncOEClient(api_key="local", base_url=base_url) as client:
            return await client.get_network_data(
                "NEM",
                list(DataMetric),
                interval="1d",
                primary_grouping="network_region",
                secondary_grouping="fueltech",
                **dates(DAILY),
            )

    assert_same(received(run_async(fetch())), expected_network_data(pipeline, DAILY))


def served_market_metrics() -> list[MarketMetric]:
    return [metric for metric in MarketMetric if metric not in UNSERVED]


def test_sync_client_reads_every_market_metric(pipeline: Pipeline, base_url: str) -> None:
    with OEClient(api_key="local", base_url=base_url) as client:
        response = client.get_market(
            "AU",
            served_market_metrics(),
            interval="1h",
            primary_grouping="network_region",
            **dates(HOURLY),
        )
    assert_same(received(response), market(database(pipeline), "AU", HOURLY, by_region=True))


def test_async_client_reads_every_market_metric(pipeline: Pipeline, base_url: str) -> None:
    async def fetch() -> TimeSeriesResponse:
        async with AsyncOEClient(api_key="local", base_url=base_url) as client:
            return await client.get_market(
                "NEM", served_market_metrics(), interval="1d", **dates(DAILY)
            )

    assert_same(received(run_async(fetch())), market(database(pipeline), "NEM", DAILY, False))


@pytest.mark.parametrize("metric", sorted(UNSERVED))
def test_client_hears_which_market_metrics_are_not_served(base_url: str, metric: str) -> None:
    with OEClient(api_key="local", base_url=base_url) as client, pytest.raises(APIError) as error:
        client.get_market("NEM", [MarketMetric(metric)], interval="1h", **dates(HOURLY))
    assert error.value.status_code == 400
    assert metric in error.value.detail


def test_client_reads_a_range_without_data_as_empty(base_url: str) -> None:
    with OEClient(api_key="local", base_url=base_url) as client:
        response = client.get_network_data(
            "NEM",
            [DataMetric.ENERGY],
            interval="1d",
            date_start=datetime(2020, 1, 1),
            date_end=datetime(2020, 2, 1),
        )
    assert [series.results for series in response.data] == [[]]
