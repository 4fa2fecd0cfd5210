"""Run dbt-clickhouse on chDB (ClickHouse in-process), for tests and laptops.

dbt-clickhouse (1.10) has no chDB driver yet (an `driver: chdb` is proposed upstream, in
ClickHouse/dbt-clickhouse pull request 693, unreleased). clickhouse-connect (>= 1.6) does have an
in-process chDB backend behind the same client API its `http` driver uses, so when dbt runs in
this process (`opennem.transform_runner.run_dbt`) the `http` driver's client is created on chDB
instead of a socket. Everything else (SQL generation, materializations, tests) is
dbt-clickhouse's own.
chDB allows one data directory per process.
"""

from pathlib import Path
from typing import Any

from opennem.warehouse import CLICKHOUSE_SETTINGS


def use_chdb(path: Path) -> None:
    """Make dbt-clickhouse's http driver open chDB at `path` in this process."""
    import clickhouse_connect
    from dbt.adapters.clickhouse.httpclient import ChHttpClient

    def create_client(self: ChHttpClient, credentials: Any) -> Any:
        settings = {**CLICKHOUSE_SETTINGS, **self._conn_settings}
        settings.pop("session_id", None)
        return clickhouse_connect.get_client(
            dsn=f"chdb://{path}", database=credentials.schema, settings=settings
        )

    ChHttpClient._create_client = create_client  # type: ignore[method-assign]
