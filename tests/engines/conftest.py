"""Warehouses on the other engines: a throwaway PostgreSQL database per test, one chDB directory.

PostgreSQL is the real server on 127.0.0.1:5432 (trust auth; `.ci/run` starts it). chDB allows one
data directory per process, so the ClickHouse warehouse is one directory for the whole session,
emptied of the project's databases before each use.
"""

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from opennem.warehouse import WarehouseUrl, connect_clickhouse

POSTGRES_SERVER = "postgresql://postgres@127.0.0.1:5432"
CLICKHOUSE_BUILTIN = ("system", "default", "INFORMATION_SCHEMA", "information_schema")


@contextmanager
def postgres_database() -> Iterator[WarehouseUrl]:
    """A new database on the local server, dropped on exit."""
    name = f"opennem_test_{secrets.token_hex(4)}"
    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"create database {name}")
    try:
        yield WarehouseUrl.parse(f"{POSTGRES_SERVER}/{name}")
    finally:
        with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f"drop database {name} with (force)")


@contextmanager
def empty_chdb(folder: Path) -> Iterator[WarehouseUrl]:
    """The chDB warehouse in `folder`, emptied of the project's databases first."""
    warehouse = WarehouseUrl.parse(f"chdb://{folder}")
    client = connect_clickhouse(warehouse)
    try:
        for (name,) in client.query("select name from system.databases").result_rows:
            if name not in CLICKHOUSE_BUILTIN:
                client.command(f"drop database `{name}` sync")
    finally:
        client.close()
    yield warehouse


@pytest.fixture(scope="session")
def chdb_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("chdb")


@pytest.fixture
def postgres_warehouse() -> Iterator[WarehouseUrl]:
    with postgres_database() as warehouse:
        yield warehouse


@pytest.fixture
def chdb_warehouse(chdb_folder: Path) -> Iterator[WarehouseUrl]:
    with empty_chdb(chdb_folder) as warehouse:
        yield warehouse


@pytest.fixture(params=["postgres", "clickhouse"])
def engine_warehouse(request: pytest.FixtureRequest) -> WarehouseUrl:
    """A fresh PostgreSQL or ClickHouse (chDB) warehouse."""
    name = "postgres_warehouse" if request.param == "postgres" else "chdb_warehouse"
    return request.getfixturevalue(name)  # type: ignore[no-any-return]
