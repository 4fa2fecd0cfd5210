"""SQL over the marts for the timeseries endpoints (qmark parameters, portable SQL).

A network's rows are those whose `network_id` is one of `Network.network_ids` (AU: NEM and WEM).
On the 5-minute marts a member on another clock is aligned to the network's (`_aligned_time`:
WEM AWST + 2 hours for AU, so 5m and 1h buckets hold the same instants); the daily and monthly
marts hold network-local days and months, which are not shifted (AU's day holds the WEM's AWST
day: the documented approximation).
"""

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from api.intervals import Source
from api.memo import VersionedMemo
from api.metrics import LOAD_FUELTECHS, Dataset
from api.params import SeriesRequest
from api.reader import MartReader
from opennem.networks import Network


def in_clause(column: str, values: Sequence[object]) -> str:
    return f"{column} in ({', '.join('?' for _ in values)})"


def _aligned_time(network: Network, column: str) -> str:
    """`column` (a member's naive local time) in the network's local time. Member codes come from
    `opennem.networks`, never from a request, so they are written as literals."""
    shifted = [code for code in network.network_ids if network.shift_minutes(code)]
    if not shifted:
        return column
    cases = " ".join(
        f"when '{code}' then {column} + interval '{network.shift_minutes(code)} minutes'"
        for code in shifted
    )
    return f"(case network_id {cases} else {column} end)"


# After a publish the newest intervals are looked for from this long before the previous ones on
# (more than any member network's clock shift), so Parquet statistics skip the older partitions.
REFRESH_MARGIN = timedelta(days=1)
# ... and the whole mart is read again at least this often: a member network whose first rows
# all lie before that margin is found then.
WHOLE_READ_EVERY_S = 3600.0


@dataclass(frozen=True)
class Newest:
    """Each member network's newest 5-minute interval in a mart (network-local time)."""

    by_member: dict[str, datetime]
    whole_read_at: float  # time.monotonic() when the whole mart was last read


_LATEST = VersionedMemo()


def latest_interval(reader: MartReader, dataset: Dataset, network: Network) -> datetime | None:
    """Start of the newest 5-minute interval every member network has in the dataset's mart,
    memoised per data version (`refreshed_newest`: after a publish, the rows of the last day)."""
    newest = _LATEST.get(
        reader,
        (dataset.latest_table, network.code),
        lambda previous: refreshed_newest(reader, dataset.latest_table, network, previous),
    )
    return min(newest.by_member.values(), default=None)


def refreshed_newest(
    reader: MartReader, table: str, network: Network, previous: Newest | None
) -> Newest:
    """`previous` brought up to date from the rows since `REFRESH_MARGIN` before it, if every
    member's newest is still there and the whole mart was read within `WHOLE_READ_EVERY_S`;
    else read from the whole mart."""
    now = time.monotonic()
    if previous and previous.by_member and now - previous.whole_read_at < WHOLE_READ_EVERY_S:
        since = min(previous.by_member.values()) - REFRESH_MARGIN
        found = _newest_by_member(reader, table, network, since)
        if all(found.get(m, datetime.min) >= t for m, t in previous.by_member.items()):
            return Newest(found, previous.whole_read_at)
    return Newest(_newest_by_member(reader, table, network, None), now)


def _newest_by_member(
    reader: MartReader, table: str, network: Network, since: datetime | None
) -> dict[str, datetime]:
    """Each member's newest interval among the rows starting at `since` or later (all: None)."""
    members = list(network.network_ids)
    rows = reader.query(
        f"""
select network_id, max({_aligned_time(network, "interval_start")}) as latest
from {table}
where {in_clause("network_id", members)}{" and interval_start >= ?" if since else ""}
group by network_id
""",
        [*members, *([since] if since else [])],
    )
    return {str(member): latest for member, latest in rows if latest is not None}


def _filters(request: SeriesRequest) -> tuple[list[str], list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    if request.network_region:
        clauses.append("network_region = ?")
        params.append(request.network_region)
    for column, values in (
        ("fueltech_id", request.fueltechs),
        ("fueltech_group_id", request.fueltech_groups),
        ("unit_code", request.unit_codes),
    ):
        if values:
            clauses.append(in_clause(column, values))
            params.extend(values)
    if any(grouping.generation_only for grouping in request.groupings):
        clauses.append(f"fueltech_id not in ({LOAD_FUELTECHS})")
    return clauses, params


def series_sql(
    dataset: Dataset,
    request: SeriesRequest,
    metrics: Sequence[str],
    start: datetime,
    end: datetime,
) -> tuple[str, list[object]]:
    """Rows `(bucket, *grouping values, *metrics)` for `start <= time < end`."""
    source = dataset.source_for(request.interval.source)
    time_column = dataset.time_columns[source]
    time = (
        _aligned_time(request.network, time_column) if source is Source.FIVE_MINUTE else time_column
    )
    leaves = ",\n        ".join(
        [
            f"cast({request.interval.sql_bucket(time)} as timestamp) as bucket",
            *dataset.leaf_columns,
            *(f"{m.leaf[source]} as {m.name}" for m in dataset.metrics.values()),
        ]
    )
    leaf_positions = ", ".join(str(i) for i in range(1, len(dataset.leaf_columns) + 2))
    groups = [g.column for g in request.groupings]
    outputs = ",\n    ".join(
        [
            "bucket",
            *groups,
            *(f"{dataset.metrics[n].series[source]} as {n}" for n in metrics),
        ]
    )
    clauses, filter_params = _filters(request)
    network_ids = request.network.network_ids
    where = " and ".join(
        [in_clause("network_id", network_ids), f"{time} >= ?", f"{time} < ?", *clauses]
    )
    group_by = ", ".join(["bucket", *groups])
    order_by = ", ".join([*groups, "bucket"])
    sql = f"""
with leaves as (
    select
        {leaves}
    from {dataset.tables[source]}
    where {where}
    group by {leaf_positions}
)
select
    {outputs}
from leaves
group by {group_by}
order by {order_by}
"""
    return sql, [*network_ids, start, end, *filter_params]
