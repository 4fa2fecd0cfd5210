"""Non-MMS sources (JSON and CSV records) into raw tables, one transaction per file, with ledger.

A source module declares its raw tables (`RawTable`) and a parser `(file name, bytes) ->
list[Records]` that raises `BadFileError` naming the file and the problem. `load_records` runs the
parser, writes every record into `raw.<table>` as published text (varchar) plus provenance
(`_source_file`, `_file_sha256`, `_loaded_at`), and records the file in `raw.load_ledger` exactly as
`ingest.loader.load_file` does for MMS files: same sha256 already loaded -> skipped; a bad file ->
nothing written, ledger row `rejected` with the reason.

Fields beyond a table's declared columns are kept: the table grows a varchar column for them, as
MMS tables do for new table versions. `ensure_tables` creates the declared tables empty, so dbt can
build its staging models before the first file of a source arrives.

Every function takes a DuckDB connection or the raw store of any engine (`Target`): rows go in as
Arrow tables through the store's `append_rows`, inside the file's transaction.
"""

import csv
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from ingest.archives import sha256_of
from ingest.duckdb_store import Provenance
from ingest.errors import BadFileError
from ingest.ledger import LedgerEntry
from ingest.loader import LoadResult, load_with_ledger, utc_now
from ingest.nemweb.client import NemwebClient, NemwebError
from ingest.nemweb.crawl import loaded_file_names
from ingest.raw_store import RawStore, as_store
from ingest.xlsx import snake_case

# The provenance columns of a record table besides `_loaded_at` (which every raw table has).
RECORD_PROVENANCE = ("_source_file", "_file_sha256")
FAILED = "failed"

_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")

Target = duckdb.DuckDBPyConnection | RawStore

Row = dict[str, str | None]


@dataclass(frozen=True)
class RawTable:
    """`raw.<name>`: `required` columns must be in every record, `optional` ones may be absent."""

    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional


@dataclass(frozen=True)
class Records:
    """Rows for one raw table from one file (or one member of a zip: `outer.zip/inner.json`)."""

    table: RawTable
    source_file: str
    rows: list[Row] = field(default_factory=list)


Parser = Callable[[str, bytes], list[Records]]


@dataclass(frozen=True)
class RemoteRecordFile:
    """A file to fetch. A `final` file never changes once published, so a loaded name is skipped;
    a live file (today's JSON, a feed) is fetched every time and deduplicated by sha256."""

    name: str
    url: str
    final: bool = True


@dataclass(frozen=True)
class FetchOutcome:
    """What happened to one remote file: the loader's status, or `failed` (download)."""

    name: str
    url: str
    status: str
    reason: str | None = None
    row_counts: dict[str, int] = field(default_factory=dict)


@dataclass
class CrawlReport:
    outcomes: list[FetchOutcome] = field(default_factory=list)
    already_loaded: list[str] = field(default_factory=list)

    def names(self, status: str) -> list[str]:
        return [outcome.name for outcome in self.outcomes if outcome.status == status]

    @property
    def ok(self) -> bool:
        return all(outcome.status in ("loaded", "skipped") for outcome in self.outcomes)

    def describe(self, source: str) -> str:
        """One line per fetched file, then the totals: for the CLI and flow logs."""
        lines = [
            f"{o.status:8} {o.name}" + (f": {o.reason}" if o.reason else "") for o in self.outcomes
        ]
        statuses = sorted({o.status for o in self.outcomes})
        totals = ", ".join(f"{len(self.names(status))} {status}" for status in statuses)
        lines.append(
            f"{source}: {totals or 'nothing fetched'}, {len(self.already_loaded)} already loaded"
        )
        return "\n".join(lines)


def column_name(key: str) -> str:
    """`dispatchInterval` -> `dispatch_interval`, `Final Price ($/MWh)` -> `final_price_mwh`."""
    return snake_case(_CAMEL_BOUNDARY.sub("_", key))


