"""Resumable backfills: every file of a window that the ledger lacks, one transaction per file.

A backfill plans the files of [since, until], drops those the ledger holds as loaded, then
downloads and loads the rest oldest first, through the configured warehouse's raw store. Each
file is loaded in its own transaction under the writer lock (DuckDB only; taken per file, so
scheduled flows interleave with a long backfill). Kill it at any point and run it again: the
ledger says what is done, the killed file's transaction never committed, and nothing is loaded
twice.

Sources: a NEMWEB report key (`dispatch_scada`, `dispatch_is`, ...), `mmsdm:<TABLE>` for one
MMSDM table, or `nem-mmsdm` for the monthly MMSDM archives of every table we read.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from ingest.http import HttpClient, HttpError, HttpRefused
from ingest.loader import LoadResult, loaded_names
from ingest.sources.nemweb.crawl import FAILED, FileOutcome, download, hand_over, plan
from ingest.sources.nemweb.crawl_state import NOT_PUBLISHED, CrawlPolicy, record
from ingest.sources.nemweb.locations import Place, RemoteFile
from ingest.sources.nemweb.reports import MMSDM_PREFIX, MMSDM_TABLES, REPORTS
from ingest.sources.nemweb.times import now_aest
from ingest.stores import open_store
from opennem.warehouse import WarehouseUrl
from opennem.warehouse_lock import writer_lock

NEM_MMSDM = "nem-mmsdm"


@dataclass(frozen=True)
class PlannedFile:
    source: str  # the crawl source the file belongs to (report key or `mmsdm:<TABLE>`)
    file: RemoteFile


@dataclass
class BackfillSummary:
    source: str
    planned: int = 0
    already_loaded: int = 0
    outcomes: list[FileOutcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def rows(self) -> int:
        return sum(sum(outcome.row_counts.values()) for outcome in self.outcomes)

    @property
    def ok(self) -> bool:
        return self.count(FAILED) == 0 and self.count("rejected") == 0

    def describe(self) -> str:
        problems = [
            f"{o.status} {o.file.name}: {o.reason}"
            for o in self.outcomes
            if o.reason and o.status != NOT_PUBLISHED
        ]
        totals = (
            f"{self.source}: {self.planned} files planned, {self.already_loaded} already loaded, "
            f"{self.count('loaded')} loaded ({self.rows} rows), {self.count('skipped')} skipped, "
            f"{self.count('rejected')} rejected, {self.count(FAILED)} failed, "
            f"{self.count(NOT_PUBLISHED)} not published"
        )
        return "\n".join([*problems, totals])


def crawl_sources(source: str) -> list[str]:
    """The crawl sources a backfill source stands for."""
    if source == NEM_MMSDM:
        return [f"{MMSDM_PREFIX}{table}" for table in MMSDM_TABLES]
    if source in REPORTS or source.lower().startswith(MMSDM_PREFIX):
        return [source]
    known = [NEM_MMSDM, *REPORTS, f"{MMSDM_PREFIX}<TABLE>"]
    raise KeyError(f"unknown backfill source {source!r}; expected one of {known}")


def plan_backfill(
    client: HttpClient, warehouse: WarehouseUrl, source: str, since: datetime, until: datetime
) -> tuple[list[PlannedFile], int]:
    """The files still to load (oldest first, per crawl source) and how many are already loaded."""
    planned = [
        PlannedFile(name, file)
        for name in crawl_sources(source)
        for file in plan(client, name, since, until)
    ]
    with writer_lock(warehouse), open_store(warehouse) as store:
        loaded = loaded_names(store, [p.file.name for p in planned])
    todo = [p for p in planned if p.file.name not in loaded]
    return todo, len(planned) - len(todo)


def load_one(client: HttpClient, warehouse: WarehouseUrl, planned: PlannedFile) -> FileOutcome:
    """Fetch one file (lock free), then load it and record its crawl state under the lock."""
    try:
        data, failure = download(client, planned.file), None
    except HttpRefused as error:
        data, failure = b"", _refused(planned.file, error)
    except HttpError as error:
        data, failure = b"", FileOutcome(planned.file, FAILED, str(error))
    with writer_lock(warehouse), open_store(warehouse) as store:
        outcome = failure or _outcome(planned.file, hand_over(store, planned.file, data))
        record(store, planned.source, [outcome], now_aest(), CrawlPolicy())
    return outcome


def _refused(file: RemoteFile, error: HttpRefused) -> FileOutcome:
    """A 404 for an MMSDM month means AEMO did not publish that table then (e.g. rooftop PV
    before 2016): not a failure. Any other refusal is."""
    if error.status == 404 and file.place == Place.MMSDM:
        return FileOutcome(file, NOT_PUBLISHED, str(error))
    return FileOutcome(file, FAILED, str(error))


def _outcome(file: RemoteFile, result: LoadResult) -> FileOutcome:
    return FileOutcome(file, result.status, result.reason, dict(result.row_counts))


def backfill(
    source: str,
    since: datetime,
    until: datetime,
    *,
    warehouse: WarehouseUrl,
    client: HttpClient,
    on_planned: Callable[[int, int], None] = lambda todo, done: None,
    on_file: Callable[[FileOutcome], None] = lambda outcome: None,
) -> BackfillSummary:
    """Load every file of `source` in [since, until] the ledger lacks; resumable."""
    todo, already_loaded = plan_backfill(client, warehouse, source, since, until)
    summary = BackfillSummary(source, len(todo) + already_loaded, already_loaded)
    on_planned(len(todo), already_loaded)
    for planned in todo:
        outcome = load_one(client, warehouse, planned)
        summary.outcomes.append(outcome)
        on_file(outcome)
    return summary
