"""Load fetched files into raw tables, one transaction per file, with the ledger.

MMS files (CSV, zip, zip of zips) go through `load_file`; JSON and CSV record files (WEM, BOM,
APVI) through `load_records` with their source's parser (`ingest.formats.records`).

    result = load_file(store, "path/or/url", name="PUBLIC_...zip", data=b"...")  # data optional
    result.status  # "loaded" | "rejected" | "skipped" (same sha256 already loaded)

Every table section of the file lands in `raw.<report>_<subtype>` with provenance columns, and the
file gets a row in `raw.load_ledger`. A bad file is rolled back whole and recorded as rejected
with a reason naming the file and the problem; files loaded before it are untouched.

An MMS file is split (unzipped, scanned, written as section CSVs) in a thread, a few pieces ahead
of the engine's inserts, inside the file's one transaction: the engine reads one piece while the
next is decompressed, and a problem met late in the file still rolls back all of it.
"""

import io
import queue
import tempfile
import threading
import zipfile
import zlib
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Literal

from ingest.errors import BadFileError
from ingest.formats.archives import file_name_of, iter_csv_streams, sha256_of
from ingest.formats.mms import MmsSection, MmsTable, iter_mms_sections
from ingest.formats.records import Parser, RawTable, Records
from ingest.stores.ledger import LedgerEntry
from ingest.stores.protocol import RawStore
from ingest.stores.provenance import Provenance

LoadStatus = Literal["loaded", "rejected", "skipped"]
# The provenance columns of a record table besides `_loaded_at` (which every raw table has).
RECORD_PROVENANCE = ("_source_file", "_file_sha256")

# Problems of a file (or of writing it) that reject the file instead of stopping a batch,
# besides the store's `database_errors`.
_FILE_PROBLEMS: dict[type[Exception], str] = {
    BadFileError: "",
    zipfile.BadZipFile: "corrupt zip: ",
    zlib.error: "corrupt zip data: ",
    EOFError: "truncated zip: ",
    UnicodeError: "undecodable text: ",
    OSError: "read error: ",
}
_DATABASE_ERROR = "database error: "


@dataclass(frozen=True)
class LoadResult:
    name: str
    sha256: str
    status: LoadStatus
    reason: str | None = None
    row_counts: dict[str, int] = field(default_factory=dict)

    def describe(self) -> str:
        """`loaded   NAME: 390 rows`, or why it was rejected: for the CLI and logs (a reason
        names its file first; the name is not said twice)."""
        rows = sum(self.row_counts.values())
        detail = self.reason.removeprefix(f"{self.name}: ") if self.reason else f"{rows} rows"
        return f"{self.status:8} {self.name}: {detail}"


def load_file(
    store: RawStore,
    source: str | Path,
    *,
    name: str | None = None,
    data: bytes | None = None,
    check_count: bool = True,
) -> LoadResult:
    """Load one file; `source` (path or URL) is kept for provenance and read when `data` is None.

    `check_count=False` accepts a file whose END OF REPORT line count does not match, which only
    filtered copies of AEMO files need (the NEMOSIS test fixtures). `store` is the
    raw store of any engine (`ingest.stores.open_store`).
    """
    file_name = name or file_name_of(str(source))
    try:
        sha256 = sha256_of(Path(source), data)
    except OSError as error:
        return LoadResult(file_name, "", "rejected", f"{file_name}: cannot read {source}: {error}")
    entry = LedgerEntry(file_name, sha256, str(source), "loaded", utc_now())
    return load_with_ledger(
        store, entry, lambda: _load(store, entry, _open(source, data), check_count)
    )


def load_with_ledger(
    store: RawStore, entry: LedgerEntry, load: Callable[[], dict[str, int]]
) -> LoadResult:
    """The ledger's rules around loading one file: a sha256 already loaded is skipped; `load`
    (one transaction that also records `entry` with its row counts) either commits whole, or the
    file is recorded as rejected with a reason naming it and the problem."""
    store.ensure_ledger()
    if store.ledger_status(entry.sha256) == "loaded":
        return LoadResult(entry.file_name, entry.sha256, "skipped")
    try:
        row_counts = load()
    except (*_FILE_PROBLEMS, *store.database_errors) as error:
        reason = _reason(entry.file_name, error)
        store.record(replace(entry, status="rejected", reason=reason))
        return LoadResult(entry.file_name, entry.sha256, "rejected", reason)
    return LoadResult(entry.file_name, entry.sha256, "loaded", None, row_counts)


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def load_files(
    store: RawStore,
    sources: Iterable[str | Path],
    *,
    check_count: bool = True,
) -> list[LoadResult]:
    """Load each file in turn; a rejected file does not stop the others."""
    return [load_file(store, source, check_count=check_count) for source in sources]


def iter_file_sections(
    name: str, stream: IO[bytes], workdir: Path, *, check_count: bool = True
) -> Generator[MmsSection, None, None]:
    """The sections of every MMS CSV in a fetched file, each yielded once written whole."""
    for member_name, member in iter_csv_streams(name, stream):
        yield from iter_mms_sections(member, member_name, workdir, check_count=check_count)


