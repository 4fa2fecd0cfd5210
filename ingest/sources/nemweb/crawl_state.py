"""The crawl state (`raw.crawl_state`): every file a crawl planned, and what became of it.

One row per (source, file name) with the interval ends the file holds (naive AEST) and a status:

- `loaded`: in the ledger (loaded now or before);
- `rejected`: a bad file (the ledger says why); fetching it again gives the same bytes;
- `failed`: the download failed; retried by the next crawl;
- `superseded`: failed, but a loaded file (e.g. the day's Archive zip) covers its intervals;
- `aged_out`: still failing `age_out` after its last interval: AEMO will not publish it again;
- `not_published`: an MMSDM month that answered 404 (AEMO did not publish that table then).

The next crawl starts at the oldest `failed` file, else at the newest loaded interval, else
`lookback` before now. So a crawl fetches every missing interval, not only the latest, and after
downtime it starts where it stopped (Reports/Archive serves what Current no longer lists); the
ledger keeps anything from loading twice.

The table is the same on every engine; each raw store creates it and writes whole rows
(`ensure_crawl_state`, `write_crawl_state`), and this module reads it with portable SQL.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from ingest.http import HttpClient
from ingest.loader import loaded_names
from ingest.sources.nemweb.crawl import FAILED, FileOutcome, plan
from ingest.sources.nemweb.locations import RemoteFile
from ingest.stores import RawStore

NOT_PUBLISHED = "not_published"
_STATUS_OF = {
    "loaded": "loaded",
    "skipped": "loaded",
    "rejected": "rejected",
    FAILED: FAILED,
    NOT_PUBLISHED: NOT_PUBLISHED,
}
_COVERED = """
select distinct
    failed.source,
    failed.file_name,
    failed.first_end,
    failed.last_end,
    failed.attempts,
    failed.reason
from raw.crawl_state as failed
join raw.crawl_state as covering on covering.source = failed.source
where failed.source = {source}
    and failed.status = 'failed'
    and covering.status = 'loaded'
    and covering.first_end <= failed.first_end
    and covering.last_end >= failed.last_end
"""


class CrawlStateRow(NamedTuple):
    """A row of `raw.crawl_state`, in its column order (`CRAWL_STATE_COLUMNS`)."""

    source: str
    file_name: str
    first_end: datetime
    last_end: datetime
    status: str
    attempts: int
    reason: str | None
    updated_at: datetime


@dataclass(frozen=True)
class CrawlPolicy:
    lookback: timedelta = timedelta(days=1)  # where a source with no state starts
    age_out: timedelta = timedelta(days=3)  # how long after its interval a failing file is retried


def ensure_state_table(store: RawStore) -> None:
    store.ensure_crawl_state()


def window_start(store: RawStore, source: str, now: datetime, policy: CrawlPolicy) -> datetime:
    """Where the next crawl of `source` starts (interval end, naive AEST)."""
    store = _state(store)
    rows = store.fetch_rows(
        "select "
        "min(case when status = 'failed' then first_end end), "
        "max(case when status = 'loaded' then last_end end) "
        f"from raw.crawl_state where source = {_literal(source)}"
    )
    oldest_failed, newest_loaded = rows[0] if rows else (None, None)
    start: datetime | None = oldest_failed or newest_loaded
    return start if start is not None else now - policy.lookback


def due_files(
    client: HttpClient,
    store: RawStore,
    source: str,
    now: datetime,
    policy: CrawlPolicy,
) -> tuple[list[RemoteFile], list[RemoteFile]]:
    """The files to fetch next (oldest first), and the planned ones the ledger already holds."""
    files = plan(client, source, window_start(store, source, now, policy), None)
    loaded = loaded_names(store, [file.name for file in files])
    return [f for f in files if f.name not in loaded], [f for f in files if f.name in loaded]


def record(
    store: RawStore,
    source: str,
    outcomes: Sequence[FileOutcome],
    now: datetime,
    policy: CrawlPolicy,
) -> None:
    """Write what became of each file; age out and supersede failures (one store transaction)."""
    store = _state(store)
    attempts = _attempts(store, source, [outcome.file.name for outcome in outcomes])
    rows = [_row(source, outcome, attempts, now, policy) for outcome in outcomes]
    with store.transaction():
        if rows:
            store.write_crawl_state(rows)
        superseded = [
            CrawlStateRow(source, name, first, last, "superseded", tries, reason, now)
            for (source, name, first, last, tries, reason) in store.fetch_rows(
                _COVERED.format(source=_literal(source))
            )
        ]
        if superseded:
            store.write_crawl_state(superseded)


def statuses(store: RawStore, source: str) -> dict[str, str]:
    """file name -> status, for one source."""
    rows = _state(store).fetch_rows(
        f"select file_name, status from raw.crawl_state where source = {_literal(source)}"
    )
    return {str(name): str(status) for name, status in rows}


def _state(store: RawStore) -> RawStore:
    store.ensure_crawl_state()
    return store


def _attempts(store: RawStore, source: str, names: Sequence[str]) -> dict[str, int]:
    """How often each of `names` was tried before."""
    if not names:
        return {}
    rows = store.fetch_rows(
        "select file_name, attempts from raw.crawl_state "
        f"where source = {_literal(source)} "
        f"and file_name in ({', '.join(map(_literal, names))})"
    )
    return {str(name): int(tries) for name, tries in rows}


def _literal(value: str) -> str:
    """`value` as an SQL string literal that reads the same on every engine."""
    if "'" in value or "\\" in value:
        raise ValueError(f"crawl state: a quote or backslash in {value!r}")
    return f"'{value}'"


def _row(
    source: str,
    outcome: FileOutcome,
    attempts: dict[str, int],
    now: datetime,
    policy: CrawlPolicy,
) -> CrawlStateRow:
    name, period = outcome.file.name, outcome.file.period
    status = _STATUS_OF[outcome.status]
    if status == FAILED and period.last_end < now - policy.age_out:
        status = "aged_out"
    tries = attempts.get(name, 0) + 1
    return CrawlStateRow(
        source, name, period.first_end, period.last_end, status, tries, outcome.reason, now
    )
