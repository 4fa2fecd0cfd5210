"""A month of a dataset read from the marts, and whole histories written one file a month.

A month is read one day at a time (each day a query ordered by the dataset's keys, streamed as
record batches), so neither the engine nor the API ever holds more than a day's sort.
"""

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pyarrow as pa

from api.exports.datasets import DATASETS, ExportDataset
from api.exports.files import parquet_chunks
from api.reader import MartReader


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _days(month: date) -> Iterator[datetime]:
    day = datetime(month.year, month.month, 1)
    while day.date() < next_month(month):
        yield day
        day += timedelta(days=1)


def _day_sql(dataset: ExportDataset) -> str:
    return (
        f"select {', '.join(dataset.columns)} from {dataset.table}"
        " where interval_start >= ? and interval_start < ?"
        f" order by {', '.join(dataset.order_by)}"
    )


def month_batches(
    reader: MartReader, dataset: ExportDataset, month: date
) -> Iterator[pa.RecordBatch]:
    """The dataset's rows whose `interval_start` (network time) falls in `month`, in key order."""
    sql = _day_sql(dataset)
    for day in _days(month):
        yield from reader.batches(sql, [day, day + timedelta(days=1)])


def months_held(reader: MartReader, dataset: ExportDataset) -> list[date]:
    """Every month from the dataset's first interval to its last (none if it is empty)."""
    ((first, last),) = reader.query(
        f"select min(interval_start), max(interval_start) from {dataset.table}"
    )
    if first is None:
        return []
    months = [date(first.year, first.month, 1)]
    while months[-1] < date(last.year, last.month, 1):
        months.append(next_month(months[-1]))
    return months


def write_month(reader: MartReader, dataset: ExportDataset, month: date, path: Path) -> None:
    """The month's Parquet file at `path` (written beside it, then renamed into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".parquet.partial")
    with partial.open("wb") as out:
        for chunk in parquet_chunks(dataset.schema, month_batches(reader, dataset, month)):
            out.write(chunk)
    partial.replace(path)


def write_history(reader: MartReader, out_dir: Path) -> list[Path]:
    """`out_dir/<dataset>/<YYYY-MM>.parquet` for every dataset and month the marts hold."""
    written = []
    for dataset in DATASETS.values():
        for month in months_held(reader, dataset):
            path = out_dir / dataset.name / f"{month:%Y-%m}.parquet"
            write_month(reader, dataset, month, path)
            written.append(path)
    return written
