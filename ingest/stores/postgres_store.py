"""Raw tables and the load ledger in PostgreSQL: the PostgreSQL statements of the loader.

An MMS table has the narrow layout of `ingest.stores.row_files`, every provenance column in
`raw.row_files`. A section is streamed with COPY straight into the rows table, `_file_id` filled
by the column's default from the session setting `opennem.file_id` (set for the section), all in
the file's transaction. Record tables (`append_rows`) are small and keep provenance on every row.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
import pyarrow as pa
from psycopg import sql

from ingest.errors import BadFileError, MissingTableError
from ingest.formats.mms import MmsSection, MmsTable
from ingest.stores import row_files
from ingest.stores.ledger import LEDGER_TABLE, LedgerEntry
from ingest.stores.provenance import (
    CRAWL_STATE_COLUMNS,
    Provenance,
    with_provenance,
)
from ingest.stores.row_files import FILE_ID, PROVENANCE, ROW_FILES, rows_table
from opennem.warehouse import RAW_SCHEMA

_LEDGER = sql.Identifier(RAW_SCHEMA, LEDGER_TABLE)
_CRAWL_STATE = sql.Identifier(RAW_SCHEMA, "crawl_state")
_COPY_BLOCK = 1 << 20
_FILE_ID_SETTING = "opennem.file_id"
_ARROW_TYPES = {pa.string(): "text", pa.timestamp("us"): "timestamp"}


class PostgresRawStore:
    """Writes raw tables and ledger rows through one psycopg connection (autocommit mode)."""

    database_errors: tuple[type[Exception], ...] = (psycopg.Error,)
    file_columns: tuple[str, ...] = PROVENANCE

    def __init__(self, conn: "psycopg.Connection[Any]") -> None:
        self.conn = conn
        self.prepared: dict[str, frozenset[str]] = {}

    def ensure_ledger(self) -> None:
        self.conn.execute(sql.SQL("create schema if not exists {}").format(_schema()))
        self.conn.execute(
            sql.SQL(
                """
                create table if not exists {} (
                    file_name text not null,
                    sha256 text primary key,
                    source text,
                    status text not null,
                    reason text,
                    row_counts text,
                    loaded_at timestamp not null
                )
                """
            ).format(_LEDGER)
        )

    def ledger_status(self, sha256: str) -> str | None:
        row = self.conn.execute(
            sql.SQL("select status from {} where sha256 = %s").format(_LEDGER), [sha256]
        ).fetchone()
        return None if row is None else str(row[0])

    def loaded_names(self, names: Sequence[str]) -> set[str]:
        """Which of `names` the ledger holds as loaded."""
        rows = self.conn.execute(
            sql.SQL(
                "select distinct file_name from {} where status = 'loaded' and file_name = any(%s)"
            ).format(_LEDGER),
            [list(names)],
        ).fetchall()
        return {str(row[0]) for row in rows}

    def record(self, entry: LedgerEntry) -> None:
        if entry.status == "loaded":
            self.conn.execute(
                sql.SQL("delete from {} where file_name = %s and status = 'rejected'").format(
                    _LEDGER
                ),
                [entry.file_name],
            )
        self.conn.execute(
            sql.SQL(
                """
                insert into {} (file_name, sha256, source, status, reason, row_counts, loaded_at)
                values (%s, %s, %s, %s, %s, %s, %s)
                on conflict (sha256) do update set
                    file_name = excluded.file_name,
                    source = excluded.source,
                    status = excluded.status,
                    reason = excluded.reason,
                    row_counts = excluded.row_counts,
                    loaded_at = excluded.loaded_at
                """
            ).format(_LEDGER),
            [
                entry.file_name,
                entry.sha256,
                entry.source,
                entry.status,
                entry.reason,
                entry.row_counts_json,
                entry.loaded_at,
            ],
        )

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.conn.transaction():
            try:
                yield
            except BaseException:
                self.prepared.clear()
                raise

    def prepare_table(self, table: MmsTable) -> None:
        """Create `raw.<table>` or add the columns a newer table version brought."""
        row_files.prepare(self, table)

    def insert_section(self, section: MmsSection, provenance: Provenance) -> int:
        """COPY a section's rows in, by column name; returns the number of rows inserted."""
        file_id = self._file_id(section, provenance)
        self.conn.execute("select set_config(%s, %s, false)", [_FILE_ID_SETTING, str(file_id)])
        try:
            inserted = self._copy_section(section)
        except psycopg.errors.DataError as error:
            raise BadFileError(_copy_problem(section, error)) from error
        return section.checked(inserted)

    def ensure_table(self, name: str, columns: Sequence[str]) -> None:
        """Create `raw.<name>` with text `columns` and `_loaded_at` if it does not exist."""
        self._create_or_widen(
            name, {column: "text" for column in columns} | {"_loaded_at": "timestamp"}
        )

    def append_rows(self, name: str, rows: pa.Table, provenance: Provenance) -> int:
        """COPY `rows` (text columns) into `raw.<name>` by column name, with the file's
        provenance, adding the columns the table lacks; returns the number of rows."""
        table = with_provenance(rows, provenance)
        self._create_or_widen(name, _kinds(table))
        self._copy_rows(name, table)
        return table.num_rows

    def replace_table(self, name: str, rows: pa.Table) -> None:
        """Replace `raw.<name>` with `rows` (text and timestamp columns), in one transaction."""
        with self.conn.transaction():
            self.conn.execute(sql.SQL("drop table if exists {}").format(_raw(name)))
            self._create_or_widen(name, _kinds(rows))
            self._copy_rows(name, rows)

    def fetch_rows(self, query: str) -> list[tuple[Any, ...]]:
        """The rows of a query; a missing table or view raises MissingTableError."""
        try:
            return self.conn.execute(query).fetchall()
        except psycopg.errors.UndefinedTable as error:
            raise MissingTableError(str(error)) from error

    def ensure_crawl_state(self) -> None:
        self.conn.execute(sql.SQL("create schema if not exists {}").format(_schema()))
        self.conn.execute(
            sql.SQL(
                """
                create table if not exists {} (
                    source text not null,
                    file_name text not null,
                    first_end timestamp not null,
                    last_end timestamp not null,
                    status text not null,
                    attempts integer not null,
                    reason text,
                    updated_at timestamp not null,
                    primary key (source, file_name)
                )
                """
            ).format(_CRAWL_STATE)
        )

    def write_crawl_state(self, rows: Sequence[Sequence[object]]) -> None:
        """Insert crawl state rows (`CRAWL_STATE_COLUMNS`), replacing those of the same file."""
        statement = sql.SQL(
            """
            insert into {} ({})
            values ({})
            on conflict (source, file_name) do update set
                status = excluded.status,
                attempts = excluded.attempts,
                reason = excluded.reason,
                updated_at = excluded.updated_at
            """
        ).format(
            _CRAWL_STATE,
            sql.SQL(", ").join(map(sql.Identifier, CRAWL_STATE_COLUMNS)),
            sql.SQL(", ").join(sql.Placeholder() for _ in CRAWL_STATE_COLUMNS),
        )
        with self.conn.cursor() as cursor:
            cursor.executemany(statement, [list(row) for row in rows])

    def _create_or_widen(self, name: str, wanted: dict[str, str]) -> None:
        self.conn.execute(sql.SQL("create schema if not exists {}").format(_schema()))
        definitions = sql.SQL(", ").join(
            sql.SQL("{} {}").format(sql.Identifier(column), sql.SQL(kind))
            for column, kind in wanted.items()
        )
        self.conn.execute(
            sql.SQL("create table if not exists {} ({})").format(_raw(name), definitions)
        )
        for column, kind in wanted.items():
            self.conn.execute(
                sql.SQL("alter table {} add column if not exists {} {}").format(
                    _raw(name), sql.Identifier(column), sql.SQL(kind)
                )
            )

    def _copy_rows(self, name: str, rows: pa.Table) -> None:
        copy_sql = sql.SQL("copy {} ({}) from stdin").format(
            _raw(name), sql.SQL(", ").join(map(sql.Identifier, rows.column_names))
        )
        with self.conn.cursor().copy(copy_sql) as copy:
            for row in rows.to_pylist():
                copy.write_row(list(row.values()))

    def _copy_section(self, section: MmsSection) -> int:
        copy_sql = sql.SQL("copy {} ({}) from stdin with (format csv)").format(
            _raw(rows_table(section.table.raw_table)),
            sql.SQL(", ").join(map(sql.Identifier, section.table.columns)),
        )
        with self.conn.cursor() as cursor:
            with section.path.open("rb") as rows, cursor.copy(copy_sql) as copy:
                while block := rows.read(_COPY_BLOCK):
                    copy.write(block)
            return cursor.rowcount

    def _file_id(self, section: MmsSection, provenance: Provenance) -> int:
        row = self.conn.execute(
            f"""
            insert into {ROW_FILES} ({", ".join(PROVENANCE)}) values (%s, %s, %s, %s)
            on conflict ({", ".join(PROVENANCE)}) do update set _loaded_at = excluded._loaded_at
            returning {FILE_ID}
            """,
            [section.source_file, provenance.sha256, section.table.version, provenance.loaded_at],
        ).fetchone()
        assert row is not None
        return int(row[0])

    def ensure_row_files(self) -> None:
        self.conn.execute(sql.SQL("create schema if not exists {}").format(_schema()))
        self.conn.execute(
            f"""
            create table if not exists {ROW_FILES} (
                {FILE_ID} integer generated by default as identity primary key,
                _source_file text not null,
                _file_sha256 text not null,
                _table_version text,
                _loaded_at timestamp not null,
                unique ({", ".join(PROVENANCE)})
            )
            """
        )

    def create_rows_table(self, name: str) -> None:
        self.conn.execute(
            sql.SQL(
                "create table if not exists {} "
                "({} integer not null default current_setting({})::integer)"
            ).format(_raw(name), sql.Identifier(FILE_ID), sql.Literal(_FILE_ID_SETTING))
        )

    def add_text_columns(self, name: str, columns: Sequence[str]) -> None:
        if columns:
            self.conn.execute(
                sql.SQL("alter table {} {}").format(
                    _raw(name),
                    sql.SQL(", ").join(
                        sql.SQL("add column {} text").format(sql.Identifier(column))
                        for column in columns
                    ),
                )
            )

    def execute(self, statement: str) -> None:
        self.conn.execute(statement)


def _copy_problem(section: MmsSection, error: psycopg.Error) -> str:
    """Name the file and source line of the row COPY rejected (its context says `line N`)."""
    context = (error.diag.context or "").split(", line ")
    line = context[1].split(",")[0].split(":")[0] if len(context) > 1 else ""
    where = f"line {section.source_line(int(line))}: " if line.isdigit() else ""
    message = (error.diag.message_primary or str(error)).strip()
    return f"{section.source_file}: {where}table {section.table.label}: {message}"


def _kinds(rows: pa.Table) -> dict[str, str]:
    return {field.name: _ARROW_TYPES[field.type] for field in rows.schema}


def _schema() -> sql.Identifier:
    return sql.Identifier(RAW_SCHEMA)


def _raw(name: str) -> sql.Identifier:
    return sql.Identifier(RAW_SCHEMA, name)
