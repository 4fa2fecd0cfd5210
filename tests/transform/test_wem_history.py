"""Legacy WEM (before the 2023-10-01 08:00 AWST reform) and WEMDE through to the marts.

No real legacy or WEMDE file exists in the fixtures (fixtures/PROVENANCE.md, wem/ gap): the legacy
facility SCADA and balancing summary CSVs are written here in the documented layout of
tests/ingest/test_wem.py, the WEMDE files with its helpers. Each source has one row on the wrong
side of the reform, which must not be counted.
"""

from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from flows.downstream import run_transform
from ingest.loader import load_records
from ingest.sources.catalog import ensure_raw_tables
from ingest.sources.wem.parsers import (
    parse_balancing_summary,
    parse_facility_scada,
    parse_facility_scada_legacy,
    parse_reference_trading_price,
)
from ingest.stores.duckdb_store import DuckDBRawStore
from opennem.warehouse import WarehouseUrl
from tests.ingest.sources.test_wem import (
    BALANCING_HEADER,
    SCADA_HEADER,
    price_json,
    scada_json,
    zipped,
)
from tests.transform.conftest import MART_SELECTION

LEGACY_SCADA = "\n".join(
    [
        SCADA_HEADER,
        '"2023-09-29",48,2023-09-30 07:30:00,"WPGENER","COLLIE_G1",9,20,"2023-10-02"',
        '"2023-09-30",48,2023-10-01 07:30:00,"WPGENER","COLLIE_G1",6,20,"2023-10-02"',
        '"2023-10-01",1,2023-10-01 08:00:00,"WPGENER","COLLIE_G1",60,20,"2023-10-02"',
    ]
).encode()
BALANCING = "\n".join(
    [
        BALANCING_HEADER,
        '"2023-09-30",48,2023-10-01 07:30:00,900,2023-10-01 07:00:00,800,100,900,-5,"2023-10-02"',
        '"2023-10-01",1,2023-10-01 08:00:00,900,2023-10-01 07:30:00,800,100,900,999,"2023-10-02"',
    ]
).encode()
WEMDE_SCADA = zipped("SCADA_2023-10-01.json", scada_json("2023-10-01", [("08:00", "COLLIE_G1", 2)]))
LAST_LEGACY = [datetime(2023, 10, 1, 7, minute) for minute in range(30, 60, 5)]
FIRST_WEMDE = datetime(2023, 10, 1, 8, 0)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("wem_history") / "warehouse.duckdb"
    with duckdb.connect(str(path)) as conn:
        store = DuckDBRawStore(conn)
        ensure_raw_tables(DuckDBRawStore(conn))
        for name, parse, data in [
            ("facility-scada-2023-09.csv", parse_facility_scada_legacy, LEGACY_SCADA),
            ("balancing-summary-2023.csv", parse_balancing_summary, BALANCING),
            ("FacilityScada_20231001.zip", parse_facility_scada, WEMDE_SCADA),
            ("ReferenceTradingPrice_2023-10-01.json", parse_reference_trading_price,
             price_json("2023-10-01")),
        ]:  # fmt: skip
            result = load_records(store, name, parse, data=data)
            assert result.status == "loaded", result.reason
    run_transform(
        ["build", *MART_SELECTION, "+fct_unit_intervals"],
        WarehouseUrl.parse(f"duckdb:///{path}"),
    )
    return path


def query(path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path)) as conn:
        return conn.execute(sql).fetchall()


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_unit_intervals_take_legacy_before_the_reform_and_wemde_after(
    warehouse: Path, version: str
) -> None:
    rows = query(
        warehouse,
        "select interval_start, energy_mwh, power_mw, emissions_t, market_value "
        f"from marts.fct_unit_intervals_{version} where unit_code = 'COLLIE_G1' "
        "and interval_start >= '2023-10-01 07:30:00' order by interval_start",
    )
    legacy = [(start, 1.0, 12.0, pytest.approx(0.91), -5.0) for start in LAST_LEGACY]
    assert rows == [*legacy, (FIRST_WEMDE, 2.0, 24.0, pytest.approx(1.82), 101.0)]


def test_legacy_energy_of_a_half_hour_is_kept_on_the_five_minute_grid(warehouse: Path) -> None:
    rows = query(
        warehouse,
        "select count(*), sum(energy_mwh), min(power_mw), max(power_mw) "
        "from marts.fct_unit_intervals_v1 where unit_code = 'COLLIE_G1' "
        "and interval_start < '2023-09-30 08:00:00'",
    )
    assert rows == [(6, pytest.approx(9.0), 18.0, 18.0)]


def test_market_summary_prices_and_demand_across_the_reform(warehouse: Path) -> None:
    rows = query(
        warehouse,
        "select interval_start, price, demand, demand_total from marts.fct_market_summary_v2 "
        "where network_id = 'WEM' and interval_start in "
        "('2023-10-01 07:55:00', '2023-10-01 08:00:00') order by interval_start",
    )
    assert rows == [
        (LAST_LEGACY[-1], -5.0, 12.0, 12.0),
        (FIRST_WEMDE, 50.5, 24.0, 24.0),
    ]
