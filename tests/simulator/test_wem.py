"""The simulated WEM: WEMDE daily files served on loopback, crawled by the real WEM crawler."""

import csv
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from ingest.sources.wem import crawl
from ingest.stores.duckdb_store import DuckDBRawStore
from simulator import serve, simulate
from simulator.wem import FACILITIES, WemSimulation

DAYS = (date(2024, 12, 1), date(2024, 12, 2))
WEM_UNITS_SEED = Path(__file__).parents[2] / "transform" / "seeds" / "wem_units.csv"


@pytest.fixture(scope="module")
def wem_tree(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, WemSimulation]:
    root = tmp_path_factory.mktemp("wem_sim")
    sim = simulate(root, *DAYS, units=10, seed=3, current=False, wem=True)
    assert sim.wem is not None
    return root, sim.wem


def test_truth_covers_each_trading_day(wem_tree: tuple[Path, WemSimulation]) -> None:
    _, wem = wem_tree
    assert len(wem.price) == 48 * len(DAYS)
    assert min(wem.price) == datetime(2024, 12, 1, 8, 0)
    assert max(wem.price) == datetime(2024, 12, 3, 7, 30)
    for facility in FACILITIES:
        assert len(wem.energy_mwh[facility.code]) == 288 * len(DAYS)
    solar_night = wem.energy_mwh["MERSOLAR_PV1"][datetime(2024, 12, 2, 2, 0)]
    solar_noon = wem.energy_mwh["MERSOLAR_PV1"][datetime(2024, 12, 2, 12, 30)]
    assert solar_night == 0 < solar_noon <= 100 / 12


def test_the_wem_crawler_loads_what_was_simulated(
    wem_tree: tuple[Path, WemSimulation], duckdb_path: Path
) -> None:
    root, wem = wem_tree
    with serve(root) as base_url, duckdb.connect(str(duckdb_path)) as conn:
        store = DuckDBRawStore(conn)
        scada = crawl(
            "facility_scada", store=store, since=DAYS[0], until=DAYS[1], base_url=base_url
        )
        prices = crawl(
            "reference_trading_price", store=store, since=DAYS[0], until=DAYS[1], base_url=base_url
        )
        assert scada.ok and prices.ok
        assert scada.names("loaded") == ["FacilityScada_20241201.zip", "FacilityScada_20241202.zip"]
        assert len(prices.names("loaded")) == 2
        loaded = conn.execute(
            "select dispatch_interval, code, quantity from raw.wem_facility_scada"
        ).fetchall()
        price_rows = conn.execute(
            "select trading_interval, reference_trading_price from raw.wem_reference_trading_price"
        ).fetchall()
    expected = {
        (f"{start:%Y-%m-%dT%H:%M:%S}+08:00", code, mwh)
        for code, series in wem.energy_mwh.items()
        for start, mwh in series.items()
    }
    assert {(when, code, float(q)) for when, code, q in loaded} == expected
    assert len(loaded) == len(expected)
    assert {(when, float(p)) for when, p in price_rows} == {
        (f"{start:%Y-%m-%dT%H:%M:%S}+08:00", price) for start, price in wem.price.items()
    }


def test_simulation_is_reproducible(tmp_path: Path, wem_tree: tuple[Path, WemSimulation]) -> None:
    root, _ = wem_tree
    again = simulate(tmp_path, *DAYS, units=10, seed=3, current=False, wem=True)
    assert again.wem is not None
    for path in again.wem.files:
        assert path.read_bytes() == (root / path.relative_to(tmp_path)).read_bytes()


def test_simulated_facilities_are_units_of_the_wem_seed() -> None:
    with WEM_UNITS_SEED.open(newline="") as seed:
        units = {row["unit_code"]: row for row in csv.DictReader(seed)}
    for facility in FACILITIES:
        unit = units[facility.code]
        assert unit["fueltech_id"] == facility.fueltech_id, facility.code
        assert float(unit["capacity_registered_mw"]) == facility.capacity_mw, facility.code
