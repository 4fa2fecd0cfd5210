"""Run the dbt project in `transform/` against the configured warehouse."""

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from opennem.serving import publish_marts
from opennem.settings import PROJECT_ROOT
from opennem.warehouse import WarehouseUrl, current

if TYPE_CHECKING:
    from dbt.cli.main import dbtRunnerResult

TRANSFORM_DIR = PROJECT_ROOT / "transform"


class TransformError(RuntimeError):
    pass


@dataclass(frozen=True)
class DbtOutput:
    """Where dbt writes its log instead of the console, and who hears each of its events
    (`dbt_output_to`)."""

    log_dir: Path
    on_event: Callable[[Any], None]

    @property
    def log_file(self) -> Path:
        return self.log_dir / "dbt.log"


_OUTPUT: ContextVar[DbtOutput | None] = ContextVar("dbt_output", default=None)


@contextmanager
def dbt_output_to(output: DbtOutput) -> Iterator[None]:
    """dbt invoked inside the block logs to `output.log_file` only and reports its events to
    `output.on_event` (a progress display), instead of printing its log."""
    token = _OUTPUT.set(output)
    try:
        yield
    finally:
        _OUTPUT.reset(token)


def _output_args(output: DbtOutput | None) -> list[str]:
    if output is None:
        return []
    return ["--log-level", "none", "--log-level-file", "debug", "--log-path", str(output.log_dir)]


def dbt_environment(warehouse: WarehouseUrl) -> dict[str, str]:
    env = {
        "OPENNEM_DBT_TARGET": warehouse.engine,
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        # a test of two models (a rollup reconciled with its source) runs only when both are
        # built or selected: `--select` of a source's mart alone never trips over its rollup
        "DBT_INDIRECT_SELECTION": "buildable",
    }
    if warehouse.engine == "duckdb":
        env["OPENNEM_DBT_DUCKDB_PATH"] = str(warehouse.duckdb_path.resolve())
    elif warehouse.is_chdb:
        # The client is made on chDB (opennem.chdb_adapter); only the database name is read.
        env["OPENNEM_DBT_DATABASE"] = "default"
    else:
        parts = urlparse(warehouse.url)
        postgres = warehouse.engine == "postgres"
        env |= {
            "OPENNEM_DBT_HOST": parts.hostname or "localhost",
            "OPENNEM_DBT_PORT": str(parts.port or (5432 if postgres else 8123)),
            "OPENNEM_DBT_USER": parts.username or ("postgres" if postgres else "default"),
            "OPENNEM_DBT_PASSWORD": parts.password or "",
            "OPENNEM_DBT_DATABASE": parts.path.lstrip("/")
            or ("opennem" if postgres else "default"),
            "OPENNEM_DBT_SECURE": str(parts.scheme.endswith("+https")),
        }
    return env


@contextmanager
def dbt_pointed_at(warehouse: WarehouseUrl) -> Iterator[None]:
    """dbt invoked in this process inside the block uses `warehouse` (its profile variables,
    restored afterwards so a later in-process dbt run is not pointed at it; chDB's client)."""
    if warehouse.is_chdb:
        from opennem.chdb_adapter import use_chdb

        use_chdb(warehouse.chdb_path)
    env = dbt_environment(warehouse)
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def engine_args(args: Sequence[str], warehouse: WarehouseUrl) -> list[str]:
    """dbt's unit tests give their inputs in DuckDB SQL: they run on DuckDB, the engine-neutral
    logic they check is the same SQL everywhere; data tests and contracts run on every engine."""
    if warehouse.engine != "duckdb" and args and args[0] in {"build", "test"}:
        return ["--exclude-resource-type", "unit_test"]
    return []


def invoke(args: Sequence[str], warehouse: WarehouseUrl) -> "dbtRunnerResult":
    """dbt `args` in this process against `warehouse`, whatever the outcome."""
    from dbt.cli.main import dbtRunner

    dirs = ["--project-dir", str(TRANSFORM_DIR), "--profiles-dir", str(TRANSFORM_DIR)]
    output = _OUTPUT.get()
    runner = dbtRunner(callbacks=[output.on_event] if output else None)
    with dbt_pointed_at(warehouse):
        return runner.invoke([*args, *engine_args(args, warehouse), *dirs, *_output_args(output)])


def _failure(result: "dbtRunnerResult") -> str:
    output = _OUTPUT.get()
    log = f"the dbt log {output.log_file}" if output else "the dbt log above"
    return f"{result.exception}; see {log}" if result.exception else f"see {log}"


def run_dbt(args: Sequence[str], warehouse: WarehouseUrl | None = None) -> None:
    """dbt `args` (like `["build", "--select", "fct_market_summary"]`) on `warehouse` (default:
    the configured one); on DuckDB a build publishes the marts for the API (what changed; all of
    them after a `--full-refresh`). The raw tables dbt reads must exist
    (`ingest.sources.catalog.ensure_raw_tables`)."""
    target = warehouse or current()
    result = invoke(args, target)
    if not result.success:
        raise TransformError(f"dbt {' '.join(args)} failed: {_failure(result)}")
    if target.engine == "duckdb" and args and args[0] in {"build", "run", "seed"}:
        publish_marts(target.duckdb_path, full="--full-refresh" in args)
