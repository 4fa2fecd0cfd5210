"""Mart readers on PostgreSQL and ClickHouse: the `api.reader.MartReader` interface on a server.

The marts are tables the transform replaces in place (no serving file), so a reader keeps one
connection and runs one statement at a time on it. Statements arrive with qmark `?` parameters,
as the DuckDB reader takes them; `format_placeholders` turns them into the `%s` both clients use.
A missing mart table raises `MartsUnavailable`, as a missing serving file does.

`batches` streams a result on a connection of its own, so an export does not hold up the reader's
other statements: a server-side cursor on PostgreSQL (rows arrive `BATCH_ROWS` at a time and are
typed by `_ARROW_TYPES`), ClickHouse's Arrow stream.
"""

import threading
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from api.reader import BATCH_ROWS, MartsUnavailable, Row
from opennem.warehouse import WarehouseUrl, connect_clickhouse, connect_postgres

if TYPE_CHECKING:
    import psycopg
    from clickhouse_connect.driver.client import Client as ClickHouseClient

# ClickHouse error codes for a missing database or table.
_CLICKHOUSE_MISSING = ("Code: 60.", "Code: 81.")


# PostgreSQL type oids of the mart columns -> Arrow types (others are inferred from the values).
_ARROW_TYPES = {
    16: pa.bool_(),
    20: pa.int64(),
    21: pa.int64(),
    23: pa.int64(),
    25: pa.string(),
    700: pa.float64(),
    701: pa.float64(),
    1043: pa.string(),
    1082: pa.date32(),
    1114: pa.timestamp("us"),
}


def format_placeholders(sql: str) -> str:
    """qmark (`?`) to format (`%s`) placeholders; a literal `%` (modulo) is escaped."""
    return sql.replace("%", "%%").replace("?", "%s")


class PostgresReader:
    """Reads the marts of a PostgreSQL warehouse; reconnects after a broken connection."""

    def __init__(self, warehouse: WarehouseUrl) -> None:
        self.warehouse = warehouse
        self._lock = threading.Lock()
        self._conn: psycopg.Connection[tuple[Any, ...]] | None = None

    def query(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        import psycopg

        with self._lock:
            if self._conn is None or self._conn.closed:
                self._conn = connect_postgres(self.warehouse)
            try:
                return self._conn.execute(format_placeholders(sql), list(params)).fetchall()
            except psycopg.errors.UndefinedTable as exc:
                raise MartsUnavailable(f"{self.warehouse.url}: {exc}") from exc

    def batches(self, sql: str, params: Sequence[object] = ()) -> Iterator[pa.RecordBatch]:
        import psycopg

        with connect_postgres(self.warehouse) as conn, conn.transaction():
            cursor = conn.cursor(name="opennem_export")
            try:
                cursor.execute(format_placeholders(sql), list(params))
            except psycopg.errors.UndefinedTable as exc:
                raise MartsUnavailable(f"{self.warehouse.url}: {exc}") from exc
            while rows := cursor.fetchmany(BATCH_ROWS):
                yield _record_batch(cursor.description or [], rows)

    def version(self) -> str:
        return ""

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None


class ClickHouseReader:
    """Reads the marts of a ClickHouse warehouse (a server, or chDB in-process)."""

    def __init__(self, warehouse: WarehouseUrl) -> None:
        self.warehouse = warehouse
        self._lock = threading.Lock()
        self._client: ClickHouseClient | None = None

    def query(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        from clickhouse_connect.driver.exceptions import DatabaseError

        with self._lock:
            if self._client is None:
                self._client = connect_clickhouse(self.warehouse)
            try:
                result = self._client.query(format_placeholders(sql), parameters=list(params))
            except DatabaseError as exc:
                if any(code in str(exc) for code in _CLICKHOUSE_MISSING):
                    raise MartsUnavailable(f"{self.warehouse.url}: {exc}") from exc
                raise
            return [tuple(row) for row in result.result_rows]

    def batches(self, sql: str, params: Sequence[object] = ()) -> Iterator[pa.RecordBatch]:
        from clickhouse_connect.driver.exceptions import DatabaseError

        client = connect_clickhouse(self.warehouse)
        try:
            with client.query_arrow_stream(
                format_placeholders(sql), parameters=list(params), use_strings=True
            ) as stream:
                yield from stream
        except DatabaseError as exc:
            if any(code in str(exc) for code in _CLICKHOUSE_MISSING):
                raise MartsUnavailable(f"{self.warehouse.url}: {exc}") from exc
            raise
        finally:
            client.close()

    def version(self) -> str:
        return ""

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None


def _record_batch(description: Sequence[Any], rows: list[Row]) -> pa.RecordBatch:
    columns = list(zip(*rows, strict=True))
    return pa.RecordBatch.from_arrays(
        [
            pa.array(values, type=_ARROW_TYPES.get(column.type_code))
            for column, values in zip(description, columns, strict=True)
        ],
        names=[column.name for column in description],
    )
