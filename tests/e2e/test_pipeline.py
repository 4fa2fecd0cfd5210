"""The whole pipeline on the real code paths: simulated NEMWEB on loopback -> crawl -> load ->
registry -> dbt build -> API, with the answers checked against what the simulator wrote."""

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest

from opennem.warehouse import WarehouseUrl
from tests.support.e2e_warehouse import Pipeline
from tests.support.pipeline_checks import (
    FIVE_MINUTES,
    FLOWS_SQL,
    NEM_CRAWLS,
    REGION_FLOWS_SQL,
    UNIT_ENERGY_SQL,
    WEM_CRAWLS,
    battery_storage,
    coal_unit_energy,
    crawl_all,
    first_hours_ends,
    label,
    last_day_ends,
    nsw1_market_5m,
    series,
    simulated_flows,
    simulated_region_flows,
    storage_5m,
)

pytestmark = pytest.mark.e2e


def query(database: Path, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(database)) as conn:  # dbt in this process holds the file open
        return conn.execute(sql, params or []).fetchall()


def test_every_crawled_file_is_loaded_once(pipeline: Pipeline) -> None:
    statuses = query(pipeline.database, "select status, count(*) from raw.load_ledger group by 1")
    assert dict(statuses).keys() == {"loaded"}
    expected_scada_rows = len(pipeline.simulation.units) * 2 * 288
    (scada_rows,) = query(pipeline.database, "select count(*) from raw.dispatch_unit_scada")[0]
    assert scada_rows == expected_scada_rows


def test_reloading_changes_nothing(pipeline: Pipeline) -> None:
    before = query(pipeline.database, "select count(*) from raw.dispatch_unit_scada")

    again = crawl_all(
        WarehouseUrl.parse(f"duckdb:///{pipeline.database}"),
        pipeline.base_url,
        NEM_CRAWLS + WEM_CRAWLS,
    )

    assert set(again.values()) == {0}
    assert query(pipeline.database, "select count(*) from raw.dispatch_unit_scada") == before


def test_unit_energy_is_the_trapezoid_of_simulated_scada(pipeline: Pipeline) -> None:
    params, expected = coal_unit_energy(pipeline.simulation)

    rows = query(pipeline.database, UNIT_ENERGY_SQL, params)

    assert rows == [(pytest.approx(expected, abs=1e-3),)]


def test_api_prices_and_demand_are_what_aemo_published(pipeline: Pipeline) -> None:
    served = nsw1_market_5m(pipeline.api)

    for metric, truth in (
        ("price", pipeline.simulation.rrp["NSW1"]),
        ("demand", pipeline.simulation.total_demand["NSW1"]),
    ):
        ends = last_day_ends(truth)
        assert [served[metric][label(end)] for end in ends] == [
            pytest.approx(truth[end]) for end in ends
        ]


def test_api_daily_energy_reconciles_with_five_minute_energy(pipeline: Pipeline) -> None:
    common = {
        "metrics": "energy",
        "secondary_grouping": "fueltech",
        "network_region": "NSW1",
        "primary_grouping": "network_region",
        "date_start": "2024-08-02T00:00:00",
        "date_end": "2024-08-03T00:00:00",
    }
    daily = series(
        pipeline.api.get("/v4/data/network/NEM", params={**common, "interval": "1d"}).json()
    )
    five = series(
        pipeline.api.get("/v4/data/network/NEM", params={**common, "interval": "5m"}).json()
    )

    assert daily.keys() == five.keys() and daily
    for name, points in daily.items():
        assert list(points.values()) == [pytest.approx(sum(v or 0 for v in five[name].values()))]


def wem_series(pipeline: Pipeline, path: str, **params: str | list[str]) -> dict[str, Any]:
    common = {
        "interval": "5m",
        "date_start": "2024-08-02T00:00:00",
        "date_end": "2024-08-02T06:00:00",
    }
    response = pipeline.api.get(path, params={**common, **params})
    assert response.status_code == 200, response.text
    return series(response.json())


