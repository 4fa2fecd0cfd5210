"""Facility data, facilities and the caller's plan over the pipeline-built warehouse, through the
API and the public `openelectricity` 0.12 client (sync and async) on a real server:
`/v4/data/facilities/{network}` serves per unit the numbers a direct SQL query on
`fct_unit_intervals` (5m, 1h) and `fct_unit_intervals_daily` (1d, 1M) gives; `get_facilities`
lists the units of `dim_units`; `get_current_user` (`/v4/me`) names the key's plan.
"""

import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest
from openelectricity import AsyncOEClient, OEClient
from openelectricity.models.timeseries import TimeSeriesResponse
from openelectricity.types import DataMetric

from api.app import create_app
from api.reader import DuckDBServingReader
from opennem.serving import serving_path
from opennem.settings import get_settings
from tests.support.api_server import run_async, serving
from tests.support.e2e_warehouse import Pipeline
from tests.support.mart_sql import (
    GENERATION_METRICS,
    MEMBERS,
    OFFSETS,
    WINDOWS,
    Expected,
    Window,
    served,
    served_end,
)

pytestmark = pytest.mark.e2e

NETWORKS = ("NEM", "WEM")
UNITS_5M = "marts.fct_unit_intervals_v1"


def read(pipeline: Pipeline, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(serving_path(pipeline.database)), read_only=True) as conn:
        return conn.execute(sql, params).fetchall()


def facility_codes(pipeline: Pipeline, network: str) -> list[str]:
    """The facilities with data (the registry lists many more)."""
    rows = read(
        pipeline,
        "select distinct facility_code from marts.fct_unit_intervals_v1 where network_id = ? "
        "order by 1",
        [network],
    )
    codes = [code for (code,) in rows]
    assert 0 < len(codes) <= 30
    return codes


def unit_rows(grain: str) -> str:
    """A unit's rows, its parts (a battery's charging and discharging) added up per interval
    (day): time `t`, MW (5-minute rows), energy, emissions, market value, intervals (days)."""
    if grain == "5m":
        return """
select interval_start as t, network_id, unit_code, sum(power_mw) as power,
    sum(energy_mwh) as energy, sum(emissions_t) as emissions, sum(market_value) as market_value
from marts.fct_unit_intervals_v1
group by all"""
    return """
select cast(interval_day as timestamp) as t, network_id, unit_code, sum(energy_mwh) as energy,
    sum(emissions_t) as emissions, sum(market_value) as market_value,
    max(interval_count) as intervals
from marts.fct_unit_intervals_daily_v1
group by all"""


def expected(pipeline: Pipeline, network: str, window: Window) -> dict[str, Expected]:
    """metric -> {((unit_code,), label): value} of every unit of the network."""
    if window.grain == "5m":
        power = "sum(power) / count(distinct t)"  # the mean over the bucket's intervals
    else:
        power = "sum(energy) * 12 / sum(intervals)"  # energy / hours covered
    bucket = "date_trunc('month', t)" if window.grain == "month" else window.bucket
    sql = f"""
select {bucket} as bucket, unit_code, {power}, sum(energy), sum(emissions),
    sum(market_value)
from ({unit_rows(window.grain)}) as units
where network_id = ? and t >= ? and t < ?
group by all
"""
    served_to = served_end(str(serving_path(pipeline.database)), network, UNITS_5M)
    end = min(datetime.fromisoformat(window.date_end), served_to or datetime.max)
    rows = read(pipeline, sql, [*MEMBERS[network], datetime.fromisoformat(window.date_start), end])
    return {
        metric: {
            ((row[1],), f"{row[0].isoformat()}{OFFSETS[network]}"): row[2 + index]
            for row in rows
            if row[2 + index] is not None
        }
        for index, metric in enumerate(GENERATION_METRICS)
    }


def assert_same(found: dict[str, Expected], wanted: dict[str, Expected]) -> None:
    for metric, values in wanted.items():
        assert values, f"{metric}: the marts hold values to compare"
        assert found[metric].keys() == values.keys(), metric
        assert found[metric] == pytest.approx(values, rel=1e-9, abs=1e-6), metric


