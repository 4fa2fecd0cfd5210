"""Loading real MMS files into DuckDB raw tables with the load ledger.

Bad files are built in tmp_path from the bytes of real fixtures. Files that are filtered copies
of AEMO files (NEMOSIS subsets, see fixtures/PROVENANCE.md) are loaded with `check_count=False`.
"""

import io
import zipfile
from pathlib import Path

import duckdb
import pytest

from ingest.formats import mms
from ingest.formats.archives import file_name_of
from ingest.loader import LoadResult, iter_file_sections, load_file, load_files
from ingest.stores.duckdb_store import DuckDBRawStore

SCADA = "nemweb/current/Dispatch_SCADA/PUBLIC_DISPATCHSCADA_202109021255_0000000348376188.zip"
CO2EII = "registry/CO2EII_AVAILABLE_GENERATORS_2017_43_20171103104827.CSV"
STATION = "mmsdm/2017_06/PUBLIC_DVD_STATION_201706010000.CSV"
UNMODIFIED = (
    SCADA,
    CO2EII,
    STATION,
    "mmsdm/2017_06/PUBLIC_DVD_TRADINGREGIONSUM_201706010000.CSV",
    "mmsdm/2017_06/PUBLIC_DVD_TRADINGINTERCONNECT_201706010000.CSV",
    "mmsdm/2017_06/PUBLIC_DVD_DUDETAILSUMMARY_201706010000.CSV",
    "mmsdm/2017_06/PUBLIC_DVD_DUDETAIL_201706010000.CSV",
)
PRICE_V4 = "mmsdm/2024_07/PUBLIC_DVD_DISPATCHPRICE_202407010000.zip"
PRICE_V5 = "mmsdm/2024_08/PUBLIC_ARCHIVE%23DISPATCHPRICE%23FILE01%23202408010000.zip"
ROOFTOP_CURRENT_ORDER = "mmsdm/2024_07/PUBLIC_DVD_ROOFTOP_PV_ACTUAL_202407010000.zip"
ROOFTOP_ARCHIVE_ORDER = (
    "mmsdm/2024_08/PUBLIC_ARCHIVE%23ROOFTOP_PV_ACTUAL%23FILE01%23202408010000.zip"
)


@pytest.fixture
def conn(duckdb_path: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(duckdb_path))


def mms_fixtures(fixtures_dir: Path) -> list[Path]:
    folders = [fixtures_dir / "nemweb", fixtures_dir / "mmsdm"]
    found = [path for folder in folders for path in folder.rglob("*") if path.is_file()]
    return sorted(path for path in found if path.suffix.lower() in {".zip", ".csv"})


def raw_count(conn: duckdb.DuckDBPyConnection, table: str, where: str = "true") -> int:
    row = conn.execute(f"select count(*) from raw.{table} where {where}").fetchone()
    assert row is not None
    return int(row[0])


def ledger(conn: duckdb.DuckDBPyConnection) -> list[tuple[object, ...]]:
    return conn.execute("select * from raw.load_ledger order by sha256").fetchall()


def raw_tables(conn: duckdb.DuckDBPyConnection) -> list[str]:
    rows = conn.execute(
        "select table_name from information_schema.tables "
        "where table_schema = 'raw' and table_name <> 'load_ledger' order by 1"
    ).fetchall()
    return [name for (name,) in rows]


def test_unmodified_aemo_files_load_with_the_strict_count(
    fixtures_dir: Path, conn: duckdb.DuckDBPyConnection, store: DuckDBRawStore
) -> None:
    results = load_files(store, [fixtures_dir / name for name in UNMODIFIED])
    assert [result.status for result in results] == ["loaded"] * len(UNMODIFIED)
    assert results[0].row_counts == {"dispatch_unit_scada": 390}
    assert raw_count(conn, "dispatch_unit_scada") == 390


