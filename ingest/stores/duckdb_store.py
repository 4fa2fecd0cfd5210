"""Raw tables and the load ledger in DuckDB: every DuckDB-specific statement of the loader.

Sections of MMS files arrive as CSV files of D rows written by `ingest.formats.mms`; DuckDB's
`read_csv` reads them in bulk, by the column names of the `I` row, all as VARCHAR. The store of
another engine (PostgreSQL COPY, ClickHouse Arrow inserts) offers the same methods.

While it reads a section, the database neither keeps the rows in file order (so each thread
writes its compressed row groups straight to the file) nor holds more than `LOAD_MEMORY_LIMIT`
(written blocks are dropped from memory instead of cached): a month of SCADA loads in a bounded
RSS and its checkpoint has nothing left to compress. Both go back to DuckDB's defaults after
(the project sets neither anywhere else).
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import duckdb

from ingest.errors import BadFileError, MissingTableError
from ingest.formats.mms import MmsSection, MmsTable
from ingest.stores import row_files
from ingest.stores.ledger import LEDGER_TABLE, LedgerEntry
from ingest.stores.provenance import CRAWL_STATE_COLUMNS, Provenance, with_provenance
from ingest.stores.row_files import FILE_ID, ROW_FILES, qualified, rows_table
from opennem.warehouse import RAW_SCHEMA

if TYPE_CHECKING:
    import pyarrow as pa

_CRAWL_STATE = f"{RAW_SCHEMA}.crawl_state"
_ARROW_TYPES = {"string": "varchar", "timestamp[us]": "timestamp"}
_APPENDING = "_appending_rows"
_REJECTS = "_mms_csv_rejects"
_REJECT_SCANS = "_mms_csv_reject_scans"
_LEDGER = f"{RAW_SCHEMA}.{LEDGER_TABLE}"
LOAD_MEMORY_LIMIT = "256MB"
LOAD_SETTINGS = {"preserve_insertion_order": "false", "memory_limit": f"'{LOAD_MEMORY_LIMIT}'"}


class DuckDBRawStore:
    """Writes raw tables and ledger rows through one DuckDB connection (autocommit mode)."""

    database_errors: tuple[type[Exception], ...] = (duckdb.Error,)
    file_columns: tuple[str, ...] = ("_source_file", "_file_sha256")

    def __init__(self, conn: duckdb.DuckDBPyConnection) -> None:
        self.conn = conn
        self.prepared: dict[str, frozenset[str]] = {}

    def ensure_ledger(self) -> None:
        self.conn.execute(f"create schema if not exists {RAW_SCHEMA}")
        self.conn.execute(
            f"""
            create table if not exists {_LEDGER} (
                file_name varchar not null,
                sha256 varchar primary key,
                source varchar,
                status varchar not null,
                reason varchar,
                row_counts varchar,
                loaded_at timestamp not null
            )
            """
        )

    def ledger_status(self, sha256: str) -> str | None:
        row = self.conn.execute(
            f"select status from {_LEDGER} where sha256 = ?", [sha256]
        ).fetchone()
        return None if row is None else str(row[0])

    def loaded_names(self, names: Sequence[str]) -> set[str]:
        """Which of `names` the ledger holds as loaded."""
        if not names:
            return set()
        placeholders = ", ".join("?" for _ in names)
        rows = self.conn.execute(
            f"select distinct file_name from {_LEDGER} "
            f"where status = 'loaded' and file_name in ({placeholders})",
            list(names),
        ).fetchall()
        return {str(row[0]) for row in rows}

    def record(self, entry: LedgerEntry) -> None:
        if entry.status == "loaded":
            self.conn.execute(
                f"delete from {_LEDGER} where file_name = ? and status = 'rejected'",
                [entry.file_name],
            )
        self.conn.execute(
            f"""
            insert into {_LEDGER} (file_name, sha256, source, status, reason, row_counts, loaded_at)
            values (?, ?, ?, ?, ?, ?, ?)
            on conflict (sha256) do update set
                file_name = excluded.file_name,
                source = excluded.source,
                status = excluded.status,
                reason = excluded.reason,
                row_counts = excluded.row_counts,
                loaded_at = excluded.loaded_at
            """,
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
        self.conn.execute("begin transaction")
        try:
            yield
        except BaseException:
            self.conn.execute("rollback")
            self.prepared.clear()
            raise
        self.conn.execute("commit")

    def prepare_table(self, table: MmsTable) -> None:
        """Create `raw.<table>` or add the columns a newer table version brought."""
        row_files.prepare(self, table)

    def insert_section(self, section: MmsSection, provenance: Provenance) -> int:
        """Insert a section's rows by column name; returns the number of rows inserted."""
        file_id = self._file_id(section.source_file, provenance.sha256)
        with self._load_settings():
            row = self._read_section(section, file_id, provenance)
        self._raise_rejected_rows(section)
        inserted = int(row[0]) if row else 0
        return section.checked(inserted)

    @contextmanager
    def _load_settings(self) -> Iterator[None]:
        """`LOAD_SETTINGS` while a section is read, DuckDB's defaults again after."""
        for name, value in LOAD_SETTINGS.items():
            self.conn.execute(f"set {name} = {value}")
        try:
            yield
        finally:
            for name in LOAD_SETTINGS:
                self.conn.execute(f"reset {name}")

    def _read_section(
        self, section: MmsSection, file_id: int, provenance: Provenance
    ) -> tuple[Any, ...] | None:
        """`insert ... select` of the section's CSV by column name, with its provenance."""
        table = section.table
        columns = ", ".join(f'"{name}"' for name in table.columns)
        csv_columns = ", ".join(f"'{name}': 'varchar'" for name in table.columns)
        return self.conn.execute(
            f"""
            insert into {qualified(rows_table(table.raw_table))} by name
            select
                {columns},
                ? as {FILE_ID},
                ? as _table_version,
                ? as _loaded_at
            from read_csv(
                ?,
                columns = {{{csv_columns}}},
                header = false,
                auto_detect = false,
                strict_mode = true,
                delim = ',',
                quote = '"',
                escape = '"',
                store_rejects = true,
                rejects_table = '{_REJECTS}',
                rejects_scan = '{_REJECT_SCANS}'
            )
            """,
            [file_id, table.version, provenance.loaded_at, str(section.path)],
        ).fetchone()

    def _file_id(self, source_file: str, sha256: str) -> int:
        known = self.conn.execute(
            f"select {FILE_ID} from {ROW_FILES} where _source_file = ? and _file_sha256 = ?",
            [source_file, sha256],
        ).fetchone()
        row = (
            known
            or self.conn.execute(
                f"insert into {ROW_FILES} (_source_file, _file_sha256) values (?, ?) "
                f"returning {FILE_ID}",
                [source_file, sha256],
            ).fetchone()
        )
        assert row is not None
        return int(row[0])

    def ensure_row_files(self) -> None:
        self.conn.execute(f"create schema if not exists {RAW_SCHEMA}")
        self.conn.execute(f"create sequence if not exists {ROW_FILES}_ids")
        self.conn.execute(
            f"""
            create table if not exists {ROW_FILES} (
                {FILE_ID} integer primary key default nextval('{ROW_FILES}_ids'),
                _source_file varchar not null,
                _file_sha256 varchar not null,
                unique (_file_sha256, _source_file),
            )
            """
        )

    def create_rows_table(self, name: str) -> None:
        self.conn.execute(
            f"create table if not exists {qualified(name)} "
            f"({FILE_ID} integer not null, _table_version varchar, _loaded_at timestamp)"
        )

    def add_text_columns(self, name: str, columns: Sequence[str]) -> None:
        for column in columns:
            self.conn.execute(f'alter table {qualified(name)} add column "{column}" varchar')

    def execute(self, statement: str) -> None:
        self.conn.execute(statement)

    def ensure_table(self, name: str, columns: Sequence[str]) -> None:
        """Create `raw.<name>` with varchar `columns` and `_loaded_at`, or add those it lacks."""
        self._create_or_widen(
            name, {column: "varchar" for column in columns} | {"_loaded_at": "timestamp"}
        )

    def append_rows(self, name: str, rows: "pa.Table", provenance: Provenance) -> int:
        """Append `rows` (string columns) to `raw.<name>` by column name, with the file's
        provenance, adding the columns the table lacks; returns the number of rows."""
        table = with_provenance(rows, provenance)
        self._create_or_widen(name, {f.name: _ARROW_TYPES[str(f.type)] for f in table.schema})
        if table.num_rows:
            self.conn.register(_APPENDING, table)
            try:
                self.conn.execute(
                    f"insert into {qualified(name)} by name select * from {_APPENDING}"
                )
            finally:
                self.conn.unregister(_APPENDING)
        return table.num_rows

    def replace_table(self, name: str, rows: "pa.Table") -> None:
        """Replace `raw.<name>` with `rows`, in one transaction."""
        with self.transaction():
            self.conn.execute(f"create schema if not exists {RAW_SCHEMA}")
            self.conn.register("_replacing_rows", rows)
            self.conn.execute(
                f"create or replace table {qualified(name)} as select * from _replacing_rows"
            )
            self.conn.unregister("_replacing_rows")

    def fetch_rows(self, query: str) -> list[tuple[Any, ...]]:
        """The rows of a query; a missing table or view raises MissingTableError."""
        try:
            return self.conn.execute(query).fetchall()
        except duckdb.CatalogException as error:
            raise MissingTableError(str(error)) from error

    def ensure_crawl_state(self) -> None:
        self.conn.execute(f"create schema if not exists {RAW_SCHEMA}")
        self.conn.execute(
            f"""
            create table if not exists {_CRAWL_STATE} (
                source varchar not null,
                file_name varchar not null,
                first_end timestamp not null,
                last_end timestamp not null,
                status varchar not null,
                attempts integer not null,
                reason varchar,
                updated_at timestamp not null,
                primary key (source, file_name),
            )
            """
        )

    def write_crawl_state(self, rows: Sequence[Sequence[object]]) -> None:
        """Insert crawl state rows (`CRAWL_STATE_COLUMNS`), replacing those of the same file."""
        self.conn.executemany(
            f"""
            insert into {_CRAWL_STATE} ({", ".join(CRAWL_STATE_COLUMNS)})
            values ({", ".join("?" for _ in CRAWL_STATE_COLUMNS)})
            on conflict (source, file_name) do update set
                status = excluded.status,
                attempts = excluded.attempts,
                reason = excluded.reason,
                updated_at = excluded.updated_at,
            """,
            [list(row) for row in rows],
        )

    def _create_or_widen(self, name: str, wanted: dict[str, str]) -> None:
        """Create `raw.<name>` with the `wanted` columns, or add the ones it lacks."""
        table = qualified(name)
        definitions = ",\n".join(f'"{column}" {kind}' for column, kind in wanted.items())
        self.conn.execute(f"create schema if not exists {RAW_SCHEMA}")
        self.conn.execute(f"create table if not exists {table} (\n{definitions}\n)")
        existing = set(row_files.columns(self, name))
        for column, kind in wanted.items():
            if column not in existing:
                self.conn.execute(f'alter table {table} add column "{column}" {kind}')

    def _raise_rejected_rows(self, section: MmsSection) -> None:
        rejected = self.conn.execute(
            f"""
            select line, error_message
            from {_REJECTS}
            where scan_id = (select max(scan_id) from {_REJECT_SCANS})
            order by line
            limit 1
            """
        ).fetchone()
        if rejected is not None:
            line, message = rejected
            raise BadFileError(
                f"{section.source_file}: line {section.source_line(int(line))}: "
                f"table {section.table.label}: {message}"
            )
