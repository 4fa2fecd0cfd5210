"""Registration history, retired units and source precedence on real AEMO files, through dbt.

Real: the 2026 registration list, CO2EII, the full-month MMSDM 2017-06 DUDETAIL, DUDETAILSUMMARY,
STATION and TRADINGREGIONSUM files, and the 2026-05-14 Next_Day_Dispatch file (NEMOSIS subset).
The Next_Day_Actual_Gen file is written from the documented METER_DATA.GEN_DUID format (no real
one exists in the fixtures; see tests/ingest/test_nemweb_next_day.py).
"""

from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from flows.downstream import run_transform
from ingest.loader import load_file
from ingest.sources.registration import load_registration_list
from ingest.stores.duckdb_store import DuckDBRawStore
from opennem.warehouse import WarehouseUrl
from tests.ingest.sources.nemweb.test_next_day import ACTUAL_GEN_NAME, actual_gen_zip
from tests.transform.conftest import CO2EII, REGISTRY

MMSDM_2017_06 = "mmsdm/2017_06"
NEXT_DAY_DISPATCH = "nemweb/current/Next_Day_Dispatch"
SELECTION = [
    "+dim_units",
    "+int_unit_registrations__historised",
    "+int_unit_energy__prioritised_by_source",
    "+int_dispatch_unit_solution__deduplicated",
    "+stg_aemo__trading_regionsum",
]


@pytest.fixture(scope="module")
def warehouse(fixtures_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("history") / "warehouse.duckdb"
    with duckdb.connect(str(path)) as conn:
        store = DuckDBRawStore(conn)
        load_registration_list(store, fixtures_dir / REGISTRY)
        files = [
            fixtures_dir / CO2EII,
            *sorted((fixtures_dir / MMSDM_2017_06).glob("*.CSV")),
            *sorted((fixtures_dir / NEXT_DAY_DISPATCH).glob("*.zip")),
        ]
        for file in files:
            result = load_file(store, file, check_count=False)
            assert result.status == "loaded", result.reason
        actual = load_file(store, "test", name=ACTUAL_GEN_NAME, data=actual_gen_zip())
        assert actual.status == "loaded", actual.reason
    run_transform(["build", "--select", *SELECTION], WarehouseUrl.parse(f"duckdb:///{path}"))
    return path


def query(path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path)) as conn:
        return conn.execute(sql).fetchall()


def dim_units(path: Path) -> str:
    """The dim_units relation (`marts.dim_units`, or `marts.dim_units_v1` once versioned)."""
    (name,) = query(
        path,
        "select table_name from information_schema.tables "
        "where table_schema = 'marts' and table_name in ('dim_units', 'dim_units_v1')",
    )[0]
    return f"marts.{name}"


def test_units_retired_before_the_registration_list_resolve(warehouse: Path) -> None:
    rows = query(
        warehouse,
        "select unit_code, network_region, fueltech_id, dispatch_type, capacity_registered_mw, "
        f"status_id from {dim_units(warehouse)} where unit_code like 'HWPS%' or unit_code = 'LD01' "
        "order by unit_code",
    )
    assert [r[0] for r in rows] == [*(f"HWPS{n}" for n in range(1, 9)), "LD01"]
    assert {(*r[1:4], r[5]) for r in rows if r[0].startswith("HWPS")} == {
        ("VIC1", "coal_brown", "GENERATOR", "retired")
    }
    assert rows[0][4] == 220.0
    assert rows[-1][1:] == ("NSW1", "coal_black", "GENERATOR", 500.0, "retired")
    operating = query(
        warehouse, "select status_id from marts.dim_units_v1 where unit_code = 'BW01'"
    )
    assert operating == [("operating",)]


def test_registration_history_ends_when_hazelwood_closed(warehouse: Path) -> None:
    (last,) = query(
        warehouse,
        "select effective_to, station_name from intermediate.int_unit_registrations__historised "
        "where unit_code = 'HWPS1' order by effective_from desc limit 1",
    )
    assert last == (datetime(2017, 4, 1), "Hazelwood Power Station")


def test_meter_data_wins_where_it_exists(warehouse: Path) -> None:
    rows = query(
        warehouse,
        "select unit_code, interval_start, source, power_mw, metered_energy_mwh "
        "from intermediate.int_unit_energy__prioritised_by_source "
        "order by unit_code, interval_start",
    )
    assert rows == [
        ("AGLHAL", datetime(2026, 5, 14, 4, 0), "meter_data", 0.0, 0.0),
        ("HDWF2", datetime(2026, 5, 14, 4, 0), "meter_data", 31.5, 2.625),
        ("HDWF2", datetime(2026, 5, 14, 4, 5), "meter_data", 30.0, 2.5),
    ]


def test_unit_solution_keeps_one_physical_row_per_interval(warehouse: Path) -> None:
    counts = query(
        warehouse,
        "select unit_code, count(*), min(interval_start) "
        "from intermediate.int_dispatch_unit_solution__deduplicated group by 1 order by 1",
    )
    assert counts == [
        ("AGLHAL", 288, datetime(2026, 5, 14, 4, 0)),
        ("HDWF2", 288, datetime(2026, 5, 14, 4, 0)),
    ]


def test_trading_regionsum_history_is_staged(warehouse: Path) -> None:
    (row,) = query(
        warehouse,
        "select count(*), count(distinct network_region), min(interval_end), max(interval_end) "
        "from staging.stg_aemo__trading_regionsum",
    )
    assert row == (7200, 5, datetime(2017, 6, 1, 0, 30), datetime(2017, 7, 1))