def test_every_mms_fixture_loads_with_its_parsed_row_counts(
    fixtures_dir: Path, tmp_path: Path, conn: duckdb.DuckDBPyConnection, store: DuckDBRawStore
) -> None:
    paths = mms_fixtures(fixtures_dir)
    results = load_files(store, paths, check_count=False)
    for path, result in zip(paths, results, strict=True):
        with path.open("rb") as stream:
            sections = list(iter_file_sections(path.name, stream, tmp_path, check_count=False))
        expected: dict[str, int] = {}
        for section in sections:
            raw_table = section.table.raw_table
            expected[raw_table] = expected.get(raw_table, 0) + section.rows
        assert (result.status, result.row_counts) == ("loaded", expected), path.name
        for raw_table, rows in expected.items():
            assert raw_count(conn, raw_table, f"_file_sha256 = '{result.sha256}'") == rows
    ledger_rows = conn.execute("select status, count(*) from raw.load_ledger group by 1")
    assert ledger_rows.fetchall() == [("loaded", len(paths))]


def test_reload_is_idempotent(
    fixtures_dir: Path, conn: duckdb.DuckDBPyConnection, store: DuckDBRawStore
) -> None:
    paths = mms_fixtures(fixtures_dir)
    load_files(store, paths, check_count=False)
    counts = {table: raw_count(conn, table) for table in raw_tables(conn)}
    before = ledger(conn)
    again = load_files(store, paths, check_count=False)
    assert {result.status for result in again} == {"skipped"}
    assert {table: raw_count(conn, table) for table in raw_tables(conn)} == counts
    assert ledger(conn) == before


def test_same_bytes_under_another_name_are_skipped(
    fixtures_dir: Path, conn: duckdb.DuckDBPyConnection, store: DuckDBRawStore
) -> None:
    data = (fixtures_dir / SCADA).read_bytes()
    first = load_file(store, fixtures_dir / SCADA)
    second = load_file(store, "http://127.0.0.1/copy.zip", data=data)
    assert (first.status, second.status) == ("loaded", "skipped")
    assert second.sha256 == first.sha256
    assert raw_count(conn, "dispatch_unit_scada") == 390


def test_provenance_and_published_strings(
    fixtures_dir: Path, conn: duckdb.DuckDBPyConnection, store: DuckDBRawStore
) -> None:
    result = load_file(store, fixtures_dir / SCADA)
    row = conn.execute(
        "select settlementdate, scadavalue, _table_version, _source_file, _file_sha256, "
        "_loaded_at from raw.dispatch_unit_scada where duid = 'BARCSF1'"
    ).fetchone()
    zip_name = Path(SCADA).name
    assert row is not None
    assert row[:5] == (
        "2021/09/02 12:55:00",
        "5",
        "1",
        f"{zip_name}/{Path(SCADA).with_suffix('.CSV').name}",
        result.sha256,
    )
    ledger_row = conn.execute(
        "select file_name, source, status, reason, row_counts, loaded_at from raw.load_ledger"
    ).fetchone()
    assert ledger_row == (
        zip_name,
        str(fixtures_dir / SCADA),
        "loaded",
        None,
        '{"dispatch_unit_scada": 390}',
        row[5],
    )


def test_archive_naming_keeps_the_literal_hash(
    fixtures_dir: Path, conn: duckdb.DuckDBPyConnection, store: DuckDBRawStore
) -> None:
    result = load_file(store, fixtures_dir / PRICE_V5, check_count=False)
    name = "PUBLIC_ARCHIVE#DISPATCHPRICE#FILE01#202408010000"
    assert result.name == f"{name}.zip"
    sources = conn.execute("select distinct _source_file from raw.dispatch_price").fetchall()
    assert sources == [(f"{name}.zip/{name}.CSV",)]
    url = f"https://127.0.0.1/Data_Archive/{Path(PRICE_V5).name}"
    assert file_name_of(url) == f"{name}.zip"


def test_new_table_version_adds_columns(
    fixtures_dir: Path, conn: duckdb.DuckDBPyConnection, store: DuckDBRawStore
) -> None:
    load_files(store, [fixtures_dir / PRICE_V4, fixtures_dir / PRICE_V5], check_count=False)
    by_version = conn.execute(
        "select _table_version, count(*), count(raise1secrrp), count(rrp) "
        "from raw.dispatch_price group by 1 order by 1"
    ).fetchall()
    assert by_version == [("4", 2880, 0, 2880), ("5", 2880, 2880, 2880)]


