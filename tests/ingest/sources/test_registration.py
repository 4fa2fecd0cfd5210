"""Loading the NEM Registration and Exemption List into raw.registration_units."""

import hashlib
import io
from pathlib import Path

import duckdb
import openpyxl
import pytest

from ingest.sources.registration import (
    REQUIRED_HEADERS,
    load_registration_list,
    unmapped_scada_duids,
)
from ingest.stores.duckdb_store import DuckDBRawStore

REAL_ROWS = 573  # data rows of "PU and Scheduled Loads" in the real April-2026 list


@pytest.fixture
def registration_xlsx(fixtures_dir: Path) -> Path:
    return fixtures_dir / "registry" / "NEM-Registration-and-Exemption-List.xlsx"


def _workbook_bytes(rows: list[list[object]], sheet: str = "PU and Scheduled Loads") -> bytes:
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    assert worksheet is not None
    worksheet.title = sheet
    for row in rows:
        worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_real_list_loads_every_row_with_snake_case_columns(registration_xlsx: Path) -> None:
    conn = duckdb.connect()
    store = DuckDBRawStore(conn)
    assert load_registration_list(store, registration_xlsx) == REAL_ROWS
    columns = [row[0] for row in conn.sql("describe raw.registration_units").fetchall()]
    assert columns[:4] == ["participant", "station_name", "region", "dispatch_type"]
    for column in ["duid", "reg_cap_generation_mw", "max_roc_min_generation", "comments"]:
        assert column in columns
    assert columns[-4:] == ["_sheet_row", "_source_file", "_file_sha256", "_loaded_at"]
    types = {row[0]: row[1] for row in conn.sql("describe raw.registration_units").fetchall()}
    assert {types[c] for c in columns if c != "_loaded_at"} == {"VARCHAR"}


def test_real_list_values_are_published_text(registration_xlsx: Path) -> None:
    conn = duckdb.connect()
    store = DuckDBRawStore(conn)
    load_registration_list(store, registration_xlsx)
    row = conn.execute(
        "select station_name, region, dispatch_type, fuel_source_descriptor, reg_cap_generation_mw,"
        " _source_file, _file_sha256"
        " from raw.registration_units where duid = 'BW01'"
    ).fetchone()
    sha = hashlib.sha256(registration_xlsx.read_bytes()).hexdigest()
    assert row == (
        "Bayswater Power Station",
        "NSW1",
        "Generating Unit",
        "Black Coal",
        "660",
        registration_xlsx.name,
        sha,
    )
    floats = conn.execute(
        "select reg_cap_generation_mw from raw.registration_units where duid = 'ADPBA1'"
    ).fetchall()
    assert floats == [("7.76",), ("7.76",)]


def test_reload_replaces_the_snapshot(registration_xlsx: Path) -> None:
    conn = duckdb.connect()
    store = DuckDBRawStore(conn)
    load_registration_list(store, registration_xlsx)
    data = registration_xlsx.read_bytes()
    assert (
        load_registration_list(store, "https://example.invalid/list.xlsx", data=data) == REAL_ROWS
    )
    count, files = conn.execute(
        "select count(*), list(distinct _source_file) from raw.registration_units"
    ).fetchone() or (0, [])
    assert (count, files) == (REAL_ROWS, ["list.xlsx"])


def test_header_row_is_found_by_content_not_position() -> None:
    # Written from the documented sheet layout (real header names), with a title block above the
    # header and a blank row in the body, as AEMO's other sheets have.
    data = _workbook_bytes(
        [
            ["NEM Registration and Exemption List"],
            [],
            [*REQUIRED_HEADERS, "Max Cap generation (MW)"],
            ["AGL", "Bayswater Power Station", "NSW1", "Generating Unit", "Fossil", "Black Coal",
             "Combustion", "Steam Sub-Critical", "BW01", 660, 685.0],
            [],
            ["Simulated", "Windy Hill", "SA1", "Generating Unit", "Wind", "Wind", "Renewable",
             "Wind - Onshore", "WINDY1", 7.5, None],
        ]
    )  # fmt: skip
    conn = duckdb.connect()
    store = DuckDBRawStore(conn)
    assert load_registration_list(store, "synthetic.xlsx", data=data) == 2
    rows = conn.execute(
        "select duid, reg_cap_generation_mw, max_cap_generation_mw, _sheet_row"
        " from raw.registration_units order by duid"
    ).fetchall()
    assert rows == [("BW01", "660", "685", "4"), ("WINDY1", "7.5", None, "6")]


def test_not_an_xlsx_names_the_file() -> None:
    with pytest.raises(ValueError, match=r"broken\.xlsx: not a readable xlsx"):
        load_registration_list(
            DuckDBRawStore(duckdb.connect()), "broken.xlsx", data=b"PK not really a zip"
        )


def test_missing_sheet_names_file_and_sheet() -> None:
    data = _workbook_bytes([list(REQUIRED_HEADERS)], sheet="Registered Participants")
    with pytest.raises(ValueError, match=r"other\.xlsx: no sheet 'PU and Scheduled Loads'"):
        load_registration_list(DuckDBRawStore(duckdb.connect()), "other.xlsx", data=data)


def test_missing_header_names_file_and_headers() -> None:
    data = _workbook_bytes([["Participant", "Station Name", "Region"], ["a", "b", "NSW1"]])
    with pytest.raises(
        ValueError, match=r"short\.xlsx: sheet 'PU and Scheduled Loads' has no header"
    ):
        load_registration_list(DuckDBRawStore(duckdb.connect()), "short.xlsx", data=data)


def test_failed_load_keeps_the_previous_snapshot(registration_xlsx: Path) -> None:
    conn = duckdb.connect()
    store = DuckDBRawStore(conn)
    load_registration_list(store, registration_xlsx)
    with pytest.raises(ValueError):
        load_registration_list(store, "broken.xlsx", data=b"not a workbook")
    assert conn.execute("select count(*) from raw.registration_units").fetchone() == (REAL_ROWS,)


def test_unmapped_report_needs_the_dbt_build() -> None:
    with pytest.raises(RuntimeError, match="int_units__unmapped_scada does not exist"):
        unmapped_scada_duids(DuckDBRawStore(duckdb.connect()))
