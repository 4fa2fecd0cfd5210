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
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb

from ingest.nemweb.client import NemwebClient
from ingest.nemweb.crawl import FAILED, FileOutcome, loaded_file_names, plan
from ingest.nemweb.locations import RemoteFile

_DDL = """
create table if not exists raw.crawl_state (
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

_UPSERT = """
insert into raw.crawl_state as state
values (?, ?, ?, ?, ?, 1, ?, ?)
on conflict (source, file_name) do update set
    status = excluded.status,
    attempts = state.attempts + 1,
    reason = excluded.reason,
    updated_at = excluded.updated_at
"""

_SUPERSEDE = """
update raw.crawl_state as failed
set status = 'superseded', updated_at = ?
where failed.source = ?
    and failed.status = 'failed'
    and exists (
        select 1
        from raw.crawl_state as covering
        where covering.source = failed.source
            and covering.status = 'loaded'
            and covering.first_end <= failed.first_end
            and covering.last_end >= failed.last_end
    )
"""

NOT_PUBLISHED = "not_published"
_STATUS_OF = {
    "loaded": "loaded",
    "skipped": "loaded",
    "rejected": "rejected",
    FAILED: FAILED,
    NOT_PUBLISHED: NOT_PUBLISHED,
}


@dataclass(frozen=True)
class CrawlPolicy:
    lookback: timedelta = timedelta(days=1)  # where a source with no state starts
    age_out: timedelta = timedelta(days=3)  # how long after its interval a failing file is retried


def ensure_state_table(conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute("create schema if not exists raw")
    conn.execute(_DDL)


def window_start(
    conn: duckdb.DuckDBPyConnection, source: str, now: datetime, policy: CrawlPolicy
) -> datetime:
    """Where the next crawl of `source` starts (interval end, naive AEST)."""
    ensure_state_table(conn)
    row = conn.execute(
        "select min(first_end) filter (where status = 'failed'), "
        "max(last_end) filter (where status = 'loaded') "
        "from raw.crawl_state where source = ?",
        [source],
    ).fetchone()
    oldest_failed, newest_loaded = row if row else (None, None)
    start: datetime | None = oldest_failed or newest_loaded
    return start if start is not None else now - policy.lookback


def due_files(
    client: NemwebClient,
    conn: duckdb.DuckDBPyConnection,
    source: str,
    now: datetime,
    policy: CrawlPolicy,
) -> tuple[list[RemoteFile], list[RemoteFile]]:
    """The files to fetch next (oldest first), and the planned ones the ledger already holds."""
    files = plan(client, source, window_start(conn, source, now, policy), None)
    loaded = loaded_file_names(conn, [file.name for file in files])
    return [f for f in files if f.name not in loaded], [f for f in files if f.name in loaded]


def record(
    conn: duckdb.DuckDBPyConnection,
    source: str,
    outcomes: Sequence[FileOutcome],
    now: datetime,
    policy: CrawlPolicy,
) -> None:
    """Write what became of each file; age out and supersede failures."""
    ensure_state_table(conn)
    rows = [_row(source, outcome, now, policy) for outcome in outcomes]
    if rows:
        conn.executemany(_UPSERT, rows)
    conn.execute(_SUPERSEDE, [now, source])


def statuses(conn: duckdb.DuckDBPyConnection, source: str) -> dict[str, str]:
    """file name -> status, for one source."""
    ensure_state_table(conn)
    rows = conn.execute(
        "select file_name, status from raw.crawl_state where source = ?", [source]
    ).fetchall()
    return dict(rows)


def _row(
    source: str, outcome: FileOutcome, now: datetime, policy: CrawlPolicy
) -> tuple[object, ...]:
    period = outcome.file.period
    status = _STATUS_OF[outcome.status]
    if status == FAILED and period.last_end < now - policy.age_out:
        status = "aged_out"
    return (
        source,
        outcome.file.name,
        period.first_end,
        period.last_end,
        status,
        outcome.reason,
        now,
    )
