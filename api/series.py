"""Timeseries responses: the served time range, the bucket grid and the v4 result shapes.

Rule for the newest data: the API serves nothing past the newest 5-minute interval in the
dataset's 5-minute mart. A bucket of one day or less (5m, 1h, 1d) is served only once that
interval covers its whole span, so an incomplete hour or day never shows as a low value. Longer
buckets (7d, 1M, 3M, season, 1y, fy) serve the current period to date. Every bucket of the grid
appears in every series: a bucket without a row is an explicit `null`, never 0.
"""

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from api.errors import ApiError
from api.intervals import DAY
from api.metrics import Dataset
from api.params import SeriesRequest, check_span
from api.queries import latest_interval, series_sql
from api.reader import MartReader, Row

Plan = list[tuple[Dataset, tuple[str, ...]]]


def resolve_range(request: SeriesRequest, latest: datetime) -> tuple[datetime, datetime, datetime]:
    """`(start, end, complete_end)`: rows in `[start, end)`, data complete up to `complete_end`."""
    interval = request.interval
    complete_end = latest + timedelta(minutes=request.network.interval_minutes)
    end = min(request.date_end, complete_end) if request.date_end else complete_end
    start = interval.floor(request.date_start or end - interval.default_span)
    if request.date_start and not request.date_end:
        check_span(interval, start, end)
    return start, end, complete_end


def bucket_grid(
    request: SeriesRequest, start: datetime, end: datetime, complete_end: datetime
) -> list[datetime]:
    interval = request.interval
    starts = interval.grid(start, end)
    if interval.step is not None and interval.step <= DAY:
        return [s for s in starts if interval.following(s) <= complete_end]
    return starts


def _results(
    request: SeriesRequest,
    metric: str,
    column: int,
    rows: Sequence[Row],
    grid: list[datetime],
    labels: list[str],
) -> list[dict[str, Any]]:
    width = len(request.groupings)
    series: dict[tuple[Any, ...], dict[datetime, Any]] = {}
    for row in rows:
        series.setdefault(tuple(row[1 : 1 + width]), {})[row[0]] = row[column]
    date_start, date_end = labels[0], labels[-1]
    results = []
    for key, values in series.items():
        name = "|".join(str(v) for v in key) or "total"
        results.append(
            {
                "name": f"{metric}_{name}",
                "date_start": date_start,
                "date_end": date_end,
                "columns": {g.label: v for g, v in zip(request.groupings, key, strict=True)},
                # (label, value) pairs, which orjson writes as arrays, zipped in C
                "data": list(zip(labels, map(values.get, grid), strict=True)),
            }
        )
    return results


def build_items(
    dataset: Dataset,
    request: SeriesRequest,
    metrics: Sequence[str],
    rows: Sequence[Row],
    grid: list[datetime],
) -> list[dict[str, Any]]:
    """One v4 timeseries item per metric of `metrics` (the rows' metric columns, in order)."""
    tz = request.network.tz
    labels = [bucket.replace(tzinfo=tz).isoformat() for bucket in grid]
    served = set(grid)
    rows = [row for row in rows if row[0] in served]
    width = len(request.groupings)
    items = []
    for index, name in enumerate(metrics):
        items.append(
            {
                "network_code": request.network.code,
                "metric": name,
                "unit": dataset.metrics[name].unit,
                "interval": request.interval.code,
                "date_start": labels[0] if labels else None,
                "date_end": labels[-1] if labels else None,
                "groupings": request.grouping_names,
                "results": _results(request, name, 1 + width + index, rows, grid, labels)
                if labels
                else [],
                "network_timezone_offset": request.network.offset_label,
            }
        )
    return items


def plan(datasets: Sequence[Dataset], request: SeriesRequest) -> Plan:
    """Which dataset serves each requested metric: the first that has it and can group by every
    requested grouping. Datasets in the order of their first metric."""
    columns = {grouping.column for grouping in request.groupings}
    chosen: Plan = []
    for name in request.metrics:
        dataset = next(
            (d for d in datasets if name in d.metrics and columns <= set(d.leaf_columns)), None
        )
        if dataset is None:
            groups = sorted(g.name for g in request.groupings)
            raise ApiError(f"metrics: {name!r} cannot be grouped by {groups}")
        index = next((i for i, (d, _) in enumerate(chosen) if d is dataset), None)
        if index is None:
            chosen.append((dataset, (name,)))
        else:
            chosen[index] = (dataset, (*chosen[index][1], name))
    return chosen


def _latest(reader: MartReader, chosen: Plan, request: SeriesRequest) -> datetime | None:
    """The newest interval any of the datasets has (a dataset behind it serves nulls there)."""
    found = [latest_interval(reader, dataset, request.network) for dataset, _ in chosen]
    return max((latest for latest in found if latest is not None), default=None)


def _query(
    reader: MartReader, chosen: Plan, request: SeriesRequest, latest: datetime | None
) -> tuple[list[datetime], list[list[Row]]]:
    """The bucket grid and each dataset's rows."""
    if latest is None:
        return [], [[] for _ in chosen]
    start, end, complete_end = resolve_range(request, latest)
    grid = bucket_grid(request, start, end, complete_end)
    rows = [
        reader.query(*series_sql(dataset, request, names, start, end)) if grid else []
        for dataset, names in chosen
    ]
    firsts = [row[0] for found in rows for row in found]
    if firsts and request.date_start is None:
        # no start asked for: begin at the first data, not with a run of nulls before it
        grid = [bucket for bucket in grid if bucket >= min(firsts)]
    return grid, rows


def fetch_timeseries(
    reader: MartReader, datasets: Sequence[Dataset], request: SeriesRequest
) -> list[dict[str, Any]]:
    """The v4 items of the request's metrics, each read from its dataset (see `plan`)."""
    chosen = plan(datasets, request)
    grid, rows = _query(reader, chosen, request, _latest(reader, chosen, request))
    items = {
        item["metric"]: item
        for (dataset, names), found in zip(chosen, rows, strict=True)
        for item in build_items(dataset, request, names, found, grid)
    }
    return [items[name] for name in request.metrics]
