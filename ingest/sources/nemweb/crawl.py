"""Which NEMWEB files to fetch next, and the crawl that fetches and loads them.

`crawl` lists Reports/Current for the report (and Reports/Archive for the part of the window older
than anything still in Current), keeps the files whose intervals overlap [since, until] (interval
ENDs, naive AEST; aware datetimes are converted), drops those the ledger already holds as loaded,
then downloads each and hands the bytes to the loader. `download` and `hand_over` are separate so a
Prefect flow can wrap them as tasks. A failed download is recorded in the summary and the crawl
goes on with the next file.

`mmsdm:<TABLE>` crawls the MMSDM monthly archive instead (no listing: the URLs are known).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ingest.formats.listing import ListingEntry
from ingest.http import HttpClient, HttpError, HttpRefused
from ingest.loader import LoadResult, load_file, loaded_names, tables_with_rows, total_rows
from ingest.sources.nemweb.locations import Place, RemoteFile, folder_url, mmsdm_files
from ingest.sources.nemweb.reports import MMSDM_PREFIX, ReportType, get_mmsdm_table, get_report
from ingest.sources.nemweb.times import now_aest, to_aest
from ingest.stores import RawStore

FAILED = "failed"
_SUCCEEDED = ("loaded", "skipped")
_LOADER_STATUSES = (*_SUCCEEDED, "rejected")


@dataclass(frozen=True)
class FileOutcome:
    file: RemoteFile
    status: str  # the loader's loaded / rejected / skipped, or "failed" (download)
    reason: str | None = None
    row_counts: dict[str, int] = field(default_factory=dict)


@dataclass
class CrawlSummary:
    report: str
    since: datetime | None
    until: datetime | None
    already_loaded: list[str] = field(default_factory=list)
    outcomes: list[FileOutcome] = field(default_factory=list)

    def names(self, status: str) -> list[str]:
        return [outcome.file.name for outcome in self.outcomes if outcome.status == status]

    @property
    def failed(self) -> list[FileOutcome]:
        return [outcome for outcome in self.outcomes if outcome.status == FAILED]

    @property
    def ok(self) -> bool:
        return all(outcome.status in _SUCCEEDED for outcome in self.outcomes)

    def tables_loaded(self) -> set[str]:
        return tables_with_rows(outcome.row_counts for outcome in self.outcomes)

    def files_loaded(self) -> int:
        return len(self.names("loaded"))

    def rows_loaded(self) -> int:
        return total_rows(outcome.row_counts for outcome in self.outcomes)

    def describe(self) -> str:
        """One line per fetched file, then the totals: for the CLI and flow logs."""
        lines = [
            f"{o.status:8} {o.file.name}" + (f": {o.reason}" if o.reason else "")
            for o in self.outcomes
        ]
        counts = {status: len(self.names(status)) for status in (*_LOADER_STATUSES, FAILED)}
        totals = ", ".join(f"{count} {status}" for status, count in counts.items())
        lines.append(f"{self.report}: {totals}, {len(self.already_loaded)} already loaded")
        return "\n".join(lines)


def remote_files(
    report: ReportType, entries: Iterable[ListingEntry], place: Place
) -> list[RemoteFile]:
    """The entries of a listing that are files of `report`, placed in time by their names."""
    period_of = report.current_period if place is Place.CURRENT else report.archive_period
    files = []
    for entry in entries:
        period = None if entry.is_dir else period_of(entry.name)
        if period is not None:
            files.append(RemoteFile(entry.name, entry.url, place, period))
    return files


def select(
    files: Iterable[RemoteFile], since: datetime | None, until: datetime | None
) -> list[RemoteFile]:
    """The files overlapping [since, until] (interval ends, AEST), oldest first."""
    window = [f for f in files if f.period.overlaps(since, until)]
    return sorted(window, key=lambda f: (f.period.first_end, f.name))


def plan_report(
    client: HttpClient, report: ReportType, since: datetime | None, until: datetime | None
) -> list[RemoteFile]:
    """Current files in the window, plus Archive files for what is older than Current holds
    (for a snapshot report, plus the last file published before the window)."""
    current = remote_files(
        report, client.list_dir(folder_url(client.base_url, report, Place.CURRENT)), Place.CURRENT
    )
    earliest = min((f.period.first_end for f in current), default=None)
    chosen = select(current, since, until)
    if report.snapshot:
        return _in_force_before(current, since) + chosen
    if report.archive is None or since is None or (earliest is not None and since >= earliest):
        return chosen
    archive_until = until if earliest is None else _before(earliest, until)
    archived = remote_files(report, _archive_listing(client, report), Place.ARCHIVE)
    return select(archived, since, archive_until) + chosen


def _archive_listing(client: HttpClient, report: ReportType) -> list[ListingEntry]:
    """The Archive folder's entries; a folder that does not exist (404) holds no files yet."""
    try:
        return client.list_dir(folder_url(client.base_url, report, Place.ARCHIVE))
    except HttpRefused as error:
        if error.status != 404:
            raise
        return []


def plan(
    client: HttpClient, name: str, since: datetime | None, until: datetime | None
) -> list[RemoteFile]:
    """The files of report `name` (or `mmsdm:<TABLE>`) for the window, oldest first."""
    since, until = _aest_or_none(since), _aest_or_none(until)
    if not name.lower().startswith(MMSDM_PREFIX):
        return plan_report(client, get_report(name), since, until)
    if since is None:
        raise ValueError(f"{name}: an MMSDM crawl needs --since (it has no listing to start from)")
    return mmsdm_files(client.base_url, get_mmsdm_table(name), since, until or now_aest())


def download(client: HttpClient, file: RemoteFile) -> bytes:
    return client.get(file.url)


def hand_over(store: RawStore, file: RemoteFile, data: bytes) -> LoadResult:
    return load_file(store, file.url, name=file.name, data=data)


def fetch_and_load(client: HttpClient, store: RawStore, file: RemoteFile) -> FileOutcome:
    try:
        data = download(client, file)
    except HttpError as error:
        return FileOutcome(file, FAILED, str(error))
    result = hand_over(store, file, data)
    return FileOutcome(file, result.status, result.reason, dict(result.row_counts))


def crawl(
    report: str,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    base_url: str | None = None,
    store: RawStore,
    client: HttpClient | None = None,
) -> CrawlSummary:
    """Fetch and load the files of `report` in [since, until] that the ledger has not loaded."""
    summary = CrawlSummary(report, _aest_or_none(since), _aest_or_none(until))
    http = client or HttpClient(base_url)
    try:
        files = plan(http, report, since, until)
        loaded = loaded_names(store, [file.name for file in files])
        for file in files:
            if file.name in loaded:
                summary.already_loaded.append(file.name)
            else:
                summary.outcomes.append(fetch_and_load(http, store, file))
    finally:
        if client is None:
            http.close()
    return summary


def _in_force_before(files: list[RemoteFile], since: datetime | None) -> list[RemoteFile]:
    """The last file published before `since`: the state in force when the window opens."""
    if since is None:
        return []
    earlier = [f for f in files if f.period.last_end < since]
    return [max(earlier, key=lambda f: f.period.last_end)] if earlier else []


def _aest_or_none(moment: datetime | None) -> datetime | None:
    return None if moment is None else to_aest(moment)


def _before(earliest: datetime, until: datetime | None) -> datetime:
    just_before = earliest - timedelta(seconds=1)
    return just_before if until is None else min(until, just_before)
