"""What the whole-pipeline tests (tests/e2e on DuckDB, tests/engines on PostgreSQL and chDB)
check against the simulator's truth, in one place."""

from datetime import date, datetime, timedelta
from typing import Any

from starlette.testclient import TestClient

from ingest.sources.catalog import Window, crawl
from ingest.stores import open_store
from opennem.warehouse import WarehouseUrl
from simulator import Simulation

FIRST_DAY, LAST_DAY = date(2024, 8, 1), date(2024, 8, 2)
REPORTS = ("dispatch_scada", "dispatch_is", "trading_is", "rooftop_pv")
DAYS = Window(datetime(2024, 8, 1), datetime(2024, 8, 2, 23, 55))
NEM_CRAWLS = (("cdeii", Window()), *((report, Window(datetime(2024, 8, 1))) for report in REPORTS))
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


def nsw1_market_5m(api: TestClient) -> dict[str, dict[str, Any]]:
    """NSW1's 5-minute price and demand of the last simulated day: metric -> label -> value."""
    response = api.get(
        "/v4/market/network/NEM",
        params={
            "metrics": ["price", "demand"],
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
