"""The narrow layout of MMS raw tables on DuckDB and PostgreSQL (`ingest.stores.row_files`): rows
with a file id, each file's name and sha256 once, a view giving every engine's raw columns; a new
table version widens it; a table of the earlier wide layout is moved to it on the next load."""

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from ingest.loader import load_file
from ingest.stores import open_store, row_files
from opennem.warehouse import WarehouseUrl
from tests.engines.conftest import postgres_database
from tests.support.mms_text import write_mms_file

SCADA_ZIP = "mmsdm/2024_08/PUBLIC_ARCHIVE%23DISPATCH_UNIT_SCADA%23FILE01%23202408010000.zip"
SCADA_MEMBER = "PUBLIC_ARCHIVE#DISPATCH_UNIT_SCADA#FILE01#202408010000"
SCADA_ROWS = 2880
PUBLISHED = ["settlementdate", "duid", "scadavalue"]
# DuckDB keeps the version and load time on the row, PostgreSQL all provenance in raw.row_files.
ROW_COLUMNS = {
    "duckdb": ["_file_id", "_table_version", "_loaded_at", *PUBLISHED],
    "postgres": ["_file_id", *PUBLISHED],
}
VIEW_COLUMNS = ["_source_file", "_file_sha256", "_table_version", "_loaded_at", *PUBLISHED]
WIDE_TABLE = """
create schema raw;
create table raw.dispatch_unit_scada (
    settlementdate varchar, duid varchar, scadavalue varchar, _table_version varchar,
    _source_file varchar, _file_sha256 varchar, _loaded_at timestamp
);
insert into raw.dispatch_unit_scada values
    ('2024/07/31 23:55:00', 'OLDUNIT1', '1.0', '1', 'old.CSV', 'aa', '2024-08-01'),
    ('2024/07/31 23:55:00', 'OLDUNIT2', '2.0', null, 'old.CSV', 'aa', '2024-08-01'),
    ('2024/08/01 00:00:00', 'OLDUNIT1', '3.0', '1', 'older.CSV', 'bb', '2024-07-01');
create view stg_scada as select duid, _source_file from raw.dispatch_unit_scada;
"""


