"""Transform after a load: dbt builds only the models downstream of the raw tables that got rows.

The selection is dbt's `@source:<source>.<table>`: the models downstream of the table, plus what
they read (views, dimensions, seeds: cheap), so it also works on a fresh warehouse. Incremental
marts recompute only the intervals/days with new rows. Records and export models, once they
exist, sit downstream of these marts, so the same selection builds (and tests) them after the
marts: the chain load -> transform -> records -> exports is dbt's graph, not code here.
"""

from collections.abc import Iterable, Sequence

from prefect import flow

from flows.tasks import retrying
from ingest.sources.catalog import ensure_raw_tables
from ingest.stores import open_store
from opennem.transform_runner import run_dbt
from opennem.warehouse import WarehouseUrl, current


def run_transform(args: Sequence[str], warehouse: WarehouseUrl | None = None) -> None:
    """dbt `args` on the warehouse (default: the configured one), after creating the raw tables
    that no load has created yet, so the whole project builds on a new warehouse."""
    target = warehouse or current()
    with open_store(target) as store:
        ensure_raw_tables(store)
    run_dbt(args, target)


def build(select: Sequence[str] = (), warehouse: WarehouseUrl | None = None) -> None:
    """`dbt build`, of the `select`ed models or of everything."""
    run_transform(["build", *(["--select", *select] if select else [])], warehouse)


def downstream_of(source: str, tables: Iterable[str]) -> list[str]:
    """dbt selectors for everything downstream of `source`'s raw `tables` (and its inputs)."""
    return [f"@source:{source}.{table}" for table in sorted(set(tables))]


@retrying
def run_dbt_build(selectors: list[str]) -> None:
    build(selectors)


@flow(name="transform")
def transform_changed(source: str, tables: list[str]) -> list[str]:
    """Build what depends on the changed tables (call it holding the warehouse lock)."""
    selectors = downstream_of(source, tables)
    if selectors:
        run_dbt_build(selectors)
    return selectors
