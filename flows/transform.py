"""Transform after a load: dbt builds only the models downstream of the raw tables that got rows.

The selection is dbt's `@source:<source>.<table>`: the models downstream of the table, plus what
they read (views, dimensions, seeds: cheap), so it also works on a fresh warehouse. Incremental
marts recompute only the intervals/days with new rows. Records and export models, once they
exist, sit downstream of these marts, so the same selection builds (and tests) them after the
marts: the chain load -> transform -> records -> exports is dbt's graph, not code here.
"""

from collections.abc import Iterable, Mapping

from prefect import flow

from flows.tasks import run_dbt_build


def changed_tables(row_counts: Iterable[Mapping[str, int]]) -> set[str]:
    """The raw tables that got at least one row."""
    return {table for counts in row_counts for table, rows in counts.items() if rows}


def downstream_of(source: str, tables: Iterable[str]) -> list[str]:
    """dbt selectors for everything downstream of `source`'s raw `tables` (and its inputs)."""
    return [f"@source:{source}.{table}" for table in sorted(set(tables))]


@flow(name="transform")
def transform_changed(source: str, tables: list[str]) -> list[str]:
    """Build what depends on the changed tables (call it holding the warehouse lock)."""
    selectors = downstream_of(source, tables)
    if selectors:
        run_dbt_build(selectors)
    return selectors