def test_rooftop_columns_are_read_by_name(
    fixtures_dir: Path, conn: duckdb.DuckDBPyConnection, store: DuckDBRawStore
) -> None:
    paths = [fixtures_dir / ROOFTOP_CURRENT_ORDER, fixtures_dir / ROOFTOP_ARCHIVE_ORDER]
    load_files(store, paths, check_count=False)
    rows = conn.execute(
        "select type, count(*), count(try_strptime(lastchanged, '%Y/%m/%d %H:%M:%S')), "
        "count(try_cast(qi as double)) from raw.rooftop_actual group by 1 order by 1"
    ).fetchall()
    assert rows == [("MEASUREMENT", 1056, 1056, 1056), ("SATELLITE", 1056, 1056, 1056)]
    archive = "_source_file like 'PUBLIC_ARCHIVE#%'"
    assert raw_count(conn, "rooftop_actual", f"{archive} and type = 'MEASUREMENT'") == 480


def test_trading_price_cadence_change(
    fixtures_dir: Path, conn: duckdb.DuckDBPyConnection, store: DuckDBRawStore
) -> None:
    months = [
        "2021_09/PUBLIC_DVD_TRADINGPRICE_202109010000",
        "2021_10/PUBLIC_DVD_TRADINGPRICE_202110010000",
    ]
    load_files(store, [fixtures_dir / f"mmsdm/{month}.zip" for month in months], check_count=False)
    minutes = conn.execute(
        "select regexp_extract(_source_file, '_(\\d{6})010000', 1) as month, "
        "list_sort(list(distinct right(settlementdate, 5))) from raw.trading_price "
        "group by month order by month"
    ).fetchall()
    five_minutes = [f"{minute:02d}:00" for minute in range(0, 60, 5)]
    assert minutes == [("202109", ["00:00", "30:00"]), ("202110", five_minutes)]


def test_quoted_values_keep_their_commas(
    fixtures_dir: Path, conn: duckdb.DuckDBPyConnection, store: DuckDBRawStore
) -> None:
    load_file(store, fixtures_dir / STATION)
    row = conn.execute(
        "select stationname, address1, lastchanged "
        "from raw.participant_registration_station where stationid = 'WINDHILL'"
    ).fetchone()
    assert row == (
        "Windy Hill Wind Farm",
        "Via Windy Hill, Atherton Tablelands",
        "2011/01/06 11:30:30",
    )


def test_co2eii_lands_in_co2eii_publishing(
    fixtures_dir: Path, conn: duckdb.DuckDBPyConnection, store: DuckDBRawStore
) -> None:
    result = load_file(store, fixtures_dir / CO2EII)
    assert (result.status, result.row_counts) == ("loaded", {"co2eii_publishing": 386})
    row = conn.execute(
        "select stationname, regionid, co2e_emissions_factor, co2e_energy_source "
        "from raw.co2eii_publishing where duid = 'AGLSITA1'"
    ).fetchone()
    assert row == ("AGL KEMPS CREEK", "NSW1", "0.06", "Landfill biogas methane")


def scada_member(fixtures_dir: Path) -> tuple[str, bytes]:
    with zipfile.ZipFile(fixtures_dir / SCADA) as archive:
        (name,) = archive.namelist()
        return name, archive.read(name)


def write_zip(path: Path, member: str, data: bytes) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, data)
    return path