@pytest.fixture(params=["duckdb", "postgres"])
def warehouse(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[WarehouseUrl]:
    if request.param == "duckdb":
        yield WarehouseUrl.parse(f"duckdb:///{tmp_path / 'warehouse.duckdb'}")
        return
    with postgres_database() as url:
        yield url


def rows(warehouse: WarehouseUrl, sql: str) -> list[tuple[object, ...]]:
    with open_store(warehouse) as store:
        return [tuple(row) for row in store.fetch_rows(sql)]


def columns(warehouse: WarehouseUrl, table: str) -> list[str]:
    with open_store(warehouse) as store:
        return row_files.columns(store, table)


def scada_version_2(folder: Path) -> Path:
    """DISPATCH.UNIT_SCADA version 2 with one more column (written from the documented format:
    a new version adds columns; this one is invented for the test)."""
    return write_mms_file(
        folder / "PUBLIC_DISPATCHSCADA_202409010005_0000000000000002.CSV",
        [
            "C,NEMP.WORLD,DISPATCHSCADA,AEMO,PUBLIC,2024/09/01,00:00:00,0,DISPATCHSCADA,0",
            "I,DISPATCH,UNIT_SCADA,2,SETTLEMENTDATE,DUID,SCADAVALUE,LASTCHANGED",
            'D,DISPATCH,UNIT_SCADA,2,"2024/09/01 00:05:00",VERSION2,1.5,"2024/09/01 00:01:00"',
        ],
    )


def test_mms_rows_are_stored_with_a_file_id(warehouse: WarehouseUrl, fixtures_dir: Path) -> None:
    with open_store(warehouse) as store:
        loaded = load_file(store, fixtures_dir / SCADA_ZIP, check_count=False)
    assert loaded.status == "loaded", loaded.reason
    assert columns(warehouse, "dispatch_unit_scada__rows") == ROW_COLUMNS[warehouse.engine]
    assert columns(warehouse, "dispatch_unit_scada") == VIEW_COLUMNS
    assert rows(
        warehouse,
        "select _source_file, _file_sha256, _table_version, count(*) "
        "from raw.dispatch_unit_scada group by 1, 2, 3",
    ) == [(f"{SCADA_MEMBER}.zip/{SCADA_MEMBER}.CSV", loaded.sha256, "1", SCADA_ROWS)]
    assert rows(warehouse, "select count(*) from raw.row_files") == [(1,)]


def test_a_new_table_version_adds_its_columns_last(
    warehouse: WarehouseUrl, fixtures_dir: Path, tmp_path: Path
) -> None:
    with open_store(warehouse) as store:
        load_file(store, fixtures_dir / SCADA_ZIP, check_count=False)
        widened = load_file(store, scada_version_2(tmp_path))
    assert widened.status == "loaded", widened.reason
    assert columns(warehouse, "dispatch_unit_scada") == [*VIEW_COLUMNS, "lastchanged"]
    assert rows(
        warehouse,
        "select _table_version, count(*), count(lastchanged) from raw.dispatch_unit_scada "
        "group by 1 order by 1",
    ) == [("1", SCADA_ROWS, 0), ("2", 1, 1)]


def test_a_table_of_the_wide_layout_is_moved_to_the_narrow_one(
    warehouse: WarehouseUrl, fixtures_dir: Path
) -> None:
    """A warehouse loaded before this layout: provenance on every row, a view (dbt's) on top."""
    with open_store(warehouse) as store:
        store.execute(WIDE_TABLE)
        loaded = load_file(store, fixtures_dir / SCADA_ZIP, check_count=False)
    assert loaded.status == "loaded", loaded.reason
    assert columns(warehouse, "dispatch_unit_scada") == VIEW_COLUMNS
    assert rows(
        warehouse,
        "select duid, scadavalue, _table_version, _source_file, _file_sha256, _loaded_at "
        "from raw.dispatch_unit_scada where duid like 'OLDUNIT%' order by scadavalue",
    ) == [
        ("OLDUNIT1", "1.0", "1", "old.CSV", "aa", datetime(2024, 8, 1)),
        ("OLDUNIT2", "2.0", None, "old.CSV", "aa", datetime(2024, 8, 1)),
        ("OLDUNIT1", "3.0", "1", "older.CSV", "bb", datetime(2024, 7, 1)),
    ]
    assert rows(warehouse, "select count(*) from raw.dispatch_unit_scada") == [(SCADA_ROWS + 3,)]
    # old.CSV, older.CSV and the new file; on PostgreSQL old.CSV twice (two table versions)
    files = 3 if warehouse.engine == "duckdb" else 4
    assert rows(warehouse, "select count(*) from raw.row_files") == [(files,)]
    # PostgreSQL drops the views on the old table (dbt recreates its own); DuckDB binds a view by
    # name when it is read, so the view reads the new one.
    views = rows(
        warehouse, "select count(*) from information_schema.views where table_name = 'stg_scada'"
    )
    assert views == [(1 if warehouse.engine == "duckdb" else 0,)]


def test_a_table_created_by_a_rejected_file_is_created_again(
    warehouse: WarehouseUrl, fixtures_dir: Path, tmp_path: Path
) -> None:
    """The rejected file's transaction took its new tables with it; the store must not go on
    believing they exist (written from the documented format: a D row with one field too many)."""
    bad = write_mms_file(
        tmp_path / "PUBLIC_DISPATCHSCADA_202407312355_0000000000000001.CSV",
        [
            "C,NEMP.WORLD,DISPATCHSCADA,AEMO,PUBLIC,2024/07/31,23:55:00,0,DISPATCHSCADA,0",
            "I,DISPATCH,UNIT_SCADA,1,SETTLEMENTDATE,DUID,SCADAVALUE",
            'D,DISPATCH,UNIT_SCADA,1,"2024/07/31 23:55:00",BADUNIT1,1.0,extra',
        ],
    )
    with open_store(warehouse) as store:
        rejected = load_file(store, bad)
        loaded = load_file(store, fixtures_dir / SCADA_ZIP, check_count=False)
    assert rejected.status == "rejected"
    assert loaded.status == "loaded", loaded.reason
    assert rows(warehouse, "select count(*) from raw.dispatch_unit_scada") == [(SCADA_ROWS,)]
