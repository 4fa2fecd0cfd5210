"""Legacy WEM (before the 2023-10-01 08:00 AWST reform) and WEMDE through to the marts.

No real legacy or WEMDE file exists in the fixtures (fixtures/PROVENANCE.md, wem/ gap): the legacy
facility SCADA and balancing summary CSVs are written here in the documented layout of
tests/ingest/test_wem.py, the WEMDE files with its helpers. Each source has one row on the wrong
side of the reform, which must not be counted.
"""

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

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
from tests.transform.conftest import MART_SELECTION, NO_LOOKBACK

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
FIRST_FILES = [
    ("facility-scada-2023-09.csv", parse_facility_scada_legacy, LEGACY_SCADA),
    ("balancing-summary-2023.csv", parse_balancing_summary, BALANCING),
    ("FacilityScada_20231001.zip", parse_facility_scada, WEMDE_SCADA),
    ("ReferenceTradingPrice_2023-10-01.json", parse_reference_trading_price,
     price_json("2023-10-01")),
]  # fmt: skip
# Published later: a revised legacy half hour, and WEMDE revising 08:00 and adding 08:05.
LATER_FILES = [
    ("facility-scada-2023-09-revised.csv", parse_facility_scada_legacy, "\n".join([
        SCADA_HEADER,
        '"2023-09-30",48,2023-10-01 07:30:00,"WPGENER","COLLIE_G1",7.5,20,"2023-10-03"',
    ]).encode()),
    ("FacilityScada_20231001_revised.zip", parse_facility_scada, zipped(
        "SCADA_2023-10-01.json",
        scada_json("2023-10-01", [("08:00", "COLLIE_G1", 3), ("08:05", "COLLIE_G1", 4)]),
    )),
]  # fmt: skip
WEM_MODELS = ["int_wem_facility_scada__deduplicated", "int_wem_market__aggregated_to_intervals"]
LAST_LEGACY = [datetime(2023, 10, 1, 7, minute) for minute in range(30, 60, 5)]
FIRST_WEMDE = datetime(2023, 10, 1, 8, 0)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("wem_history") / "warehouse.duckdb"
    load_wem(path, FIRST_FILES)
    run_transform(
        ["build", *MART_SELECTION, "+fct_unit_intervals"],
        WarehouseUrl.parse(f"duckdb:///{path}"),
    )
    return path


def load_wem(path: Path, files: list[tuple[str, Callable[..., Any], bytes]]) -> None:
    with duckdb.connect(str(path)) as conn:
        store = DuckDBRawStore(conn)
        ensure_raw_tables(store)
        for name, parse, data in files:
            result = load_records(store, name, parse, data=data)
            assert result.status == "loaded", result.reason


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


def test_incremental_wem_models_equal_a_rebuild(tmp_path: Path) -> None:
    """The WEM's deduplicated SCADA and market intervals, built again after a revised legacy
    half hour and a revised and a new WEMDE interval, equal a rebuild from scratch."""
    path = tmp_path / "warehouse.duckdb"
    warehouse = WarehouseUrl.parse(f"duckdb:///{path}")
    build = ["build", "--select", *(f"+{model}" for model in WEM_MODELS), *NO_LOOKBACK]
    load_wem(path, FIRST_FILES)
    run_transform(build, warehouse)
    load_wem(path, LATER_FILES)
    run_transform(build, warehouse)
    incremental = [
        query(path, f"select * from intermediate.{model} order by all") for model in WEM_MODELS
    ]

    run_transform(["run", "--select", *WEM_MODELS, "--full-refresh"], warehouse)
    assert [
        query(path, f"select * from intermediate.{model} order by all") for model in WEM_MODELS
    ] == incremental
    scada = query(
        path,
        "select interval_start, energy_mwh from intermediate.int_wem_facility_scada__deduplicated "
        "where interval_start >= '2023-10-01 07:55:00' order by interval_start",
    )
    assert scada == [
        (LAST_LEGACY[-1], 1.25),
        (FIRST_WEMDE, 3.0),
        (datetime(2023, 10, 1, 8, 5), 4.0),
    ]