def bad_files(fixtures_dir: Path, tmp_path: Path) -> dict[str, Path]:
    member, data = scada_member(fixtures_dir)
    lines = data.splitlines(keepends=True)
    wrong_columns = [*lines[:300], lines[300].rstrip() + b",99\r\n", *lines[301:]]
    short_count = data.replace(b'"END OF REPORT",393', b'"END OF REPORT",394')
    truncated = (fixtures_dir / SCADA).read_bytes()
    page = (fixtures_dir / "nemweb/dirlisting/nemweb_dispatch_scada_dirlisting.html").read_bytes()
    files = {
        "truncated": (tmp_path / "PUBLIC_DISPATCHSCADA_TRUNCATED.zip", truncated[:1500]),
        "html": (tmp_path / "PUBLIC_DISPATCHSCADA_HTML.zip", page),
        "columns": (tmp_path / "PUBLIC_DISPATCHSCADA_COLUMNS.CSV", b"".join(wrong_columns)),
        "count": (tmp_path / "PUBLIC_DISPATCHSCADA_COUNT.CSV", short_count),
    }
    for path, content in files.values():
        path.write_bytes(content)
    write_zip(tmp_path / "PUBLIC_DISPATCHSCADA_COLUMNS_ZIPPED.zip", member, b"".join(wrong_columns))
    return {key: path for key, (path, _) in files.items()}


def test_bad_files_are_rejected_while_the_others_load(
    fixtures_dir: Path, tmp_path: Path, conn: duckdb.DuckDBPyConnection, store: DuckDBRawStore
) -> None:
    bad = bad_files(fixtures_dir, tmp_path)
    good = [fixtures_dir / name for name in (SCADA, CO2EII, STATION)]
    batch = [good[0], bad["truncated"], bad["html"], good[1], bad["columns"], bad["count"], good[2]]
    results = load_files(store, batch)
    assert [result.status for result in results] == [
        "loaded",
        "rejected",
        "rejected",
        "loaded",
        "rejected",
        "rejected",
        "loaded",
    ]
    reasons = {key: result_for(results, path).reason or "" for key, path in bad.items()}
    assert reasons["truncated"].startswith("PUBLIC_DISPATCHSCADA_TRUNCATED.zip: not a readable zip")
    assert "truncated or corrupt zip" in reasons["truncated"]
    assert reasons["html"].startswith("PUBLIC_DISPATCHSCADA_HTML.zip: not a readable zip archive")
    assert "HTML" in reasons["html"]
    assert reasons["columns"] == (
        "PUBLIC_DISPATCHSCADA_COLUMNS.CSV: line 301: table DISPATCH.UNIT_SCADA.1: "
        "Expected Number of Columns: 3 Found: 4"
    )
    assert reasons["count"] == (
        "PUBLIC_DISPATCHSCADA_COUNT.CSV: END OF REPORT says 394 lines but the file has 393"
    )
    assert raw_count(conn, "dispatch_unit_scada") == 390
    assert raw_count(conn, "co2eii_publishing") == 386
    ledger_rows = conn.execute(
        "select file_name, status, reason from raw.load_ledger where status = 'rejected' order by 1"
    ).fetchall()
    assert ledger_rows == sorted((path.name, "rejected", reasons[key]) for key, path in bad.items())


def result_for(results: list[LoadResult], path: Path) -> LoadResult:
    return next(result for result in results if result.name == path.name)


def test_rejected_file_leaves_no_partial_rows(
    fixtures_dir: Path, tmp_path: Path, conn: duckdb.DuckDBPyConnection, store: DuckDBRawStore
) -> None:
    # 299 good rows precede the bad one, and a second table precedes the bad section.
    _, scada = scada_member(fixtures_dir)
    co2eii = (fixtures_dir / CO2EII).read_bytes()
    lines = scada.splitlines(keepends=True)
    bad_row = lines[300].rstrip() + b",99\r\n"
    combined = [*co2eii.splitlines(keepends=True)[:-1], *lines[1:300], bad_row, *lines[301:-1]]
    combined.append(f'C,"END OF REPORT",{len(combined) + 1}\r\n'.encode())
    result = load_file(store, tmp_path / "TWO_TABLES.CSV", data=b"".join(combined))
    assert result.status == "rejected"
    line = combined.index(bad_row) + 1
    assert result.reason == (
        f"TWO_TABLES.CSV: line {line}: table DISPATCH.UNIT_SCADA.1: "
        "Expected Number of Columns: 3 Found: 4"
    )
    assert raw_tables(conn) == []
    rejected = conn.execute("select sha256, row_counts from raw.load_ledger").fetchall()
    assert rejected == [(result.sha256, "{}")]


