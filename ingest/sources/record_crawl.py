"""Crawling the record sources (WEM, BOM, APVI): fetch each planned file, load it, report.

A source plans `RemoteRecordFile`s (a `final` file is skipped once the ledger holds its name; a
live one is fetched every time and deduplicated by sha256) and gives its parser; `crawl_files`
fetches through the retrying `HttpClient` and loads each with `ingest.loader.load_records`.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest.formats.records import Parser
from ingest.http import HttpClient, HttpError
from ingest.loader import load_records, loaded_names, tables_with_rows, total_rows
from ingest.stores import RawStore

FAILED = "failed"


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
    source: str
    outcomes: list[FetchOutcome] = field(default_factory=list)
    already_loaded: list[str] = field(default_factory=list)

    def names(self, status: str) -> list[str]:
        return [outcome.name for outcome in self.outcomes if outcome.status == status]

    @property
    def ok(self) -> bool:
        return all(outcome.status in ("loaded", "skipped") for outcome in self.outcomes)

    def tables_loaded(self) -> set[str]:
        return tables_with_rows(outcome.row_counts for outcome in self.outcomes)

    def files_loaded(self) -> int:
        return len(self.names("loaded"))

    def rows_loaded(self) -> int:
        return total_rows(outcome.row_counts for outcome in self.outcomes)

    def describe(self) -> str:
        """One line per fetched file, then the totals: for the CLI and flow logs."""
        lines = [
            f"{o.status:8} {o.name}" + (f": {o.reason}" if o.reason else "") for o in self.outcomes
        ]
        statuses = sorted({o.status for o in self.outcomes})
        totals = ", ".join(f"{len(self.names(status))} {status}" for status in statuses)
        loaded = len(self.already_loaded)
        lines.append(f"{self.source}: {totals or 'nothing fetched'}, {loaded} already loaded")
        return "\n".join(lines)


def fetch_and_load(
    client: HttpClient, store: RawStore, file: RemoteRecordFile, parse: Parser
) -> FetchOutcome:
    """GET one file through the retrying client and load it; a failed GET is reported."""
    try:
        data = client.get(file.url)
    except HttpError as error:
        return FetchOutcome(file.name, file.url, FAILED, str(error))
    result = load_records(store, file.url, parse, name=file.name, data=data)
    return FetchOutcome(file.name, file.url, result.status, result.reason, dict(result.row_counts))


def crawl_files(
    source: str,
    client: HttpClient,
    store: RawStore,
    files: Sequence[RemoteRecordFile],
    parse: Parser,
) -> CrawlReport:
    """Fetch and load each file in turn; final files the ledger holds as loaded are not fetched."""
    report = CrawlReport(source)
    loaded = loaded_names(store, [file.name for file in files if file.final])
    for file in files:
        if file.final and file.name in loaded:
            report.already_loaded.append(file.name)
        else:
            report.outcomes.append(fetch_and_load(client, store, file, parse))
    return report
