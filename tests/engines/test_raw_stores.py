"""The loader on PostgreSQL (COPY) and ClickHouse (chDB): same ledger semantics as on DuckDB."""

import zipfile
from pathlib import Path

import pytest

from ingest.formats import mms
from ingest.loader import load_file
from ingest.sources.catalog import ensure_raw_tables
from ingest.stores import RawStore, open_store
from opennem.warehouse import WarehouseUrl, connect_clickhouse, connect_postgres
from tests.support.mms_text import write_mms_file

SCADA_ZIP = "mmsdm/2024_08/PUBLIC_ARCHIVE%23DISPATCH_UNIT_SCADA%23FILE01%23202408010000.zip"
SCADA_ROWS = 2880


def count(warehouse: WarehouseUrl, sql: str) -> int:
    if warehouse.engine == "postgres":
        with connect_postgres(warehouse) as conn:
            row = conn.execute(sql).fetchone()
            return int(row[0]) if row else 0
    client = connect_clickhouse(warehouse)
    try:
        return int(client.query(sql).result_rows[0][0])
    finally:
        client.close()


@pytest.fixture
def warehouse(engine_warehouse: WarehouseUrl) -> WarehouseUrl:
    return engine_warehouse


def bad_copy(workdir: Path, fixtures_dir: Path) -> Path:
    """A SCADA file whose 3rd D row has one field too many (written from the documented format)."""
    lines = [
        "C,NEMP.WORLD,DISPATCHSCADA,AEMO,PUBLIC,2024/08/01,00:00:00,0,DISPATCHSCADA,0",
        "I,DISPATCH,UNIT_SCADA,1,SETTLEMENTDATE,DUID,SCADAVALUE",
        "D,DISPATCH,UNIT_SCADA,1,2024/08/01 00:05:00,BADFILE1,1.0",
        "D,DISPATCH,UNIT_SCADA,1,2024/08/01 00:10:00,BADFILE1,2.0",
        "D,DISPATCH,UNIT_SCADA,1,2024/08/01 00:15:00,BADFILE1,3.0,extra",
    ]
    return write_mms_file(workdir / "PUBLIC_DISPATCHSCADA_BAD.CSV", lines)


def test_load_once_then_skip(warehouse: WarehouseUrl, fixtures_dir: Path) -> None:
    store: RawStore
    with open_store(warehouse) as store:
        first = load_file(store, fixtures_dir / SCADA_ZIP, check_count=False)
        again = load_file(store, fixtures_dir / SCADA_ZIP, check_count=False)
    assert first.status == "loaded", first.reason
    assert first.row_counts == {"dispatch_unit_scada": SCADA_ROWS}
    assert again.status == "skipped"
    rows = f"select count(*) from raw.dispatch_unit_scada where _file_sha256 = '{first.sha256}'"
    assert count(warehouse, rows) == SCADA_ROWS


def test_bad_file_rejected_whole(
    warehouse: WarehouseUrl, fixtures_dir: Path, tmp_path: Path
) -> None:
    with open_store(warehouse) as store:
        ensure_raw_tables(store)
        result = load_file(store, bad_copy(tmp_path, fixtures_dir))
    assert result.status == "rejected"
    assert result.reason is not None
    assert result.reason.startswith("PUBLIC_DISPATCHSCADA_BAD.CSV:")
    assert "line 5" in result.reason
    assert (
        count(warehouse, "select count(*) from raw.dispatch_unit_scada where duid = 'BADFILE1'")
        == 0
    )
    assert (
        count(
            warehouse,
            "select count(*) from raw.load_ledger "
            "where file_name = 'PUBLIC_DISPATCHSCADA_BAD.CSV' and status = 'rejected'",
        )
        == 1
    )


def test_a_file_read_in_pieces_loads_whole_or_not_at_all(
    warehouse: WarehouseUrl, fixtures_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A month's section is inserted piece by piece while the next is split: every piece lands,
    and a bad row in a late piece rejects the file with its line and leaves no row of it."""
    monkeypatch.setattr(mms, "BLOCK_SIZE", 4096)
    monkeypatch.setattr(mms, "PIECE_BYTES", 16384)
    monkeypatch.setattr(mms, "FIRST_PIECE_BYTES", 16384)
    with zipfile.ZipFile(fixtures_dir / SCADA_ZIP) as archive:
        (member,) = archive.namelist()
        lines = archive.read(member).splitlines(keepends=True)
    bad_line = len(lines) - 10
    lines[bad_line - 1] = lines[bad_line - 1].rstrip(b"\r\n") + b",extra\r\n"
    bad = tmp_path / "PUBLIC_ARCHIVE#DISPATCH_UNIT_SCADA#FILE01#209901010000.CSV"
    bad.write_bytes(b"".join(lines))
    with open_store(warehouse) as store:
        good = load_file(store, fixtures_dir / SCADA_ZIP, check_count=False)
        rejected = load_file(store, bad, check_count=False)
    assert good.row_counts == {"dispatch_unit_scada": SCADA_ROWS}
    assert rejected.status == "rejected"
    assert rejected.reason is not None and f": line {bad_line}: " in rejected.reason
    assert count(warehouse, "select count(*) from raw.dispatch_unit_scada") == SCADA_ROWS
