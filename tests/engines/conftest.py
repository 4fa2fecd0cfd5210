"""Warehouses on the other engines: a throwaway PostgreSQL database per test, one chDB directory.

PostgreSQL is the real server on 127.0.0.1:5432 (trust auth; `.ci/run` starts it). chDB allows one
data directory per process, so the ClickHouse warehouse is one directory for the whole session.
"""

import secrets
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from opennem.warehouse import WarehouseUrl

POSTGRES_SERVER = "postgresql://postgres@127.0.0.1:5432"


@pytest.fixture
def postgres_warehouse() -> Iterator[WarehouseUrl]:
    name = f"opennem_test_{secrets.token_hex(4)}"
    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"create database {name}")
    yield WarehouseUrl.parse(f"{POSTGRES_SERVER}/{name}")
    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"drop database {name} with (force)")


@pytest.fixture(scope="session")
def chdb_warehouse(tmp_path_factory: pytest.TempPathFactory) -> WarehouseUrl:
    path: Path = tmp_path_factory.mktemp("chdb")
    return WarehouseUrl.parse(f"chdb://{path}")