@pytest.mark.parametrize("window", WINDOWS, ids=lambda w: w.interval)
@pytest.mark.parametrize("network", NETWORKS)
def test_facility_data_is_the_unit_marts(pipeline: Pipeline, network: str, window: Window) -> None:
    response = pipeline.api.get(
        f"/v4/data/facilities/{network}",
        params={
            **window.params(),
            "metrics": GENERATION_METRICS,
            "facility_code": facility_codes(pipeline, network),
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    for item in body["data"]:
        assert {tuple(r["columns"]) for r in item["results"]} == {("unit_code",)}
    assert_same(served(body), expected(pipeline, network, window))


def test_storage_battery_per_unit_is_the_battery_mart(pipeline: Pipeline) -> None:
    window = WINDOWS[1]  # 1h
    sql = """
select date_trunc('hour', interval_start) as bucket, unit_code,
    avg(energy_storage_mwh)
from marts.fct_battery_storage_5m_v1
where network_id = 'NEM' and energy_storage_mwh is not null
    and interval_start >= ? and interval_start < ?
group by all
"""
    rows = read(
        pipeline,
        sql,
        [datetime.fromisoformat(window.date_start), datetime.fromisoformat(window.date_end)],
    )
    batteries = sorted({unit for _, unit, _ in rows})
    assert batteries
    response = pipeline.api.get(
        "/v4/data/facilities/NEM",
        params={**window.params(), "metrics": "storage_battery", "unit_code": batteries},
    )
    assert response.status_code == 200, response.text
    assert served(response.json())["storage_battery"] == pytest.approx(
        {((unit,), f"{bucket.isoformat()}+10:00"): soc for bucket, unit, soc in rows}
    )


# The public client, on a real server.
@pytest.fixture(scope="module")
def base_url(pipeline: Pipeline) -> Iterator[str]:
    with serving(create_app(DuckDBServingReader(serving_path(pipeline.database)))) as url:
        yield url


def received(response: TimeSeriesResponse) -> dict[str, Expected]:
    return {
        series.metric: {
            ((result.columns.unit_code,), point.root[0].isoformat()): point.root[1]
            for result in series.results
            for point in result.data
            if point.root[1] is not None
        }
        for series in response.data
    }


def client_params(pipeline: Pipeline, window: Window) -> dict[str, Any]:
    return {
        "facility_code": facility_codes(pipeline, "NEM"),
        "metrics": [DataMetric(metric) for metric in GENERATION_METRICS],
        "interval": window.interval,
        "date_start": datetime.fromisoformat(window.date_start),
        "date_end": datetime.fromisoformat(window.date_end),
    }


def test_sync_client_reads_facility_data(pipeline: Pipeline, base_url: str) -> None:
    window = WINDOWS[1]
    with OEClient(api_key="local", base_url=base_url) as client:
        response = client.get_facility_data("NEM", **client_params(pipeline, window))
    assert_same(received(response), expected(pipeline, "NEM", window))


def test_async_client_reads_facility_data(pipeline: Pipeline, base_url: str) -> None:
    window = WINDOWS[2]

    async def fetch() -> TimeSeriesResponse:
        async with AsyncOEClient(api_key="local", base_url=base_url) as client:
            return await client.get_facility_data("NEM", **client_params(pipeline, window))

    assert_same(received(run_async(fetch())), expected(pipeline, "NEM", window))


def units_of_dim_units(pipeline: Pipeline) -> dict[str, set[tuple[Any, ...]]]:
    rows = read(
        pipeline,
        "select facility_code, unit_code, fueltech_id, status_id, capacity_registered_mw "
        "from marts.dim_units_v1",
        [],
    )
    facilities: dict[str, set[tuple[Any, ...]]] = {}
    for facility, *unit in rows:
        facilities.setdefault(facility, set()).add(tuple(unit))
    return facilities


def test_sync_client_lists_every_facility_and_unit(pipeline: Pipeline, base_url: str) -> None:
    with OEClient(api_key="local", base_url=base_url) as client:
        response = client.get_facilities()
    assert {
        facility.code: {
            (unit.code, unit.fueltech_id, unit.status_id, unit.capacity_registered)
            for unit in facility.units
        }
        for facility in response.data
    } == units_of_dim_units(pipeline)


def test_async_client_filters_facilities(pipeline: Pipeline, base_url: str) -> None:
    registered = "select distinct facility_code from marts.dim_units_v1 where network_id = 'WEM'"
    wanted = sorted(code for (code,) in read(pipeline, registered, []))
    assert wanted

    async def fetch() -> list[str]:
        async with AsyncOEClient(api_key="local", base_url=base_url) as client:
            response = await client.get_facilities(network_id=["WEM"])
            return sorted(facility.code for facility in response.data)

    assert run_async(fetch()) == wanted


def create_key(plan: str) -> str:
    """A new key from `opennem keys create` (the key store of `OPENNEM_KEYS_PATH`)."""
    command = [str(Path(sys.executable).with_name("opennem")), "keys", "create", "--plan", plan]
    done = subprocess.run([*command, "e2e"], capture_output=True, text=True, check=True)
    return done.stdout.strip().splitlines()[-1]


@pytest.fixture
def protected_url(pipeline: Pipeline, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A server with keys and limits on (as `opennem api` runs), and a `pro` key."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("OPENNEM_KEYS_PATH", str(tmp_path / "keys.sqlite"))
        env.setenv("OPENNEM_API_PROTECTION", "true")
        env.delenv("OPENNEM_REDIS_URL", raising=False)
        get_settings.cache_clear()
        key = create_key("pro")
        app = create_app(DuckDBServingReader(serving_path(pipeline.database)))
        with serving(app) as url:
            yield url, key
    get_settings.cache_clear()


def test_sync_and_async_clients_read_the_keys_plan(protected_url: tuple[str, str]) -> None:
    url, key = protected_url
    with OEClient(api_key=key, base_url=url) as client:
        user = client.get_current_user()

    async def fetch() -> Any:
        async with AsyncOEClient(api_key=key, base_url=url) as client:
            return await client.get_current_user()

    for found in (user, run_async(fetch())):
        assert found.data.plan == "pro"
        assert found.data.rate_limit is not None
