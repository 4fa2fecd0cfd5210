"""PostgreSQL's narrow MMS layout: rows with a file id, their provenance once per file, a view
giving every engine's raw columns; a new table version widens it; a wide table is moved to it."""

from datetime import date
from pathlib import Path

from ingest.loader import load_file
from ingest.stores import open_store
from opennem.warehouse import WarehouseUrl, connect_postgres
from tests.support.mms_text import write_mms_file

SCADA_ZIP = "mmsdm/2024_08/PUBLIC_ARCHIVE%23DISPATCH_UNIT_SCADA%23FILE01%23202408010000.zip"
SCADA_ROWS = 2880
VIEW_COLUMNS = [
    "_table_version",
    "_source_file",
    "_file_sha256",
    "_loaded_at",
    "settlementdate",
    "duid",
    "scadavalue",
]


def rows(warehouse: WarehouseUrl, sql: str) -> list[tuple[object, ...]]:
    with connect_postgres(warehouse) as conn:
        return conn.execute(sql).fetchall()


def columns(warehouse: WarehouseUrl, table: str) -> list[str]:
    return [
        str(name)
        for (name,) in rows(
            warehouse,
            "select column_name from information_schema.columns where table_schema = 'raw' "
            f"and table_name = '{table}' order by ordinal_position",
        )
    ]


def scada_version_2(folder: Path) -> Path:
    """DISPATCH.UNIT_SCADA version 2 with one more column (written from the documented format:
    a new version adds columns; this one is invented for the test)."""
    lines = [
        "C,NEMP.WORLD,DISPATCHSCADA,AEMO,PUBLIC,2024/09/01,00:00:00,0,DISPATCHSCADA,0",
        "I,DISPATCH,UNIT_SCADA,2,SETTLEMENTDATE,DUID,SCADAVALUE,LASTCHANGED",
        'D,DISPATCH,UNIT_SCADA,2,"2024/09/01 00:05:00",VERSION2,1.5,"2024/09/01 00:01:00"',
    ]
    return write_mms_file(folder / "PUBLIC_DISPATCHSCADA_202409010005_0000000000000002.CSV", lines)


def test_mms_rows_are_stored_with_a_file_id(
    postgres_warehouse: WarehouseUrl, fixtures_dir: Path
) -> None:
    with open_store(postgres_warehouse) as store:
        loaded = load_file(store, fixtures_dir / SCADA_ZIP, check_count=False)
    assert loaded.status == "loaded", loaded.reason
    assert columns(postgres_warehouse, "dispatch_unit_scada__rows") == [
        "_file_id",
        "settlementdate",
        "duid",
        "scadavalue",
    ]
    assert columns(postgres_warehouse, "dispatch_unit_scada") == VIEW_COLUMNS
    ((source_file, sha256, version, count),) = rows(
        postgres_warehouse,
        "select _source_file, _file_sha256, _table_version, count(*) "
        "from raw.dispatch_unit_scada group by 1, 2, 3",
    )
    member = "PUBLIC_ARCHIVE#DISPATCH_UNIT_SCADA#FILE01#202408010000"
    assert source_file == f"{member}.zip/{member}.CSV"
    assert (sha256, version, count) == (loaded.sha256, "1", SCADA_ROWS)
    assert rows(postgres_warehouse, "select count(*) from raw.row_files") == [(1,)]


def test_a_new_table_version_adds_its_columns_last(
    postgres_warehouse: WarehouseUrl, fixtures_dir: Path, tmp_path: Path
) -> None:
    with open_store(postgres_warehouse) as store:
        load_file(store, fixtures_dir / SCADA_ZIP, check_count=False)
        widened = load_file(store, scada_version_2(tmp_path))
    assert widened.status == "loaded", widened.reason
    assert columns(postgres_warehouse, "dispatch_unit_scada") == [*VIEW_COLUMNS, "lastchanged"]
    assert rows(
        postgres_warehouse,
        "select _table_version, count(*), count(lastchanged) from raw.dispatch_unit_scada "
        "group by 1 order by 1",
    ) == [("1", SCADA_ROWS, 0), ("2", 1, 1)]


def test_a_table_of_the_wide_layout_is_moved_to_the_narrow_one(
    postgres_warehouse: WarehouseUrl, fixtures_dir: Path
) -> None:
    """A warehouse loaded before this layout: provenance on every row, a dbt view on top."""
    with connect_postgres(postgres_warehouse) as conn:
        conn.execute(
            """
            create schema raw;
            create table raw.dispatch_unit_scada (
                settlementdate text, duid text, scadavalue text, _table_version text,
                _source_file text, _file_sha256 text, _loaded_at timestamp
            );
            insert into raw.dispatch_unit_scada values
                ('2024/07/31 23:55:00', 'OLDUNIT1', '1.0', '1', 'old.CSV', 'aa', '2024-08-01'),
                ('2024/07/31 23:55:00', 'OLDUNIT2', '2.0', null, 'old.CSV', 'aa', '2024-08-01'),
                ('2024/08/01 00:00:00', 'OLDUNIT1', '3.0', '1', 'older.CSV', 'bb', '2024-07-01');
            create view public.stg_scada as select duid, _source_file from raw.dispatch_unit_scada;
            """
        )
    with open_store(postgres_warehouse) as store:
        loaded = load_file(store, fixtures_dir / SCADA_ZIP, check_count=False)
    assert loaded.status == "loaded", loaded.reason
    assert columns(postgres_warehouse, "dispatch_unit_scada") == VIEW_COLUMNS
    assert rows(
        postgres_warehouse,
        "select duid, scadavalue, _table_version, _source_file, _file_sha256, _loaded_at::date "
        "from raw.dispatch_unit_scada where duid like 'OLDUNIT%' order by scadavalue",
    ) == [
        ("OLDUNIT1", "1.0", "1", "old.CSV", "aa", date(2024, 8, 1)),
        ("OLDUNIT2", "2.0", "", "old.CSV", "aa", date(2024, 8, 1)),
        ("OLDUNIT1", "3.0", "1", "older.CSV", "bb", date(2024, 7, 1)),
    ]
    assert rows(postgres_warehouse, "select count(*) from raw.dispatch_unit_scada") == [
        (SCADA_ROWS + 3,)
    ]
    assert rows(postgres_warehouse, "select to_regclass('public.stg_scada')") == [(None,)]
