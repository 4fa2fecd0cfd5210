"""SQL over the marts for the timeseries endpoints (qmark parameters, portable SQL)."""

from datetime import datetime

from api.metrics import LOAD_FUELTECHS, Dataset
from api.params import SeriesRequest
from api.reader import MartReader


def latest_interval(reader: MartReader, dataset: Dataset, network_code: str) -> datetime | None:
    """Start of the newest 5-minute interval in the dataset's 5-minute mart."""
    rows = reader.query(
        f"select max(interval_start) from {dataset.latest_table} where network_id = ?",
        [network_code],
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
    ):
        if values:
            clauses.append(f"{column} in ({', '.join('?' for _ in values)})")
            params.extend(values)
    if any(grouping.generation_only for grouping in request.groupings):
        clauses.append(f"fueltech_id not in ({LOAD_FUELTECHS})")
    return clauses, params


def series_sql(
    dataset: Dataset, request: SeriesRequest, start: datetime, end: datetime
) -> tuple[str, list[object]]:
    """Rows `(bucket, *grouping values, *requested metrics)` for `start <= time < end`."""
    source = dataset.source_for(request.interval.source)
    time_column = dataset.time_columns[source]
    leaves = ",\n        ".join(
        [
            f"cast({request.interval.sql_bucket(time_column)} as timestamp) as bucket",
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
            *(f"{dataset.metrics[n].series[source]} as {n}" for n in request.metrics),
        ]
    )
    clauses, filter_params = _filters(request)
    where = " and ".join(["network_id = ?", f"{time_column} >= ?", f"{time_column} < ?", *clauses])
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
    return sql, [request.network.code, start, end, *filter_params]
