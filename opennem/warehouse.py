"""Warehouse connections, chosen by one URL (`OPENNEM_DATABASE_URL`).

`duckdb:///data/opennem.duckdb` is a path relative to the working directory (SQLAlchemy style);
`duckdb:////abs/path.duckdb` is absolute. DuckDB allows one writing process per file, so the API
never reads the working file: after each transform the marts are published beside it
(`opennem.serving`), and the API reads that.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

import duckdb

from opennem.settings import get_settings

if TYPE_CHECKING:
    import psycopg
    from clickhouse_connect.driver.client import Client as ClickHouseClient

MART_SCHEMA = "marts"
RAW_SCHEMA = "raw"


@dataclass(frozen=True)
class WarehouseUrl:
    engine: str
    url: str

    @classmethod
    def parse(cls, url: str) -> "WarehouseUrl":
        scheme = urlparse(url).scheme.split("+")[0]
        engines = {
            "duckdb": "duckdb",
            "postgresql": "postgres",
            "postgres": "postgres",
            "clickhouse": "clickhouse",
            "chdb": "clickhouse",
        }
        if scheme not in engines:
            raise ValueError(f"unsupported OPENNEM_DATABASE_URL scheme {scheme!r} in {url!r}")
        return cls(engines[scheme], url)

    @property
    def duckdb_path(self) -> Path:
        if self.engine != "duckdb":
            raise ValueError(f"{self.url!r} is not a DuckDB URL")
        return Path(self.url.removeprefix("duckdb:///"))

    @property
    def is_chdb(self) -> bool:
        """`chdb:///abs/path`: ClickHouse in-process (chDB), one data directory per process."""
        return urlparse(self.url).scheme == "chdb"

    @property
    def chdb_path(self) -> Path:
        if not self.is_chdb:
            raise ValueError(f"{self.url!r} is not a chdb URL")
        return Path(urlparse(self.url).path)

    @property
    def postgres_dsn(self) -> str:
        """`postgresql://user@host:port/db` as libpq takes it (a `+driver` suffix dropped)."""
        if self.engine != "postgres":
            raise ValueError(f"{self.url!r} is not a PostgreSQL URL")
        parts = urlparse(self.url)
        return parts._replace(scheme="postgresql").geturl()


# Session settings every ClickHouse connection uses (the loader, dbt and the API alike): SQL
# semantics the portable models rely on (NULLs from outer joins and casts, UNION meaning UNION
# DISTINCT, naive timestamps read back as written).
CLICKHOUSE_SETTINGS: dict[str, Any] = {
    "join_use_nulls": 1,
    "cast_keep_nullable": 1,
    "union_default_mode": "DISTINCT",
    "session_timezone": "UTC",
    # `cast(x as double) as x` beside another use of `x`: a name means the column, as in
    # standard SQL, not ClickHouse's alias of the same name.
    "prefer_column_name_to_alias": 1,
}


def current() -> WarehouseUrl:
    return WarehouseUrl.parse(get_settings().database_url)


def connect_duckdb(
    path: Path | None = None, *, read_only: bool = False
) -> duckdb.DuckDBPyConnection:
    database = path or current().duckdb_path
    if not read_only:
        database.parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(database), read_only=read_only)


def connect_postgres(warehouse: WarehouseUrl) -> "psycopg.Connection[tuple[Any, ...]]":
    import psycopg

    return psycopg.connect(warehouse.postgres_dsn, autocommit=True)


def connect_clickhouse(warehouse: WarehouseUrl) -> "ClickHouseClient":
    """A clickhouse-connect client: chDB in-process for `chdb://`, HTTP for `clickhouse://`."""
    import clickhouse_connect

    if warehouse.is_chdb:
        warehouse.chdb_path.mkdir(parents=True, exist_ok=True)
        return clickhouse_connect.get_client(dsn=warehouse.url, settings=CLICKHOUSE_SETTINGS)
    parts = urlparse(warehouse.url)
    return clickhouse_connect.get_client(
        host=parts.hostname or "localhost",
        port=parts.port or 8123,
        username=parts.username or "default",
        password=parts.password or "",
        database=parts.path.lstrip("/") or "default",
        secure=parts.scheme.endswith("+https"),
        settings=CLICKHOUSE_SETTINGS,
    )
