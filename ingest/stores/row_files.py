"""The narrow layout of an MMS raw table on DuckDB and PostgreSQL, in SQL both engines run.

`raw.<table>__rows` holds the published columns and an integer `_file_id`; `raw.row_files` holds
the provenance of each file id; the view `raw.<table>` joins the two into the columns every
engine's raw table has (docs/architecture.md). A row does not repeat ~130 bytes of file name and
sha256. Which provenance columns stay on the row is the engine's (`NarrowTables.file_columns`
are the ones in `raw.row_files`): DuckDB keeps `_table_version` and `_loaded_at` on the row,
where a constant costs nothing and a filter on `_loaded_at` (every incremental model's) prunes
the rows table by its zone maps; PostgreSQL keeps only `_file_id` there, which its COPY fills from
one column default, and writes a third of the bytes it wrote with every column on the row.
"""

from collections.abc import Sequence
from typing import Any, Protocol

from ingest.formats.mms import MmsTable
from opennem.warehouse import RAW_SCHEMA

ROW_FILES = f"{RAW_SCHEMA}.row_files"
FILE_ID = "_file_id"
# Every raw MMS table's provenance columns, in the order the view gives them.
PROVENANCE = ("_source_file", "_file_sha256", "_table_version", "_loaded_at")
WIDE_SUFFIX = "__wide"


class NarrowTables(Protocol):
    """What `prepare` needs of a store: its split of the provenance, reads and the engine's DDL."""

    file_columns: tuple[str, ...]
    # The tables `prepare` made whole in this store, with their published columns (forgotten
    # when a transaction rolls back, as what it created may be gone).
    prepared: dict[str, frozenset[str]]

    def ensure_row_files(self) -> None: ...

    def create_rows_table(self, name: str) -> None: ...

    def add_text_columns(self, name: str, columns: Sequence[str]) -> None: ...

    def fetch_rows(self, query: str) -> list[tuple[Any, ...]]: ...

    def execute(self, statement: str) -> None: ...


def qualified(name: str) -> str:
    return f'{RAW_SCHEMA}."{name}"'


def rows_table(name: str) -> str:
    """The rows table behind the view `raw.<name>`."""
    return f"{name}__rows"


def prepare(tables: NarrowTables, table: MmsTable) -> None:
    """Create `raw.<table>` (rows table and view), or add the columns a newer table version
    brought; a table of the earlier wide layout is moved to this one first. Nothing is altered
    (no lock taken) when the table already has every column."""
    name = table.raw_table
    if tables.prepared.get(name, frozenset()).issuperset(table.columns):
        return
    tables.ensure_row_files()
    kind = _relation_kind(tables, name)
    if kind == "BASE TABLE":
        _move_wide(tables, name)
    present = columns(tables, rows_table(name))
    missing = [column for column in table.columns if column not in present]
    if kind != "VIEW" or missing:
        tables.create_rows_table(rows_table(name))
        tables.add_text_columns(rows_table(name), missing)
        tables.execute(_view_sql(tables, name))
    tables.prepared[name] = frozenset([*present, *missing])


def _relation_kind(tables: NarrowTables, name: str) -> str | None:
    """`BASE TABLE`, `VIEW` (information_schema's words) or None for `raw.<name>`."""
    found = tables.fetch_rows(
        "select table_type from information_schema.tables where table_catalog = "
        f"current_database() and table_schema = '{RAW_SCHEMA}' and table_name = '{name}'"
    )
    return str(found[0][0]) if found else None


def columns(tables: NarrowTables, name: str) -> list[str]:
    """The columns of `raw.<name>` (a name the project chose or checked) in their order."""
    found = tables.fetch_rows(
        "select column_name from information_schema.columns where table_catalog = "
        f"current_database() and table_schema = '{RAW_SCHEMA}' and table_name = '{name}' "
        "order by ordinal_position"
    )
    return [str(column) for (column,) in found]


def _view_sql(tables: NarrowTables, name: str) -> str:
    """`raw.<name>`: the file's columns, then the rows table's in their order (`_file_id` left
    out), so a widened table's new columns come last, as PostgreSQL's `create or replace view`
    requires."""
    selected = [
        *(f"f.{column}" for column in tables.file_columns),
        *(f'r."{column}"' for column in columns(tables, rows_table(name)) if column != FILE_ID),
    ]
    return (
        f"create or replace view {qualified(name)} as select {', '.join(selected)} "
        f"from {qualified(rows_table(name))} as r join {ROW_FILES} as f using ({FILE_ID})"
    )


def _move_wide(tables: NarrowTables, name: str) -> None:
    """Move `raw.<name>`, a table of the earlier layout (provenance on every row), to this one.
    Views on it are dropped with it on PostgreSQL (dbt recreates its own)."""
    tables.execute(f'alter table {qualified(name)} rename to "{name}{WIDE_SUFFIX}"')
    wide = name + WIDE_SUFFIX
    published = [column for column in columns(tables, wide) if column not in PROVENANCE]
    tables.create_rows_table(rows_table(name))
    tables.add_text_columns(rows_table(name), published)
    for statement in _move_wide_rows_sql(tables, name, published):
        tables.execute(statement)
    tables.execute(f"drop table {qualified(wide)} cascade")


def _move_wide_rows_sql(tables: NarrowTables, name: str, published: Sequence[str]) -> list[str]:
    """The files of `raw.<name>__wide` into `raw.row_files`, then its rows into the rows table
    (joined on the file columns as text, so a NULL, such as an old row's `_table_version`,
    matches)."""
    wide = qualified(name + WIDE_SUFFIX)
    files = ", ".join(tables.file_columns)
    on_row = [f'"{column}"' for column in PROVENANCE if column not in tables.file_columns]
    copied = [*on_row, *(f'"{column}"' for column in published)]
    same_file = " and ".join(
        f"coalesce(cast(f.{column} as varchar), '') = coalesce(cast(w.{column} as varchar), '')"
        for column in tables.file_columns
    )
    return [
        f"insert into {ROW_FILES} ({files}) select distinct {files} from {wide} as w "
        f"where not exists (select 1 from {ROW_FILES} as f where {same_file})",
        f"insert into {qualified(rows_table(name))} ({FILE_ID}, {', '.join(copied)}) "
        f"select f.{FILE_ID}, {', '.join(f'w.{column}' for column in copied)} "
        f"from {wide} as w join {ROW_FILES} as f on {same_file}",
    ]
