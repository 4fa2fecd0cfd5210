"""Raw tables and the load ledger in ClickHouse: the ClickHouse statements of the loader.

ClickHouse has no multi-statement transactions, so a file's load is made all-or-nothing by hand:
sections are inserted (native inserts, all columns `Nullable(String)` like the other engines'
varchar), the ledger row is written last, and a failure deletes the rows carrying the file's
sha256 from every table it touched. The ledger is a ReplacingMergeTree on sha256 and is always
read by the newest row per sha256, so a re-recorded file replaces its row as an upsert would.

An MMS section reaches ClickHouse as Arrow blocks read by pyarrow, or, on chDB (ClickHouse in this
process, so the section's CSV is a file it can read), read by ClickHouse itself with `file()`:
three times less work for a month of SCADA, the same values.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pyarrow as pa
import pyarrow.csv as pa_csv
from clickhouse_connect.driver.client import Client
from clickhouse_connect.driver.exceptions import DatabaseError

from ingest.errors import BadFileError, MissingTableError
from ingest.formats.mms import MmsSection, MmsTable
from ingest.stores.ledger import LEDGER_TABLE, LedgerEntry
from ingest.stores.provenance import (
    CRAWL_STATE_COLUMNS,
    PROVENANCE_COLUMNS,
    Provenance,
    with_provenance,
)
from opennem.warehouse import RAW_SCHEMA

_LEDGER = f"{RAW_SCHEMA}.{LEDGER_TABLE}"
_CRAWL_STATE = f"{RAW_SCHEMA}.crawl_state"
_TYPES = {"varchar": "Nullable(String)", "timestamp": "DateTime64(6)"}
_ARROW_TYPES = {pa.string(): "Nullable(String)", pa.timestamp("us"): "DateTime64(6)"}
_BLOCK_BYTES = 16 * 1024 * 1024
# How ClickHouse reads a section's CSV in `file()`: as published (no trimming, no header
# guessing), `\N` a string like any other (an empty field is NULL through `nullIf`).
_LOCAL_CSV_SETTINGS = {
    "format_csv_null_representation": "",
    "input_format_csv_trim_whitespaces": 0,
    "input_format_csv_detect_header": 0,
    "input_format_allow_errors_num": 0,
}
# ClickHouse error codes for a missing database or table.
_MISSING = ("Code: 60.", "Code: 81.")


class ClickHouseRawStore:
    """Writes raw tables and ledger rows through one clickhouse-connect client."""

    database_errors: tuple[type[Exception], ...] = (DatabaseError,)

    def __init__(self, client: Client, *, reads_local_files: bool = False) -> None:
        self.client = client
        # chDB runs ClickHouse in this process: it can read a section's CSV file itself.
        self.reads_local_files = reads_local_files
        self._written: set[str] | None = None
        self._sha256: str | None = None

    def ensure_ledger(self) -> None:
        self.client.command(f"create database if not exists {RAW_SCHEMA}")
        self.client.command(
            f"""
            create table if not exists {_LEDGER} (
                file_name String,
                sha256 String,
                source Nullable(String),
                status String,
                reason Nullable(String),
                row_counts Nullable(String),
                loaded_at DateTime64(6)
            )
            engine = ReplacingMergeTree(loaded_at)
            order by sha256
            """
        )

    def ledger_status(self, sha256: str) -> str | None:
        rows = self.client.query(
            f"select argMax(status, loaded_at) from {_LEDGER} where sha256 = {{sha:String}} "
            "group by sha256",
            parameters={"sha": sha256},
        ).result_rows
        return str(rows[0][0]) if rows else None

    def loaded_names(self, names: Sequence[str]) -> set[str]:
        """Which of `names` the ledger holds as loaded."""
        rows = self.client.query(
            f"select distinct file_name from {_LEDGER} "
            "where status = 'loaded' and has({names:Array(String)}, file_name)",
            parameters={"names": list(names)},
        ).result_rows
        return {str(row[0]) for row in rows}

    def record(self, entry: LedgerEntry) -> None:
        # A delete is a mutation even when it matches nothing: only when a rejection is there.
        if entry.status == "loaded" and self._rejected(entry.file_name):
            self.client.command(
                f"delete from {_LEDGER} where file_name = {{name:String}} and status = 'rejected'",
                parameters={"name": entry.file_name},
            )
        self.client.insert(
            _LEDGER,
            [
                [
                    entry.file_name,
                    entry.sha256,
                    entry.source,
                    entry.status,
                    entry.reason,
                    entry.row_counts_json,
                    entry.loaded_at,
                ]
            ],
            column_names=[
                "file_name",
                "sha256",
                "source",
                "status",
                "reason",
                "row_counts",
                "loaded_at",
            ],
        )

    def _rejected(self, file_name: str) -> bool:
        rows = self.client.query(
            f"select count() from {_LEDGER} where file_name = {{name:String}} "
            "and status = 'rejected'",
            parameters={"name": file_name},
        ).result_rows
        return bool(rows[0][0])

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All of a file or none of it: on failure, delete what this file's inserts wrote."""
        self._written = set()
        try:
            yield
        except BaseException:
            for table in self._written:
                self.client.command(
                    f"delete from {table} where _file_sha256 = {{sha:String}}",
                    parameters={"sha": self._sha256},
                )
            raise
        finally:
            self._written = None

    def prepare_table(self, table: MmsTable) -> None:
        """Create `raw.<table>` or add the columns a newer table version brought."""
        wanted = {column: _TYPES["varchar"] for column in table.columns} | {
            name: _TYPES[kind] for name, kind in PROVENANCE_COLUMNS.items()
        }
        self._create_or_widen(table.raw_table, wanted)

    def insert_section(self, section: MmsSection, provenance: Provenance) -> int:
        """Insert a section's rows (read by ClickHouse itself when it runs in this process, else
        sent as Arrow blocks); returns the number of rows inserted."""
        self._writing(section.table.raw_table, provenance)
        if self.reads_local_files:
            return section.checked(self._insert_local_csv(section, provenance))
        return section.checked(self._insert_arrow_blocks(section, provenance))

    def _insert_local_csv(self, section: MmsSection, provenance: Provenance) -> int:
        """`insert ... select` from `file()` of the section's CSV, parsed in parallel by
        ClickHouse, with the Arrow reader's reading (`_LOCAL_CSV_SETTINGS`, `nullIf`: an empty or
        `""` field is NULL, nothing trimmed); a malformed row is reported by the Arrow reader,
        which names its line."""
        table = section.table
        width = len(table.columns)
        structure = ", ".join(f"c{i} Nullable(String)" for i in range(width))
        values = [f"nullIf(c{i}, '')" for i in range(width)]
        target = ", ".join(f"`{name}`" for name in [*table.columns, *PROVENANCE_COLUMNS])
        path = str(section.path).replace("\\", "\\\\").replace("'", "\\'")
        before = self._rows_of_file(table.raw_table, provenance.sha256)
        try:
            self.client.command(
                f"insert into {_raw(table.raw_table)} ({target}) "
                f"select {', '.join(values)}, {{version:String}}, {{source:String}}, "
                f"{{sha:String}}, {{loaded:DateTime64(6)}} "
                f"from file('{path}', 'CSV', '{structure}')",
                parameters={
                    "version": table.version,
                    "source": section.source_file,
                    "sha": provenance.sha256,
                    "loaded": provenance.loaded_at,
                },
                settings=_LOCAL_CSV_SETTINGS,
            )
        except DatabaseError:
            for _ in _section_blocks(section):  # raises BadFileError naming the bad line
                pass
            raise
        return self._rows_of_file(table.raw_table, provenance.sha256) - before

    def _rows_of_file(self, name: str, sha256: str) -> int:
        rows = self.client.query(
            f"select count() from {_raw(name)} where _file_sha256 = {{sha:String}}",
            parameters={"sha": sha256},
        ).result_rows
        return int(rows[0][0])

    def _insert_arrow_blocks(self, section: MmsSection, provenance: Provenance) -> int:
        table = section.table
        extra = {
            "_table_version": table.version,
            "_source_file": section.source_file,
            "_file_sha256": provenance.sha256,
        }
        inserted = 0
        for block in _section_blocks(section):
            columns = {name: block.column(i) for i, name in enumerate(table.columns)}
            constants = {name: pa.repeat(value, block.num_rows) for name, value in extra.items()}
            loaded_at = pa.repeat(
                pa.scalar(provenance.loaded_at, pa.timestamp("us")), block.num_rows
            )
            rows = pa.table(columns | constants | {"_loaded_at": loaded_at})
            self.client.insert_arrow(_raw(table.raw_table), rows)
            inserted += block.num_rows
        return inserted

    def ensure_table(self, name: str, columns: Sequence[str]) -> None:
        """Create `raw.<name>` with text `columns` and `_loaded_at` if it does not exist."""
        wanted = {column: _TYPES["varchar"] for column in columns}
        self._create_or_widen(name, wanted | {"_loaded_at": _TYPES["timestamp"]})

    def append_rows(self, name: str, rows: pa.Table, provenance: Provenance) -> int:
        """Insert `rows` (string columns) into `raw.<name>` by column name, with the file's
        provenance, adding the columns the table lacks; returns the number of rows."""
        table = with_provenance(rows, provenance)
        self._create_or_widen(name, {f.name: _ARROW_TYPES[f.type] for f in table.schema})
        self._writing(name, provenance)
        if table.num_rows:
            self.client.insert_arrow(_raw(name), table)
        return table.num_rows

    def _writing(self, name: str, provenance: Provenance) -> None:
        """Note the table this file writes, for the transaction to clean up on failure."""
        self._sha256 = provenance.sha256
        if self._written is not None:
            self._written.add(_raw(name))

    def replace_table(self, name: str, rows: pa.Table) -> None:
        """Replace `raw.<name>` with `rows`: filled beside it, then swapped in atomically."""
        staging = f"{name}__replacing"
        kinds = {field.name: _ARROW_TYPES[field.type] for field in rows.schema}
        self.client.command(f"drop table if exists {_raw(staging)}")
        self._create_or_widen(staging, kinds)
        self.client.insert_arrow(_raw(staging), rows)
        self._create_or_widen(name, kinds)
        self.client.command(f"exchange tables {_raw(staging)} and {_raw(name)}")
        self.client.command(f"drop table {_raw(staging)}")

    def fetch_rows(self, query: str) -> list[tuple[Any, ...]]:
        """The rows of a query; a missing table or database raises MissingTableError."""
        try:
            return [tuple(row) for row in self.client.query(query).result_rows]
        except DatabaseError as error:
            if any(code in str(error) for code in _MISSING):
                raise MissingTableError(str(error)) from error
            raise

    def ensure_crawl_state(self) -> None:
        self.client.command(f"create database if not exists {RAW_SCHEMA}")
        self.client.command(
            f"""
            create table if not exists {_CRAWL_STATE} (
                source String,
                file_name String,
                first_end DateTime64(6),
                last_end DateTime64(6),
                status String,
                attempts Int32,
                reason Nullable(String),
                updated_at DateTime64(6)
            )
            engine = MergeTree
            order by (source, file_name)
            """
        )

    def write_crawl_state(self, rows: Sequence[Sequence[object]]) -> None:
        """Insert crawl state rows (`CRAWL_STATE_COLUMNS`), first deleting (a lightweight
        delete, only when there is one) the rows of the same files."""
        keys = {"sources": [row[0] for row in rows], "names": [row[1] for row in rows]}
        where = "has(arrayZip({sources:Array(String)}, {names:Array(String)}), (source, file_name))"
        present = self.client.query(
            f"select count() from {_CRAWL_STATE} where {where}", parameters=keys
        ).result_rows
        if present[0][0]:
            self.client.command(f"delete from {_CRAWL_STATE} where {where}", parameters=keys)
        self.client.insert(
            _CRAWL_STATE, [list(row) for row in rows], column_names=list(CRAWL_STATE_COLUMNS)
        )

    def _create_or_widen(self, name: str, wanted: dict[str, str]) -> None:
        """Create the table, or add only the columns it lacks (one lookup per file, not one
        ALTER per column: a crawl prepares the same tables for every small file)."""
        existing = self._columns(name)
        if not existing:
            self.client.command(f"create database if not exists {RAW_SCHEMA}")
            definitions = ", ".join(f"`{column}` {kind}" for column, kind in wanted.items())
            self.client.command(
                f"create table if not exists {_raw(name)} ({definitions}) "
                "engine = MergeTree order by tuple()"
            )
        for column, kind in wanted.items():
            if existing and column not in existing:
                self.client.command(
                    f"alter table {_raw(name)} add column if not exists `{column}` {kind}"
                )

    def _columns(self, name: str) -> set[str]:
        rows = self.client.query(
            "select name from system.columns where database = {db:String} and table = {t:String}",
            parameters={"db": RAW_SCHEMA, "t": name},
        ).result_rows
        return {str(row[0]) for row in rows}