def test_a_good_copy_replaces_the_rejected_ledger_row(
    fixtures_dir: Path, tmp_path: Path, conn: duckdb.DuckDBPyConnection, store: DuckDBRawStore
) -> None:
    bad = bad_files(fixtures_dir, tmp_path)
    name = "PUBLIC_DISPATCHSCADA_202109021255_0000000348376188.zip"
    truncated = bad["truncated"].read_bytes()
    assert load_file(store, "http://127.0.0.1/x", name=name, data=truncated).status == "rejected"
    good = load_file(store, fixtures_dir / SCADA)
    assert good.status == "loaded"
    assert conn.execute("select file_name, status from raw.load_ledger").fetchall() == [
        (name, "loaded")
    ]


def test_zipped_wrong_column_count_names_the_member(
    fixtures_dir: Path, tmp_path: Path, conn: duckdb.DuckDBPyConnection, store: DuckDBRawStore
) -> None:
    bad_files(fixtures_dir, tmp_path)
    path = tmp_path / "PUBLIC_DISPATCHSCADA_COLUMNS_ZIPPED.zip"
    result = load_file(store, path)
    member, _ = scada_member(fixtures_dir)
    assert result.reason == (
        f"{path.name}/{member}: line 301: table DISPATCH.UNIT_SCADA.1: "
        "Expected Number of Columns: 3 Found: 4"
    )


def test_unreadable_path_is_rejected(
    tmp_path: Path, conn: duckdb.DuckDBPyConnection, store: DuckDBRawStore
) -> None:
    result = load_file(store, tmp_path / "missing.zip")
    assert result.status == "rejected"
    assert result.reason is not None and result.reason.startswith("missing.zip: cannot read")


def test_nested_zip_loads_each_inner_csv(
    fixtures_dir: Path, tmp_path: Path, conn: duckdb.DuckDBPyConnection, store: DuckDBRawStore
) -> None:
    inner = (fixtures_dir / SCADA).read_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(Path(SCADA).name, inner)
    result = load_file(
        store, "http://127.0.0.1/PUBLIC_DISPATCHSCADA_20210902.zip", data=buffer.getvalue()
    )
    assert (result.status, result.row_counts) == ("loaded", {"dispatch_unit_scada": 390})
    sources = conn.execute("select distinct _source_file from raw.dispatch_unit_scada").fetchall()
    inner_csv = Path(SCADA).with_suffix(".CSV").name
    assert sources == [(f"PUBLIC_DISPATCHSCADA_20210902.zip/{Path(SCADA).name}/{inner_csv}",)]


def test_a_file_read_in_pieces_loads_whole_or_not_at_all(
    fixtures_dir: Path,
    tmp_path: Path,
    conn: duckdb.DuckDBPyConnection,
    store: DuckDBRawStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Pieces of about 2 KiB: the 390 rows arrive in several inserts, the bad one in the last.
    monkeypatch.setattr(mms, "BLOCK_SIZE", 1024)
    monkeypatch.setattr(mms, "PIECE_BYTES", 2048)
    monkeypatch.setattr(mms, "FIRST_PIECE_BYTES", 2048)
    member, data = scada_member(fixtures_dir)
    lines = data.splitlines(keepends=True)
    lines[380] = lines[380].rstrip() + b",99\r\n"
    good = load_file(store, fixtures_dir / SCADA)
    bad = load_file(
        store, write_zip(tmp_path / "PUBLIC_DISPATCHSCADA_LATE.zip", member, b"".join(lines))
    )
    assert good.row_counts == {"dispatch_unit_scada": 390}
    assert bad.reason == (
        f"PUBLIC_DISPATCHSCADA_LATE.zip/{member}: line 381: table DISPATCH.UNIT_SCADA.1: "
        "Expected Number of Columns: 3 Found: 4"
    )
    assert raw_count(conn, "dispatch_unit_scada") == 390
    assert conn.execute("select count(*) from raw.load_ledger").fetchone() == (2,)
