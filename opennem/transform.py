"""Run the dbt project in `transform/` against the configured warehouse."""

import os
from collections.abc import Sequence
from pathlib import Path

from opennem.settings import PROJECT_ROOT
from opennem.warehouse import WarehouseUrl, connect_duckdb, current, publish_marts

TRANSFORM_DIR = PROJECT_ROOT / "transform"


class TransformError(RuntimeError):
    pass


def dbt_environment(warehouse: WarehouseUrl) -> dict[str, str]:
    env = {"OPENNEM_DBT_TARGET": warehouse.engine, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    if warehouse.engine == "duckdb":
        env["OPENNEM_DBT_DUCKDB_PATH"] = str(warehouse.duckdb_path.resolve())
    return env


def prepare_duckdb(database: Path) -> None:
    """Create the raw tables dbt reads that no load has created yet."""
    from ingest.raw_tables import ensure_raw_tables

    with connect_duckdb(database) as conn:
        ensure_raw_tables(conn)


def run_dbt(args: Sequence[str], warehouse: WarehouseUrl | None = None) -> None:
    """Invoke dbt in-process (`args` like `["build", "--select", "fct_market_summary"]`)."""
    from dbt.cli.main import dbtRunner

    target = warehouse or current()
    if target.engine == "duckdb":
        prepare_duckdb(target.duckdb_path)
    os.environ.update(dbt_environment(target))
    dirs = ["--project-dir", str(TRANSFORM_DIR), "--profiles-dir", str(TRANSFORM_DIR)]
    result = dbtRunner().invoke([*args, *dirs])
    if not result.success:
        detail = result.exception or "see the dbt log above"
        raise TransformError(f"dbt {' '.join(args)} failed: {detail}")
    if target.engine == "duckdb" and args and args[0] in {"build", "run", "seed"}:
        publish_marts(target.duckdb_path)


def build(select: Sequence[str] = (), warehouse: WarehouseUrl | None = None) -> None:
    run_dbt(["build", *(["--select", *select] if select else [])], warehouse)
