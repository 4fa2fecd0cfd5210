"""Transform after a load: dbt runs only the models downstream of the raw tables that got rows.

On a built warehouse the selection is dbt's `source:<source>.<table>+`: the models downstream of
the table and nothing upstream of them (dimensions, seeds and views were built before), in one
`dbt run` (no tests). Incremental marts recompute only the intervals/days with new rows, so the
run costs what changed, whatever the history. On a new warehouse (`is_built`) it is
`@source:<source>.<table>`, which also builds what those models read. Records and export models
sit downstream of the marts, so the same selection builds them after the marts: the chain load ->
transform -> records -> exports is dbt's graph, not code here.

Checks are not part of it: data tests, unit tests and the data-quality models run on their own
schedule (flows/data_quality.py); a plain `opennem transform` builds the `marts` selector of
transform/selectors.yml, which leaves them out too.
"""

from collections.abc import Iterable, Sequence

from prefect import flow

from flows.tasks import retrying
from ingest.errors import MissingTableError
from ingest.sources.catalog import ensure_raw_tables
from ingest.stores import open_store
from opennem.transform_runner import run_dbt
from opennem.warehouse import WarehouseUrl, current

# The selector of transform/selectors.yml that a build with no selection of its own builds.
DEFAULT_SELECTOR = "marts"
# What tells a built warehouse from a new one: a dimension only a whole build (or the first
# transform after a load) creates, read by every unit mart.
BUILT_MARKER = "marts.dim_units_v1"
CHECKS = ["resource_type:test", "resource_type:unit_test", "tag:data_quality"]
SELECTION_OPTIONS = {"--select", "-s", "--models", "-m", "--exclude", "--selector", "--inline"}


def with_default_selector(args: Sequence[str]) -> list[str]:
    """`args`, plus `--selector marts` for a `build` or `run` that selects nothing itself."""
    if args[:1] in (["build"], ["run"]) and not SELECTION_OPTIONS & set(args):
        return [*args, "--selector", DEFAULT_SELECTOR]
    return list(args)


def run_transform(args: Sequence[str], warehouse: WarehouseUrl | None = None) -> None:
    """dbt `args` on the warehouse (default: the configured one), after creating the raw tables
    that no load has created yet, so the whole project builds on a new warehouse."""
    target = warehouse or current()
    with open_store(target) as store:
        ensure_raw_tables(store)
    run_dbt(with_default_selector(args), target)


def build(select: Sequence[str] = (), warehouse: WarehouseUrl | None = None) -> None:
    """`dbt build`, of the `select`ed models or of the `marts` selector."""
    run_transform(["build", *(["--select", *select] if select else [])], warehouse)


def is_built(warehouse: WarehouseUrl) -> bool:
    """Whether the warehouse has been built before (`BUILT_MARKER` exists)."""
    with open_store(warehouse) as store:
        try:
            store.fetch_rows(f"select 1 from {BUILT_MARKER} limit 1")
        except MissingTableError:
            return False
    return True


def changed_models(source: str, tables: Iterable[str], *, built: bool) -> list[str]:
    """dbt arguments that build what depends on `source`'s raw `tables`, checks left out: the
    descendants alone (`dbt run`) on a built warehouse, with their inputs on a new one."""
    names = sorted(set(tables))
    if not built:
        selectors = [f"@source:{source}.{table}" for table in names]
        return ["build", "--select", *selectors, "--exclude", *CHECKS]
    selectors = [f"source:{source}.{table}+" for table in names]
    return ["run", "--select", *selectors, "--exclude", "tag:data_quality"]


def transform_tables(source: str, tables: Sequence[str]) -> list[str]:
    """Run dbt on what depends on the changed tables (hold the warehouse lock); its arguments."""
    if not tables:
        return []
    warehouse = current()
    args = changed_models(source, tables, built=is_built(warehouse))
    run_transform(args, warehouse)
    return args


@retrying
def run_dbt_build(selectors: list[str]) -> None:
    build(selectors)


@retrying
def run_changed(source: str, tables: list[str]) -> list[str]:
    return transform_tables(source, tables)


@flow(name="transform")
def transform_changed(source: str, tables: list[str]) -> list[str]:
    """Build what depends on the changed tables (call it holding the warehouse lock); the dbt
    arguments it ran."""
    return run_changed(source, tables)
