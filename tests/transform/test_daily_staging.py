"""DREGION (Daily_Reports) and DEMAND.INTERMITTENT_GEN_SCADA staged from the real 2026-05-14 files.

Both files are NEMOSIS-filtered copies (NSW1 and SA1; DUID HDWF2): the count check is off.
"""

from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from flows.downstream import run_transform
from ingest.loader import load_file
from ingest.stores.duckdb_store import DuckDBRawStore
from opennem.warehouse import WarehouseUrl

CURRENT = Path("nemweb") / "current"
FOLDERS = ("Daily_Reports", "Next_Day_Intermittent_Gen_Scada")


@pytest.fixture(scope="module")
def warehouse(fixtures_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("daily") / "warehouse.duckdb"
    with duckdb.connect(str(path)) as conn:
        store = DuckDBRawStore(conn)
        for folder in FOLDERS:
            file = next((fixtures_dir / CURRENT / folder).glob("*.zip"))
            result = load_file(store, file, check_count=False)
            assert result.status == "loaded", result.reason
    run_transform(
        ["build", "--select", "stg_aemo__dregion", "stg_aemo__intermittent_gen_scada"],
        WarehouseUrl.parse(f"duckdb:///{path}"),
    )
    return path


def query(path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path)) as conn:
        return conn.execute(sql).fetchall()


def test_dregion_stages_every_interval_of_the_market_day(warehouse: Path) -> None:
    counts = query(
        warehouse,
        "select network_region, count(*), min(interval_end), max(interval_end) "
        "from staging.stg_aemo__dregion group by network_region order by network_region",
    )
    first, last = datetime(2026, 5, 14, 4, 5), datetime(2026, 5, 15, 4, 0)
    assert counts == [("NSW1", 288, first, last), ("SA1", 288, first, last)]


def test_dregion_keeps_the_published_demand_and_price(warehouse: Path) -> None:
    rows = query(
        warehouse,
        "select network_region, run_no, intervention, price, total_demand_mw, "
        "net_interchange_mw from staging.stg_aemo__dregion "
        "where interval_end = '2026-05-14 04:05:00' order by network_region",
    )
    assert rows == [
        ("NSW1", 1, 0, 75.47365, 6673.31, -1192.79),
        ("SA1", 1, 0, 57.82941, 1330.24, 225.37),
    ]


def test_intermittent_gen_scada_stages_each_reading_type(warehouse: Path) -> None:
    rows = query(
        warehouse,
        "select unit_code, scada_type, scada_value, scada_quality, last_changed "
        "from staging.stg_aemo__intermittent_gen_scada "
        "where interval_end = '2026-05-14 04:05:00' order by scada_type",
    )
    changed = datetime(2026, 5, 15, 4, 10, 47)
    assert rows == [
        ("HDWF2", "ELAV", 32.0, "Good", changed),
        ("HDWF2", "LOCL", 100.0, "Good", changed),
    ]
    (total,) = query(warehouse, "select count(*) from staging.stg_aemo__intermittent_gen_scada")
    assert total == (576,)
