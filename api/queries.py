"""SQL over the marts for the timeseries endpoints (qmark parameters, portable SQL).

A network's rows are those whose `network_id` is one of `Network.network_ids` (AU: NEM and WEM).
On the 5-minute marts a member on another clock is aligned to the network's (`_aligned_time`:
WEM AWST + 2 hours for AU, so 5m and 1h buckets hold the same instants); the daily and monthly
marts hold network-local days and months, which are not shifted (AU's day holds the WEM's AWST
day: the documented approximation).
"""

from collections.abc import Sequence
from datetime import datetime

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


_LATEST = VersionedMemo()


def latest_interval(reader: MartReader, dataset: Dataset, network: Network) -> datetime | None:
    """Start of the newest 5-minute interval every member network has in the dataset's mart
    (a scan of the whole mart, so memoised per data version)."""
    return _LATEST.get(
        reader,
        (dataset.latest_table, network.code),
        lambda: _latest_interval(reader, dataset, network),
    )


def _latest_interval(reader: MartReader, dataset: Dataset, network: Network) -> datetime | None:
    rows = reader.query(
        f"""
select min(latest) from (
    select max({_aligned_time(network, "interval_start")}) as latest
    from {dataset.latest_table}
    where {in_clause("network_id", network.network_ids)}
    group by network_id
) as members
""",
        list(network.network_ids),
    )
    return rows[0][0] if rows else None


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
