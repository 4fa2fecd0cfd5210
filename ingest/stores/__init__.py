"""The raw store a loader writes through, one per engine, chosen from the warehouse URL.

`open_store` gives the `RawStore` (ingest.stores.protocol) of the warehouse's engine:
`DuckDBRawStore`, `PostgresRawStore` (COPY) or `ClickHouseRawStore` (Arrow inserts), one module
each beside this one.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from ingest.stores.duckdb_store import DuckDBRawStore
from ingest.stores.protocol import RawStore
from opennem.warehouse import WarehouseUrl, connect_clickhouse, connect_duckdb, connect_postgres


@contextmanager
def open_store(warehouse: WarehouseUrl) -> Iterator[RawStore]:
    """A store on a new connection to `warehouse`, closed on exit."""
    if warehouse.engine == "postgres":
        from ingest.stores.postgres_store import PostgresRawStore

        with connect_postgres(warehouse) as conn:
            yield PostgresRawStore(conn)
    elif warehouse.engine == "clickhouse":
        from ingest.stores.clickhouse_store import ClickHouseRawStore

        client = connect_clickhouse(warehouse)
        try:
            yield ClickHouseRawStore(client)
        finally:
            client.close()
    else:
        with connect_duckdb(warehouse.duckdb_path) as conn:
            yield DuckDBRawStore(conn)
