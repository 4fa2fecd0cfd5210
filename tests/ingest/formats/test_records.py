"""The generic records loader: ledger, provenance, extra fields, missing fields, empty tables."""

import json

import duckdb
import pytest

from ingest.errors import BadFileError
from ingest.formats.records import (
    RawTable,
    Records,
    column_name,
    csv_rows,
    json_document,
    json_list,
    published_text,
    record_row,
)
from ingest.loader import ensure_tables, load_records
from ingest.stores.duckdb_store import DuckDBRawStore

TABLE = RawTable("test_things", ("when_at", "value"), ("note",))


def parse_things(name: str, data: bytes) -> list[Records]:
    items = json_list(name, json_document(name, data), ("data", "things"))
    rows = [record_row(name, item, TABLE, f"data.things[{i}]") for i, item in enumerate(items)]
    return [Records(TABLE, name, rows)]


def _things(*items: dict[str, object]) -> bytes:
    return json.dumps({"data": {"things": list(items)}}).encode()


@pytest.fixture
def conn() -> duckdb.DuckDBPyConnection:
    return duckdb.connect()


def test_names_and_text() -> None:
    assert column_name("dispatchInterval") == "dispatch_interval"
    assert column_name("referenceTradingPrice") == "reference_trading_price"
    assert column_name("Energy Generated (MWh)") == "energy_generated_mwh"
    assert column_name("ACTUAL_NSG_MW") == "actual_nsg_mw"
    assert [published_text(v) for v in (0, 0.0, None, "", -1.5, True)] == [
        "0", "0.0", None, None, "-1.5", "true",
    ]  # fmt: skip


def test_load_skip_and_provenance(conn: duckdb.DuckDBPyConnection, store: DuckDBRawStore) -> None:
    data = _things({"whenAt": "t1", "value": 0}, {"whenAt": "t2", "value": None})
    result = load_records(
        store, "http://x/things.json", parse_things, name="things.json", data=data
    )
    assert result.status == "loaded"
    assert result.row_counts == {"test_things": 2}
    rows = conn.execute(
        "select when_at, value, _source_file, _file_sha256 = ? from raw.test_things order by 1",
        [result.sha256],
    ).fetchall()
    assert rows == [("t1", "0", "things.json", True), ("t2", None, "things.json", True)]
    again = load_records(store, "http://x/things.json", parse_things, name="things.json", data=data)
    assert again.status == "skipped"
    assert conn.execute("select count(*) from raw.test_things").fetchone() == (2,)
    ledger = conn.execute("select status, row_counts, source from raw.load_ledger").fetchall()
    assert ledger == [("loaded", '{"test_things": 2}', "http://x/things.json")]


def test_extra_fields_add_columns(conn: duckdb.DuckDBPyConnection, store: DuckDBRawStore) -> None:
    load_records(store, "a.json", parse_things, data=_things({"whenAt": "t1", "value": 1}))
    result = load_records(
        store, "b.json", parse_things, data=_things({"whenAt": "t2", "value": 2, "newField": "x"})
    )
    assert result.status == "loaded"
    rows = conn.execute("select when_at, new_field from raw.test_things order by 1").fetchall()
    assert rows == [("t1", None), ("t2", "x")]


def test_missing_required_field_rejects_whole_file(
    conn: duckdb.DuckDBPyConnection, store: DuckDBRawStore
) -> None:
    data = _things({"whenAt": "t1", "value": 1}, {"whenAt": "t2"})
    result = load_records(store, "bad.json", parse_things, data=data)
    assert result.status == "rejected"
    assert result.reason == (
        "bad.json: data.things[1]: missing required field(s) value for raw.test_things"
    )
    ledger = conn.execute("select file_name, status, reason from raw.load_ledger").fetchall()
    assert ledger == [("bad.json", "rejected", result.reason)]
    tables = conn.execute(
        "select count(*) from information_schema.tables where table_name = 'test_things'"
    )
    assert tables.fetchone() == (0,)  # rolled back whole: not even the table stays


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"{not json", "bad.json: not JSON"),
        (b'{"data": {}}', "bad.json: missing required field data.things"),
        (b'{"data": {"things": {}}}', "bad.json: data.things is not a list"),
        (b'{"data": {"things": [1]}}', "bad.json: data.things[0]: expected an object, got int"),
    ],
)
def test_bad_json_is_rejected_with_reason(
    conn: duckdb.DuckDBPyConnection, store: DuckDBRawStore, data: bytes, reason: str
) -> None:
    result = load_records(store, "bad.json", parse_things, data=data)
    assert result.status == "rejected"
    assert result.reason is not None and result.reason.startswith(reason)


def test_a_good_copy_replaces_a_rejected_one(
    conn: duckdb.DuckDBPyConnection, store: DuckDBRawStore
) -> None:
    load_records(store, "t.json", parse_things, data=b"{")
    assert load_records(store, "t.json", parse_things, data=_things()).status == "loaded"
    assert conn.execute("select status from raw.load_ledger").fetchall() == [("loaded",)]


def test_csv_rows_header_and_field_count() -> None:
    table = RawTable("t", ("trading_interval", "final_price_mwh"))
    text = b"Trading Interval,Final Price ($/MWh),Extra\n2023-01-01 08:00:00,-72.19,\n"
    assert csv_rows("b.csv", text, table) == [
        {"trading_interval": "2023-01-01 08:00:00", "final_price_mwh": "-72.19", "extra": None}
    ]
    with pytest.raises(BadFileError, match=r"^b.csv: header: missing required field\(s\) final"):
        csv_rows("b.csv", b"Trading Interval\n2023-01-01 08:00:00\n", table)
    with pytest.raises(BadFileError, match=r"^b\.csv: line 2: 1 fields, header has 2"):
        csv_rows("b.csv", b"Trading Interval,Final Price ($/MWh)\n1\n", table)


def test_ensure_tables_creates_empty_tables(
    conn: duckdb.DuckDBPyConnection, store: DuckDBRawStore
) -> None:
    ensure_tables(store, [TABLE])
    ensure_tables(store, [TABLE])  # idempotent
    columns = conn.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = 'raw' and table_name = 'test_things' order by ordinal_position"
    ).fetchall()
    assert columns == [
        ("when_at", "VARCHAR"),
        ("value", "VARCHAR"),
        ("note", "VARCHAR"),
        ("_source_file", "VARCHAR"),
        ("_file_sha256", "VARCHAR"),
        ("_loaded_at", "TIMESTAMP"),
    ]