def wem_starts() -> list[datetime]:
    first = datetime(2024, 8, 2, 0, 0)
    return [first + FIVE_MINUTES * step for step in range(72)]


def wem_label(start: datetime) -> str:
    return start.isoformat() + "+08:00"


def test_api_wem_power_is_simulated_quantity_times_twelve(pipeline: Pipeline) -> None:
    truth = pipeline.simulation.wem
    assert truth is not None
    energy = truth.energy_mwh["NEWGEN_KWINANA_CCG1"]  # the only gas_ccgt facility simulated

    power = wem_series(
        pipeline, "/v4/data/network/WEM", metrics="power", secondary_grouping="fueltech"
    )
    (name,) = [name for name in power if name.endswith("gas_ccgt")]

    assert [power[name][wem_label(start)] for start in wem_starts()] == [
        pytest.approx(energy[start] * 12) for start in wem_starts()
    ]


def test_api_wem_price_and_demand_are_the_simulated_ones(pipeline: Pipeline) -> None:
    truth = pipeline.simulation.wem
    assert truth is not None
    body = pipeline.api.get(
        "/v4/market/network/WEM",
        params={
            "metrics": ["price", "demand"],
            "interval": "5m",
            "primary_grouping": "network_region",
            "date_start": "2024-08-02T00:00:00",
            "date_end": "2024-08-02T06:00:00",
        },
    )
    assert body.status_code == 200, body.text
    data = body.json()["data"]
    price = series({"data": [d for d in data if d["metric"] == "price"]})["price_WEM"]
    demand = series({"data": [d for d in data if d["metric"] == "demand"]})["demand_WEM"]

    starts = wem_starts()
    trading_starts = [start.replace(minute=start.minute // 30 * 30) for start in starts]
    assert [price[wem_label(start)] for start in starts] == [
        pytest.approx(truth.price[trading]) for trading in trading_starts
    ]
    assert [demand[wem_label(start)] for start in starts] == [
        pytest.approx(sum(facility[start] * 12 for facility in truth.energy_mwh.values()))
        for start in starts
    ]


def test_api_storage_battery_is_the_simulated_state_of_charge(pipeline: Pipeline) -> None:
    simulation = pipeline.simulation
    served = storage_5m(pipeline.api)
    ends = first_hours_ends()
    truth = battery_storage(simulation, ends)
    assert [served[label(end)] for end in ends] == [pytest.approx(level) for level in truth]
    daily = pipeline.api.get(
        "/v4/data/network/NEM",
        params={"metrics": "storage_battery", "interval": "1d", "date_start": "2024-08-02"},
    ).json()
    (day,) = series(daily)["storage_battery_total"].values()
    day_ends = [datetime(2024, 8, 2, 0, 5) + FIVE_MINUTES * step for step in range(288)]
    assert day == pytest.approx(sum(battery_storage(simulation, day_ends)) / 288)


def test_api_au_is_nem_plus_wem_two_hours_later(pipeline: Pipeline) -> None:
    def power(network: str, start: str, end: str) -> dict[str, Any]:
        params = {"metrics": "power", "date_start": start, "date_end": end}
        response = pipeline.api.get(f"/v4/data/network/{network}", params=params)
        assert response.status_code == 200, response.text
        return series(response.json())["power_total"]

    au = power("AU", "2024-08-02T02:00:00", "2024-08-02T04:00:00")
    nem = power("NEM", "2024-08-02T02:00:00", "2024-08-02T04:00:00")
    wem = power("WEM", "2024-08-02T00:00:00", "2024-08-02T02:00:00")
    starts = [datetime(2024, 8, 2, 2) + FIVE_MINUTES * step for step in range(24)]
    assert [au[f"{start.isoformat()}+10:00"] for start in starts] == [
        pytest.approx(
            nem[f"{start.isoformat()}+10:00"]
            + wem[f"{(start - timedelta(hours=2)).isoformat()}+08:00"]
        )
        for start in starts
    ]


def test_flows_are_the_simulated_interconnector_flows(pipeline: Pipeline) -> None:
    truth = simulated_flows(pipeline.simulation)

    rows = query(pipeline.database, FLOWS_SQL)

    assert {(ic, start): (src, dst, mw) for ic, start, src, dst, mw in rows} == {
        key: (src, dst, pytest.approx(mw)) for key, (src, dst, mw) in truth.items()
    }


def test_region_imports_and_exports_are_the_simulated_ones(pipeline: Pipeline) -> None:
    truth = simulated_region_flows(pipeline.simulation)

    rows = query(pipeline.database, REGION_FLOWS_SQL)

    assert {(region, start): (imports, exports) for region, start, imports, exports in rows} == {
        key: (pytest.approx(imports), pytest.approx(exports))
        for key, (imports, exports) in truth.items()
    }


def half_hour_end(interval_end: datetime) -> datetime:
    past = (interval_end.minute % 30) or 30
    return interval_end + timedelta(minutes=30 - past)


def test_api_market_metrics_are_the_simulated_ones(pipeline: Pipeline) -> None:
    simulation = pipeline.simulation
    served = nsw1_market_5m(
        pipeline.api,
        (
            "demand_gross",
            "flow_imports",
            "flow_exports",
            "renewable_proportion",
            "generation_renewable",
            "curtailment",
        ),
    )
    rooftop = simulation.rooftop_mw["NSW1"]
    flows = simulated_region_flows(simulation)
    ends = [end for end in last_day_ends(simulation.total_demand["NSW1"]) if end.hour < 23]

    assert [served["demand_gross"][label(end)] for end in ends] == [
        pytest.approx(simulation.demand_and_nonschedgen["NSW1"][end] + rooftop[half_hour_end(end)])
        for end in ends
    ]
    for metric, index in (("flow_imports", 0), ("flow_exports", 1)):
        assert [served[metric][label(end)] for end in ends] == [
            pytest.approx(flows[("NSW1", end - FIVE_MINUTES)][index]) for end in ends
        ]
    assert all(0 <= served["renewable_proportion"][label(end)] <= 100 for end in ends)
    # utility wind, solar, hydro and bioenergy (no loads, no battery) + rooftop PV
    renewable = [
        unit.duid
        for unit in simulation.units
        if unit.region == "NSW1"
        and unit.fueltech_id.startswith(("wind", "solar", "hydro", "bioenergy"))
    ]
    assert renewable
    assert [served["generation_renewable"][label(end)] for end in ends] == [
        pytest.approx(
            sum(simulation.scada_mw(duid, end) for duid in renewable) + rooftop[half_hour_end(end)]
        )
        for end in ends
    ]
    # the simulator publishes semi-scheduled output at its UIGF: nothing curtailed
    assert {served["curtailment"][label(end)] for end in ends} == {0.0}


def test_records_are_the_simulated_extremes(pipeline: Pipeline) -> None:
    """The standing interval demand records of NSW1 and of the NEM (the sum of its regions) are
    the highest and lowest simulated demand over the intervals loaded."""
    loaded = {
        start + FIVE_MINUTES
        for (start,) in query(
            pipeline.database,
            "select distinct interval_start from marts.fct_market_summary_v2 "
            "where network_id = 'NEM' and demand is not null",
        )
    }
    demand = pipeline.simulation.total_demand
    nsw1 = [demand["NSW1"][end] for end in loaded]
    nem = [sum(demand[region][end] for region in demand) for end in loaded]

    standing = dict(
        query(
            pipeline.database,
            "select record_id, value from marts.fct_milestones_v1 as m "
            "where interval_start = (select max(interval_start) from marts.fct_milestones_v1 "
            "where record_id = m.record_id)",
        )
    )

    assert standing["au.nem.nsw1.demand.interval.high"] == pytest.approx(max(nsw1))
    assert standing["au.nem.nsw1.demand.interval.low"] == pytest.approx(min(nsw1))
    assert standing["au.nem.demand.interval.high"] == pytest.approx(max(nem))
    assert standing["au.nem.demand.interval.low"] == pytest.approx(min(nem))