def published_text(value: object) -> str | None:
    """A JSON or CSV value as text: null and empty are missing, 0 stays `0`, nested as JSON."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True)
    return str(value)


def record_row(file_name: str, record: object, table: RawTable, where: str) -> Row:
    """One JSON object as a row of `table`; a missing required field rejects the file."""
    if not isinstance(record, Mapping):
        raise BadFileError(f"{file_name}: {where}: expected an object, got {type(record).__name__}")
    row = {column_name(str(key)): published_text(value) for key, value in record.items()}
    require_columns(file_name, row.keys(), table, where)
    return row


def require_columns(file_name: str, present: Iterable[str], table: RawTable, where: str) -> None:
    missing = [column for column in table.required if column not in set(present)]
    if missing:
        raise BadFileError(
            f"{file_name}: {where}: missing required field(s) {', '.join(missing)} "
            f"for raw.{table.name}"
        )


def json_document(file_name: str, data: bytes) -> Any:
    try:
        return json.loads(data.decode("utf-8-sig"))
    except json.JSONDecodeError as error:
        raise BadFileError(f"{file_name}: not JSON: {error}") from None


def json_path(file_name: str, document: Any, path: Sequence[str]) -> Any:
    """`document[path[0]][path[1]]...`, or a BadFileError naming the missing key."""
    node = document
    for depth, key in enumerate(path):
        if not isinstance(node, Mapping) or key not in node:
            missing = ".".join(path[: depth + 1])
            raise BadFileError(f"{file_name}: missing required field {missing}")
        node = node[key]
    return node


def json_list(file_name: str, document: Any, path: Sequence[str]) -> list[Any]:
    node = json_path(file_name, document, path)
    if not isinstance(node, list):
        raise BadFileError(f"{file_name}: {'.'.join(path)} is not a list")
    return node


def csv_rows(file_name: str, data: bytes, table: RawTable) -> list[Row]:
    """A headed CSV as rows keyed by snake_cased header; required headers are checked first."""
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig")))
    header = next(reader, None)
    if header is None:
        raise BadFileError(f"{file_name}: empty file, expected a CSV header")
    columns = [column_name(name) for name in header]
    require_columns(file_name, columns, table, "header")
    rows: list[Row] = []
    for line, values in enumerate(reader, start=2):
        if not values:
            continue
        if len(values) != len(columns):
            raise BadFileError(
                f"{file_name}: line {line}: {len(values)} fields, header has {len(columns)}"
            )
        rows.append({c: published_text(v.strip()) for c, v in zip(columns, values, strict=True)})
    return rows


def zip_members(file_name: str, data: bytes, suffix: str) -> list[tuple[str, bytes]]:
    """`(outer.zip/member, bytes)` for the members ending in `suffix`, or the file itself."""
    if not file_name.lower().endswith(".zip"):
        return [(file_name, data)]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = [n for n in archive.namelist() if n.lower().endswith(suffix)]
        if not names:
            raise BadFileError(f"{file_name}: no {suffix} file in the zip")
        return [(f"{file_name}/{name}", archive.read(name)) for name in names]


def ensure_tables(conn: Target, tables: Iterable[RawTable]) -> None:
    """Create each table (declared columns + provenance), or add the columns it lacks."""
    store = as_store(conn)
    for table in tables:
        store.ensure_table(table.name, [*table.columns, *RECORD_PROVENANCE])


def load_records(
    conn: Target,
    source: str | Path,
    parse: Parser,
    *,
    name: str | None = None,
    data: bytes | None = None,
) -> LoadResult:
    """Parse one file and load its records; `source` (path or URL) is read when `data` is None.
    `conn` is a DuckDB connection or the raw store of any engine."""
    file_name = name or Path(str(source)).name
    store = as_store(conn)
    store.ensure_ledger()
    try:
        content = Path(source).read_bytes() if data is None else data
    except OSError as error:
        return LoadResult(file_name, "", "rejected", f"{file_name}: cannot read {source}: {error}")
    sha256 = sha256_of(None, content)
    entry = LedgerEntry(file_name, sha256, str(source), "loaded", utc_now())

    def load() -> dict[str, int]:
        records = parse(file_name, content)
        with store.transaction():
            row_counts = _insert_all(store, records, Provenance(sha256, entry.loaded_at))
            store.record(replace(entry, row_counts=row_counts))
        return row_counts

    return load_with_ledger(store, entry, load)


def fetch_and_load(
    client: NemwebClient, conn: Target, file: RemoteRecordFile, parse: Parser
) -> FetchOutcome:
    """GET one file through the retrying client and load it; a failed GET is reported."""
    try:
        data = client.get(file.url)
    except NemwebError as error:
        return FetchOutcome(file.name, file.url, FAILED, str(error))
    result = load_records(conn, file.url, parse, name=file.name, data=data)
    return FetchOutcome(file.name, file.url, result.status, result.reason, dict(result.row_counts))


def crawl_files(
    client: NemwebClient,
    conn: Target,
    files: Sequence[RemoteRecordFile],
    parse: Parser,
) -> CrawlReport:
    """Fetch and load each file in turn; final files the ledger holds as loaded are not fetched."""
    store = as_store(conn)
    report = CrawlReport()
    loaded = loaded_file_names(store, [file.name for file in files if file.final])
    for file in files:
        if file.final and file.name in loaded:
            report.already_loaded.append(file.name)
        else:
            report.outcomes.append(fetch_and_load(client, store, file, parse))
    return report


def _insert_all(store: RawStore, records: list[Records], provenance: Provenance) -> dict[str, int]:
    row_counts: dict[str, int] = {}
    for group in records:
        inserted = _insert(store, group, provenance)
        row_counts[group.table.name] = row_counts.get(group.table.name, 0) + inserted
    return row_counts


def _insert(store: RawStore, records: Records, provenance: Provenance) -> int:
    """The records' rows (declared columns first, then any others) into `raw.<table>`."""
    columns = list(dict.fromkeys([*records.table.columns, *(k for r in records.rows for k in r)]))
    arrays = {c: pa.array([row.get(c) for row in records.rows], pa.string()) for c in columns}
    arrays["_source_file"] = pa.array([records.source_file] * len(records.rows), pa.string())
    return store.append_rows(records.table.name, pa.table(arrays), provenance)
