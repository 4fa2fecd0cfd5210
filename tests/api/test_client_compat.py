"""The public `openelectricity` 0.12 client works unchanged against our API over real HTTP."""

import asyncio
import threading
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import httpx
import pytest
import uvicorn
from openelectricity import AsyncOEClient, OEClient
from openelectricity.models.facilities import FacilityResponse
from openelectricity.types import DataMetric, MarketMetric, UnitStatusType

from api.app import create_app
from api.reader import DuckDBServingReader
from opennem.networks import NEM
from tests.api.conftest import write_marts
from tests.api.series_rows import (
    dim_unit,
    fueltech_5m,
    fueltech_rollup,
    market_5m,
    storage_5m,
    unit_5m,
)

T0 = datetime(2024, 7, 1)


def _wait_until_serving(server: uvicorn.Server, deadline_s: float = 10.0) -> str:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if server.started and server.servers:
            port = server.servers[0].sockets[0].getsockname()[1]
            url = f"http://127.0.0.1:{port}"
            if httpx.get(f"{url}/health").status_code == 200:
                return url
        time.sleep(0.02)
    raise TimeoutError("uvicorn did not start within the deadline")


@pytest.fixture
def base_url(tmp_path: Path) -> Iterator[str]:
    serving = write_marts(
        tmp_path / "w.serving.duckdb",
        {
            "fct_fueltech_intervals_5m_v1": fueltech_5m(T0, 24, "SA1", "wind", 100.0)
            + fueltech_5m(T0, 24, "SA1", "battery_charging", -10.0, skip=(5,))
            + fueltech_5m(T0 - timedelta(hours=2), 24, "WEM", "wind", 7.0, network="WEM"),
            "fct_unit_intervals_v1": unit_5m(T0, 24, "WIND1", "VIC1", "wind", 100.0),
            "fct_battery_storage_5m_v1": storage_5m(T0, [120.0] * 12, "HPR1", "SA1"),
            "fct_fueltech_intervals_daily_v1": [
                fueltech_rollup(date(2024, 6, 30), "SA1", "wind", 2400.0)
            ],
            "fct_market_summary_v2": market_5m(T0, 24, "SA1", 80.0, 1500.0),
            "dim_units_v1": [
                dim_unit("WIND1", "VIC1", "wind", "operating"),
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
            ],
            "dim_facilities_v1": [
                ("HPR", "Hornsdale Power Reserve", "NEM", "SA1", "Neoen", -33.09, 138.52),
            ],
        },
    )
    config = uvicorn.Config(
        create_app(DuckDBServingReader(serving)), host="127.0.0.1", port=0, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield _wait_until_serving(server) + "/v4"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_get_network_data(base_url: str) -> None:
    client = OEClient(api_key="x", base_url=base_url)
    response = client.get_network_data(
        "NEM",
        [DataMetric.POWER, DataMetric.ENERGY],
        interval="5m",
        date_start=T0,
        date_end=datetime(2024, 7, 1, 2),
        primary_grouping="network_region",
        secondary_grouping="fueltech",
    )
    assert [s.metric for s in response.data] == ["power", "energy"]
    power = response.data[0]
    assert power.network_timezone_offset == "+10:00"
    battery = next(r for r in power.results if r.columns.fueltech == "battery_charging")
    assert battery.columns.region == "SA1"
    assert [p.value for p in battery.data][4:7] == [-10.0, None, -10.0]
    assert battery.data[0].timestamp.isoformat() == "2024-07-01T00:00:00+10:00"
    records = response.to_records()
    assert records[0]["interval"] == T0


def test_get_network_data_daily(base_url: str) -> None:
    client = OEClient(api_key="x", base_url=base_url)
    aware = datetime(2024, 6, 30, tzinfo=NEM.tz)  # the '+10:00' must survive the query string
    response = client.get_network_data("NEM", [DataMetric.ENERGY], interval="1d", date_start=aware)
    assert [(p.timestamp.isoformat(), p.value) for p in response.data[0].results[0].data] == [
        ("2024-06-30T00:00:00+10:00", 2400.0)
    ]


def test_get_network_data_au_status_and_storage(base_url: str) -> None:
    client = OEClient(api_key="x", base_url=base_url)
    au = client.get_network_data("AU", [DataMetric.POWER], interval="1h", date_start=T0)
    assert au.data[0].network_timezone_offset == "+10:00"
    assert [p.value for p in au.data[0].results[0].data] == [97.0, 97.0]  # SA1 100 - 10 + WEM 7
    status = client.get_network_data(
        "NEM", [DataMetric.POWER], interval="1h", date_start=T0, secondary_grouping="status"
    )
    (operating,) = status.data[0].results
    assert (operating.columns.status, operating.data[0].value) == ("operating", 100.0)
    storage = client.get_network_data(
        "NEM", [DataMetric.STORAGE_BATTERY], interval="1h", date_start=T0
    )
    assert storage.data[0].unit == "MWh"
    assert [p.value for p in storage.data[0].results[0].data] == [120.0]


def test_get_market(base_url: str) -> None:
    client = OEClient(api_key="x", base_url=base_url)
    response = client.get_market(
        "NEM",
        [MarketMetric.PRICE, MarketMetric.DEMAND],
        interval="1h",
        date_start=T0,
        primary_grouping="network_region",
    )
    price = response.data[0]
    assert price.results[0].name == "price_SA1"
    assert [p.value for p in price.results[0].data] == [80.0, 80.0]
    assert response.data[1].results[0].data[0].value == 1500.0


def test_get_facilities(base_url: str) -> None:
    client = OEClient(api_key="x", base_url=base_url)
    response = client.get_facilities(network_region="SA1")
    assert [f.code for f in response.data] == ["HPR"]
    unit = response.data[0].units[0]
    assert (unit.code, unit.fueltech_id, unit.capacity_registered) == (
        "HPR1",
        "battery_discharging",
        150.0,
    )


def _check_hornsdale(response: FacilityResponse) -> None:
    assert [f.code for f in response.data] == ["HPR"]
    facility = response.data[0]
    assert facility.location is not None
    assert (facility.location.lat, facility.location.lng) == (-33.09, 138.52)
    (unit,) = facility.units
    assert (unit.status_id, unit.dispatch_type, unit.emissions_factor_co2) == (
        UnitStatusType.OPERATING,
        "BIDIRECTIONAL",
        0.0,
    )


def test_get_facilities_filters(base_url: str) -> None:
    client = OEClient(api_key="x", base_url=base_url)
    response = client.get_facilities(
        facility_code=["HPR"], status_id=[UnitStatusType.OPERATING], network_id=["NEM"]
    )
    _check_hornsdale(response)
    assert client.get_facilities(status_id=[UnitStatusType.RETIRED]).data == []


def test_async_get_facilities(base_url: str) -> None:
    async def fetch() -> FacilityResponse:
        async with AsyncOEClient(api_key="x", base_url=base_url) as client:
            return await client.get_facilities(
                facility_code=["HPR"], status_id=["operating"], network_region="SA1"
            )

    _check_hornsdale(asyncio.run(fetch()))


def test_client_sees_unknown_facility_codes(base_url: str) -> None:
    from openelectricity.client import APIError

    client = OEClient(api_key="x", base_url=base_url)
    with pytest.raises(APIError, match="facility_code: unknown value"):
        client.get_facilities(facility_code=["ERARING"])


def test_get_facility_data(base_url: str) -> None:
    client = OEClient(api_key="x", base_url=base_url)
    response = client.get_facility_data(
        "NEM", "WIND1", [DataMetric.POWER, DataMetric.ENERGY], interval="1h", date_start=T0
    )
    power, energy = response.data
    assert (power.metric, power.unit, energy.unit) == ("power", "MW", "MWh")
    (wind,) = power.results
    assert (wind.name, wind.columns.unit_code) == ("power_WIND1", "WIND1")
    assert [p.value for p in wind.data] == [100.0, 100.0]
    assert energy.results[0].data[0].value == pytest.approx(100.0)
    records = response.to_records()
    assert (records[0]["interval"], records[0]["unit_code"]) == (T0, "WIND1")
    from openelectricity.client import APIError

    with pytest.raises(APIError, match="facility_code 'ERARING'"):
        client.get_facility_data("NEM", ["ERARING"], [DataMetric.ENERGY], interval="1h")


def test_get_facility_data_async(base_url: str) -> None:
    async def fetch() -> list[float | None]:
        async with AsyncOEClient(api_key="x", base_url=base_url) as client:
            response = await client.get_facility_data(
                "NEM",
                metrics=[DataMetric.STORAGE_BATTERY],
                interval="1h",
                date_start=T0,
                unit_code=["HPR1"],
            )
        (result,) = response.data[0].results
        assert result.columns.unit_code == "HPR1"
        return [p.value for p in result.data]

    assert asyncio.run(fetch()) == [120.0]


def test_client_sees_api_errors(base_url: str) -> None:
    from openelectricity.client import APIError

    client = OEClient(api_key="x", base_url=base_url)
    with pytest.raises(APIError, match="too large"):
        client.get_network_data(
            "NEM",
            [DataMetric.POWER],
            interval="5m",
            date_start=datetime(2024, 1, 1),
            date_end=datetime(2024, 6, 1),
        )