def _section_blocks(section: MmsSection) -> Iterator[pa.RecordBatch]:
    """The section's D rows in Arrow blocks of strings (empty fields as NULL); a row of the wrong
    width rejects the file."""
    width = len(section.table.columns)
    names = [f"field_{i}" for i in range(width)]
    bad: list[pa_csv.InvalidRow] = []

    def invalid(row: pa_csv.InvalidRow) -> str:
        bad.append(row)
        return "error"

    try:
        reader = pa_csv.open_csv(
            section.path,
            read_options=pa_csv.ReadOptions(
                column_names=names, block_size=_BLOCK_BYTES, use_threads=False
            ),
            parse_options=pa_csv.ParseOptions(invalid_row_handler=invalid),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                null_values=[""],
                strings_can_be_null=True,
            ),
        )
        yield from reader
    except pa.ArrowInvalid as error:
        if not bad:
            label = section.table.label
            raise BadFileError(f"{section.source_file}: table {label}: {error}") from error
        where = f"line {section.source_line(bad[0].number)}" if bad[0].number else "a line"
        found = bad[0].actual_columns
        raise BadFileError(
            f"{section.source_file}: {where}: table {section.table.label}: "
            f"expected {width} fields, found {found}"
        ) from None


def _raw(name: str) -> str:
    return f"{RAW_SCHEMA}.`{name}`"
