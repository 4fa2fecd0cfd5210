"""The narrow layout of an MMS raw table on DuckDB and PostgreSQL, in SQL both engines run.

`raw.<table>__rows` holds the published columns, `_table_version`, `_loaded_at` and an integer
`_file_id`; `raw.row_files` holds `_source_file` and `_file_sha256` once per file id; the view
`raw.<table>` joins the two into the columns every engine's raw table has (docs/architecture.md).
A row does not repeat ~130 bytes of file name and sha256: PostgreSQL writes a third of the bytes,
DuckDB copies no long string per row. `_loaded_at` stays on the row, so a filter on it (every
incremental model's) prunes the rows table itself.
"""

from collections.abc import Sequence
from typing import Any, Protocol

from ingest.formats.mms import MmsTable
from opennem.warehouse import RAW_SCHEMA

ROW_FILES = f"{RAW_SCHEMA}.row_files"
FILE_ID = "_file_id"
# On the rows table besides the published columns and `_file_id`.
ROW_PROVENANCE = ("_table_version", "_loaded_at")
# In `raw.row_files`, once per file id.
FILE_COLUMNS = ("_source_file", "_file_sha256")
WIDE_SUFFIX = "__wide"


def qualified(name: str) -> str:
    return f'{RAW_SCHEMA}."{name}"'


def rows_table(name: str) -> str:
    """The rows table behind the view `raw.<name>`."""
    return f"{name}__rows"


def view_sql(name: str, row_columns: Sequence[str]) -> str:
    """`raw.<name>`: the file's columns, then the rows table's (`row_columns`, in their order,
    `_file_id` left out), so a widened table's new columns come last, as PostgreSQL's
    `create or replace view` requires."""
    columns = [
        *(f"f.{column}" for column in FILE_COLUMNS),
        *(f'r."{column}"' for column in row_columns if column != FILE_ID),
    ]
    return (
        f"create or replace view {qualified(name)} as select {', '.join(columns)} "
        f"from {qualified(rows_table(name))} as r join {ROW_FILES} as f using ({FILE_ID})"
    )


def prepare(tables: "NarrowTables", table: MmsTable) -> None:
    """Create `raw.<table>` (rows table and view), or add the columns a newer table version
    brought; a table of the earlier wide layout is moved to this one first. Nothing is altered
    (no lock taken) when the table already has every column."""
    tables.ensure_row_files()
    name = table.raw_table
    kind = relation_kind(tables, name)
    if kind == "BASE TABLE":
        _move_wide(tables, name)
    missing = [
        column for column in table.columns if column not in columns(tables, rows_table(name))
    ]
    if kind != "VIEW" or missing:
        tables.create_rows_table(rows_table(name))
        tables.add_text_columns(rows_table(name), missing)
        tables.execute(view_sql(name, columns(tables, rows_table(name))))


class NarrowTables(Protocol):
    """What `prepare` needs of a store: catalog lookups and the engine's DDL."""

    def ensure_row_files(self) -> None: ...

    def fetch_rows(self, query: str) -> list[tuple[Any, ...]]: ...

    def create_rows_table(self, name: str) -> None: ...

    def add_text_columns(self, name: str, columns: Sequence[str]) -> None: ...

    def execute(self, statement: str) -> None: ...


def relation_kind(tables: NarrowTables, name: str) -> str | None:
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


def _move_wide(tables: NarrowTables, name: str) -> None:
    """Move `raw.<name>`, a table of the earlier layout (provenance on every row), to this one.
    Views on it are dropped with it on PostgreSQL (dbt recreates its own)."""
    tables.execute(f'alter table {qualified(name)} rename to "{name}{WIDE_SUFFIX}"')
    wide = name + WIDE_SUFFIX
    provenance = (*ROW_PROVENANCE, *FILE_COLUMNS)
    published = [column for column in columns(tables, wide) if column not in provenance]
    tables.create_rows_table(rows_table(name))
    tables.add_text_columns(rows_table(name), published)
    for statement in _move_wide_rows_sql(name, published):
        tables.execute(statement)
    tables.execute(f"drop table {qualified(wide)} cascade")


def _move_wide_rows_sql(name: str, published: Sequence[str]) -> list[str]:
    wide = qualified(name + WIDE_SUFFIX)
    files = ", ".join(FILE_COLUMNS)
    quoted = [f'"{column}"' for column in (*ROW_PROVENANCE, *published)]
    from_wide = [f"w.{column}" for column in quoted]
    return [
        f"insert into {ROW_FILES} ({files}) select distinct {files} from {wide} "
        "on conflict do nothing",
        f"insert into {qualified(rows_table(name))} ({FILE_ID}, {', '.join(quoted)}) "
        f"select f.{FILE_ID}, {', '.join(from_wide)} "
        f"from {wide} as w join {ROW_FILES} as f using ({files})",
    ]
