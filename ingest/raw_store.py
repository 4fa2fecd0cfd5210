"""The raw store a loader writes through, one per engine, chosen from the warehouse URL.

`DuckDBRawStore` (ingest.duckdb_store), `PostgresRawStore` (ingest.postgres_store, COPY) and
`ClickHouseRawStore` (ingest.clickhouse_store, native inserts) offer the same methods, so
`ingest.loader.load_file` keeps one code path and the same ledger semantics on every engine.
"""

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Protocol

import duckdb
import pyarrow as pa

from ingest.duckdb_store import DuckDBRawStore, Provenance
from ingest.ledger import LedgerEntry
from ingest.mms import MmsSection, MmsTable
from opennem.warehouse import WarehouseUrl, connect_clickhouse, connect_duckdb, connect_postgres


class RawStore(Protocol):
    def ensure_ledger(self) -> None: ...

    def ledger_status(self, sha256: str) -> str | None: ...

    def loaded_names(self, names: Sequence[str]) -> set[str]: ...

    def record(self, entry: LedgerEntry) -> None: ...

    def transaction(self) -> AbstractContextManager[None]: ...

    def prepare_table(self, table: MmsTable) -> None: ...

    def insert_section(self, section: MmsSection, provenance: Provenance) -> int: ...

    def ensure_table(self, name: str, columns: Sequence[str]) -> None: ...

    def append_rows(self, name: str, rows: pa.Table, provenance: Provenance) -> int: ...

    def replace_table(self, name: str, rows: pa.Table) -> None: ...

    def fetch_rows(self, query: str) -> list[tuple[Any, ...]]: ...

    def ensure_crawl_state(self) -> None: ...

    def write_crawl_state(self, rows: Sequence[Sequence[object]]) -> None: ...


def database_errors() -> dict[type[Exception], str]:
    """The PostgreSQL and ClickHouse client errors that reject a file (as duckdb.Error does)."""
    import psycopg
    from clickhouse_connect.driver.exceptions import DatabaseError

    return {psycopg.Error: "database error: ", DatabaseError: "database error: "}


def as_store(target: "duckdb.DuckDBPyConnection | RawStore") -> RawStore:
    """A DuckDB connection (what callers have always passed) wrapped, or a store as it is."""
    if isinstance(target, duckdb.DuckDBPyConnection):
        return DuckDBRawStore(target)
    return target


@contextmanager
def open_store(warehouse: WarehouseUrl) -> Iterator[RawStore]:
    """A store on a new connection to `warehouse`, closed on exit."""
    if warehouse.engine == "postgres":
        from ingest.postgres_store import PostgresRawStore

        with connect_postgres(warehouse) as conn:
            yield PostgresRawStore(conn)
    elif warehouse.engine == "clickhouse":
        from ingest.clickhouse_store import ClickHouseRawStore

        client = connect_clickhouse(warehouse)
        try:
            yield ClickHouseRawStore(client)
        finally:
            client.close()
    else:
        with connect_duckdb(warehouse.duckdb_path) as conn:
            yield DuckDBRawStore(conn)