def _load(
    store: RawStore, entry: LedgerEntry, stream: IO[bytes], check_count: bool
) -> dict[str, int]:
    provenance = Provenance(entry.sha256, entry.loaded_at)
    with stream, tempfile.TemporaryDirectory(prefix="opennem-load-") as workdir:
        split = iter_file_sections(entry.file_name, stream, Path(workdir), check_count=check_count)
        with store.transaction(), _read_ahead(split) as sections:
            row_counts = _insert_sections(store, sections, provenance)
            store.record(replace(entry, row_counts=row_counts))
    return row_counts


@contextmanager
def _read_ahead(
    items: Generator[MmsSection, None, None], depth: int = 2
) -> Iterator[Iterator[MmsSection]]:
    """`items` produced in a thread, up to `depth` ahead of the consumer; the producer's error is
    raised in the consumer, and leaving the block stops the producer (and waits for it)."""
    ahead: queue.Queue[tuple[MmsSection | None, BaseException | None]] = queue.Queue(depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                if stop.is_set():
                    return
                ahead.put((item, None))
            ahead.put((None, None))
        except BaseException as error:  # handed to the consumer, raised there
            ahead.put((None, error))
        finally:
            items.close()

    def consume() -> Iterator[MmsSection]:
        while True:
            item, error = ahead.get()
            if error is not None:
                raise error
            if item is None:
                return
            yield item

    producer = threading.Thread(target=produce, name="opennem-split", daemon=True)
    producer.start()
    try:
        yield consume()
    finally:
        stop.set()
        while producer.is_alive():
            _drain(ahead)
            producer.join(timeout=0.05)


def _drain(ahead: "queue.Queue[tuple[MmsSection | None, BaseException | None]]") -> None:
    """Empty the queue so a producer blocked on a full one can go on to see it must stop."""
    while True:
        try:
            ahead.get_nowait()
        except queue.Empty:
            return


def _insert_sections(
    store: RawStore, sections: Iterable[MmsSection], provenance: Provenance
) -> dict[str, int]:
    """Each section into its raw table (created, or widened for a new version, when first met),
    its temporary CSV removed once read."""
    prepared: set[MmsTable] = set()
    row_counts: dict[str, int] = {}
    for section in sections:
        if section.table not in prepared:
            store.prepare_table(section.table)
            prepared.add(section.table)
        inserted = store.insert_section(section, provenance) if section.rows else 0
        section.path.unlink()  # read: a month's file never sits on disk whole
        raw_table = section.table.raw_table
        row_counts[raw_table] = row_counts.get(raw_table, 0) + inserted
    return row_counts


def _open(source: str | Path, data: bytes | None) -> IO[bytes]:
    return io.BytesIO(data) if data is not None else Path(source).open("rb")


def _reason(file_name: str, error: Exception) -> str:
    kind = next(
        (label for problem, label in _FILE_PROBLEMS.items() if isinstance(error, problem)),
        _DATABASE_ERROR,
    )
    message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return message if message.startswith(file_name) else f"{file_name}: {kind}{message}"


def tables_with_rows(row_counts: Iterable[Mapping[str, int]]) -> set[str]:
    """The raw tables that got at least one row, over the files' row counts."""
    return {table for counts in row_counts for table, rows in counts.items() if rows}


def total_rows(row_counts: Iterable[Mapping[str, int]]) -> int:
    """The rows loaded over the files' row counts, every table."""
    return sum(rows for counts in row_counts for rows in counts.values())


def loaded_names(store: RawStore, names: Sequence[str]) -> set[str]:
    """Which of `names` the ledger holds as loaded."""
    if not names:
        return set()
    store.ensure_ledger()
    return store.loaded_names(names)


def ensure_tables(store: RawStore, tables: Iterable[RawTable]) -> None:
    """Create each table (declared columns + provenance), or add the columns it lacks."""
    for table in tables:
        store.ensure_table(table.name, [*table.columns, *RECORD_PROVENANCE])


def load_records(
    store: RawStore,
    source: str | Path,
    parse: Parser,
    *,
    name: str | None = None,
    data: bytes | None = None,
) -> LoadResult:
    """Parse one file and load its records; `source` (path or URL) is read when `data` is None.
    `store` is the raw store of any engine."""
    file_name = name or Path(str(source)).name
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


def _insert_all(store: RawStore, records: list[Records], provenance: Provenance) -> dict[str, int]:
    row_counts: dict[str, int] = {}
    for group in records:
        inserted = _insert(store, group, provenance)
        row_counts[group.table.name] = row_counts.get(group.table.name, 0) + inserted
    return row_counts


def _insert(store: RawStore, records: Records, provenance: Provenance) -> int:
    """The records' rows (declared columns first, then any others) into `raw.<table>`."""
    import pyarrow as pa

    columns = list(dict.fromkeys([*records.table.columns, *(k for r in records.rows for k in r)]))
    arrays = {c: pa.array([row.get(c) for row in records.rows], pa.string()) for c in columns}
    source_file = pa.scalar(records.source_file, pa.string())
    arrays["_source_file"] = pa.repeat(source_file, len(records.rows))
    return store.append_rows(records.table.name, pa.table(arrays), provenance)
