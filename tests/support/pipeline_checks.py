"""What the whole-pipeline tests (tests/e2e on DuckDB, tests/engines on PostgreSQL and chDB)
check against the simulator's truth, in one place."""

from datetime import date, datetime, timedelta
from typing import Any

from starlette.testclient import TestClient

from ingest.sources.catalog import Window, crawl
from ingest.stores import open_store
from opennem.warehouse import WarehouseUrl
from simulator import Simulation
from simulator.model import INTERCONNECTORS

FIRST_DAY, LAST_DAY = date(2024, 8, 1), date(2024, 8, 2)
REPORTS = ("dispatch_scada", "dispatch_is", "trading_is", "rooftop_pv")
DAYS = Window(datetime(2024, 8, 1), datetime(2024, 8, 2, 23, 55))
NEM_CRAWLS = (
    ("cdeii", Window()),
    ("mmsdm:INTERCONNECTOR", Window(datetime(2024, 8, 1, 0, 5), datetime(2024, 8, 1, 0, 5))),
    *((report, Window(datetime(2024, 8, 1))) for report in REPORTS),
)
WEM_CRAWLS = (("wem:facility_scada", DAYS), ("wem:reference_trading_price", DAYS))
FIVE_MINUTES = timedelta(minutes=5)
# Next_Day_Dispatch (DISPATCH.UNIT_SOLUTION: the batteries' state of charge), as the demo crawls it;
# the simulator writes it when asked for DISPATCHLOAD
NEXT_DAY_CRAWLS = (("next_day_dispatch", Window(datetime(2024, 8, 1))),)
UNIT_ENERGY_SQL = (
    "select energy_mwh from marts.fct_unit_intervals_v1 where unit_code = ? and interval_start = ?"
)


def crawl_all(
    warehouse: WarehouseUrl, base_url: str, crawls: tuple[tuple[str, Window], ...]
) -> dict[str, int]:
    """Crawl each source (as `opennem crawl` does) over its window; files loaded per source."""
    loaded: dict[str, int] = {}
    with open_store(warehouse) as store:
        for argument, window in crawls:
            result: Any = crawl(store, argument, window, base_url)
            assert result.ok, result.describe()
            loaded[argument] = len(result.names("loaded"))
    return loaded


def series(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["name"]: dict(map(tuple, r["data"])) for r in body["data"][0]["results"]}


def label(interval_end: datetime) -> str:
    return (interval_end - FIVE_MINUTES).isoformat() + "+10:00"


def coal_unit_energy(simulation: Simulation) -> tuple[list[object], float]:
    """The query parameters of one coal unit's interval at noon, and its trapezoid energy."""
    unit = next(u for u in simulation.units if u.fueltech_id == "coal_black")
    end = datetime(2024, 8, 2, 12, 0)
    now, before = (
        simulation.scada_mw(unit.duid, end),
        simulation.scada_mw(unit.duid, end - FIVE_MINUTES),
    )
    return [unit.duid, end - FIVE_MINUTES], (now + before) / 24


def nsw1_market_5m(
    api: TestClient, metrics: tuple[str, ...] = ("price", "demand")
) -> dict[str, dict[str, Any]]:
    """NSW1's 5-minute market `metrics` of the last simulated day: metric -> label -> value."""
    response = api.get(
        "/v4/market/network/NEM",
        params={
            "metrics": list(metrics),
            "interval": "5m",
            "primary_grouping": "network_region",
            "network_region": "NSW1",
            "date_start": "2024-08-02T00:00:00",
            "date_end": "2024-08-03T00:00:00",
        },
    )
    assert response.status_code == 200, response.text
    return {
        item["metric"]: series({"data": [item]})[f"{item['metric']}_NSW1"]
        for item in response.json()["data"]
    }


def last_day_ends(truth: dict[datetime, float]) -> list[datetime]:
    """The interval ends of the last simulated day after its first hour (a full 5m grid)."""
    ends = [end for end in truth if end.date() == LAST_DAY and end.hour > 0]
    assert len(ends) > 250
    return ends


def battery_storage(simulation: Simulation, ends: list[datetime]) -> list[float]:
    """The simulated batteries' summed state of charge (MWh) at each interval END."""
    batteries = [unit.duid for unit in simulation.units if unit.fueltech_id == "battery"]
    assert batteries
    return [sum(simulation.storage_mwh(d, end) or 0.0 for d in batteries) for end in ends]


def storage_5m(api: TestClient, network: str = "NEM") -> dict[str, Any]:
    """The served storage_battery total of the first six hours of the last simulated day."""
    params = {
        "metrics": "storage_battery",
        "date_start": "2024-08-02T00:00:00",
        "date_end": "2024-08-02T06:00:00",
    }
    response = api.get(f"/v4/data/network/{network}", params=params)
    assert response.status_code == 200, response.text
    return series(response.json())["storage_battery_total"]


def first_hours_ends() -> list[datetime]:
    """The interval ends of the first six hours of the last simulated day."""
    return [datetime(2024, 8, 2, 0, 5) + FIVE_MINUTES * step for step in range(72)]


# Flows (fct_region_flows and the regional imports/exports the market summary reads).
FLOWS_SQL = (
    "select interconnector_id, interval_start, region_from, region_to, power_mw "
    "from marts.fct_region_flows_v1"
)
REGION_FLOWS_SQL = (
    "select network_region, interval_start, flow_imports_mw, flow_exports_mw "
    "from intermediate.int_region_flows__aggregated_to_regions"
)


def simulated_flows(simulation: Simulation) -> dict[tuple[str, datetime], tuple[str, str, float]]:
    """(interconnector, interval START) -> (REGIONFROM, REGIONTO, MW) as the simulator wrote."""
    return {
        (ic, end - FIVE_MINUTES): (*INTERCONNECTORS[ic][:2], mw)
        for ic, by_end in simulation.interconnector_mw.items()
        for end, mw in by_end.items()
    }


def simulated_region_flows(
    simulation: Simulation,
) -> dict[tuple[str, datetime], tuple[float, float]]:
    """(region, interval START) -> (imports MW, exports MW): flows into and out of it, by the
    direction each flows (each >= 0)."""
    totals: dict[tuple[str, datetime], tuple[float, float]] = {}
    for (_, start), (src, dst, mw) in simulated_flows(simulation).items():
        for region, into in ((dst, max(mw, 0.0)), (src, max(-mw, 0.0))):
            imports, exports = totals.get((region, start), (0.0, 0.0))
            totals[region, start] = (imports + into, exports)
        for region, out in ((src, max(mw, 0.0)), (dst, max(-mw, 0.0))):
            imports, exports = totals.get((region, start), (0.0, 0.0))
            totals[region, start] = (imports, exports + out)
    return totals
