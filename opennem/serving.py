"""Publishing the marts for the API without copying unchanged history.

DuckDB allows one writing process per file, so the API never reads the working warehouse. After
each dbt build/run/seed the marts are published beside it (`data/opennem.duckdb` gives):

- `data/opennem.serving/<table>/<partition>.<generation>.parquet`: each mart's rows as Parquet,
  in the table's order (not sorted again: on DuckDB the 5-minute marts are built in time order,
  macro `full_build_time_order`, and incremental runs append later intervals). 5-minute marts
  (`interval_start`) have one file per day of their newest month and one per older month (a
  month's day files are compacted into one month file once the mart has rows of a later month);
  daily marts (`interval_day`) one per month; monthly marts (`interval_month`) one per year;
  marts without a time column one file.
- `data/opennem.serving/manifest.json`: per table its columns, the newest `_loaded_at` published
  and its partitions (file and row count); and each file no longer referenced with the time it
  was retired.
- `data/opennem.serving.duckdb` (`serving_path`): a small file of views, one per mart
  (`select * from read_parquet([<its files>])`: an explicit list, so a publish is one snapshot),
  written beside its final path and swapped in with `os.replace`. A mart without rows is an empty
  table of the same columns.

A publish rewrites only the partitions holding rows whose `_loaded_at` (the newest raw load behind
a row) is after the newest one the table's published rows have, plus compaction. Neither a
lookback (as the incremental models' watermark has, `transform/macros/incremental_watermark.sql`)
nor rows equal to the mark are needed: on DuckDB a load and a build never overlap (one writing
process per file), so rows a later build adds come from later loads; added rows that do not are
caught by the row count. (`>=` would rewrite the partitions of the newest load again every time:
after a backfill, a whole month of day files.) A mart is republished whole when
it is new to the manifest, its columns changed, its row count no longer equals the sum of its
partitions' (a full refresh, deleted rows), it has no `_loaded_at` or no time column (the
dimensions: small), or a full publish is asked. New files get new names (the next generation), so
a reader of the previous snapshot keeps working; a file no longer referenced is deleted by the
first publish after it has been retired for `RETIRE_GRACE_S`.
"""

import json
import logging
import os
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import duckdb

from opennem.warehouse import MART_SCHEMA, connect_duckdb, current

LOADED_AT = "_loaded_at"
# The time column a mart is partitioned by, and the `date_trunc` unit its rows are grouped in.
TIME_COLUMNS = {"interval_start": "day", "interval_day": "month", "interval_month": "year"}
RETIRE_GRACE_S = 600.0
MANIFEST = "manifest.json"
WHOLE = "all"
NO_TIME = "none"

logger = logging.getLogger(__name__)

Columns = list[tuple[str, str]]


@dataclass
class Partition:
    file: str  # relative to the serving directory
    rows: int


@dataclass
class PublishedTable:
    columns: Columns
    loaded_at: str | None = None
    partitions: dict[str, Partition] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(partition.rows for partition in self.partitions.values())


@dataclass
class Manifest:
    tables: dict[str, PublishedTable] = field(default_factory=dict)
    retired: dict[str, float] = field(default_factory=dict)  # file -> when retired (epoch s)

    def files(self) -> set[str]:
        return {p.file for table in self.tables.values() for p in table.partitions.values()}


@dataclass(frozen=True)
class Mart:
    """A table (or view) of the warehouse's marts schema."""

    name: str
    columns: Columns

    @property
    def relation(self) -> str:
        return f'{MART_SCHEMA}."{self.name}"'

    @property
    def time_column(self) -> str | None:
        names = {name for name, _ in self.columns}
        return next((column for column in TIME_COLUMNS if column in names), None)

    @property
    def loaded_at_type(self) -> str | None:
        return dict(self.columns).get(LOADED_AT)


def serving_path(database: Path) -> Path:
    """The DuckDB file of views the API reads."""
    return database.with_name(f"{database.stem}.serving.duckdb")


def serving_dir(database: Path) -> Path:
    """The directory of the published Parquet files and their manifest."""
    return database.with_name(f"{database.stem}.serving")


def read_manifest(directory: Path) -> Manifest:
    try:
        raw = json.loads((directory / MANIFEST).read_text())
    except FileNotFoundError:
        return Manifest()
    tables = {
        name: PublishedTable(
            columns=[(column, kind) for column, kind in table["columns"]],
            loaded_at=table["loaded_at"],
            partitions={key: Partition(**p) for key, p in table["partitions"].items()},
        )
        for name, table in raw["tables"].items()
    }
    return Manifest(tables, raw["retired"])


def write_manifest(directory: Path, manifest: Manifest) -> None:
    tables = {
        name: {
            "columns": table.columns,
            "loaded_at": table.loaded_at,
            "partitions": {key: vars(p) for key, p in sorted(table.partitions.items())},
        }
        for name, table in sorted(manifest.tables.items())
    }
    staged = directory / f"{MANIFEST}.tmp"
    staged.write_text(json.dumps({"tables": tables, "retired": manifest.retired}))
    os.replace(staged, directory / MANIFEST)


def partition_key(time_column: str | None, unit: date | None, newest_month: str) -> str:
    """The partition of the rows of `unit` (a day, month or year start, as `TIME_COLUMNS` groups
    them): 5-minute rows of the newest month by day, of older months by month."""
    if time_column is None:
        return WHOLE
    if unit is None:
        return NO_TIME
    if TIME_COLUMNS[time_column] == "year":
        return f"{unit:%Y}"
    month = f"{unit:%Y-%m}"
    if TIME_COLUMNS[time_column] == "day" and month == newest_month:
        return unit.isoformat()
    return month


def key_bounds(key: str) -> tuple[date, date]:
    """The first day of a day, month or year partition and the first day after it."""
    if len(key) == 10:
        start = date.fromisoformat(key)
        return start, start + timedelta(days=1)
    if len(key) == 7:
        start = date.fromisoformat(f"{key}-01")
        return start, (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    start = date(int(key), 1, 1)
    return start, start.replace(year=start.year + 1)


def partition_filter(time_column: str | None, key: str) -> str:
    """SQL condition of the rows of partition `key`."""
    if time_column is None:
        return "true"
    if key == NO_TIME:
        return f'"{time_column}" is null'
    start, end = key_bounds(key)
    return f"\"{time_column}\" >= '{start}' and \"{time_column}\" < '{end}'"


def _month_of(key: str) -> str:
    return key[:7] if len(key) >= 7 and key[4] == "-" else ""


def _overlaps(old: str, new: str) -> bool:
    """Partitions `old` and `new` share rows (equal keys, or a day of a month written whole)."""
    return old == new or old.startswith(f"{new}-") or new.startswith(f"{old}-")


def list_marts(conn: duckdb.DuckDBPyConnection) -> list[Mart]:
    rows = conn.execute(
        "select table_name, column_name, data_type from information_schema.columns "
        "where table_catalog = current_database() and table_schema = ? "
        "order by table_name, ordinal_position",
        [MART_SCHEMA],
    ).fetchall()
    columns: dict[str, Columns] = {}
    for table, column, kind in rows:
        columns.setdefault(table, []).append((column, kind))
    return [Mart(name, cols) for name, cols in columns.items()]


class TablePublisher:
    """Brings one mart's published partitions up to date with its table in the warehouse."""

    def __init__(
        self, conn: duckdb.DuckDBPyConnection, directory: Path, generation: int, mart: Mart
    ) -> None:
        self.conn = conn
        self.directory = directory
        self.generation = generation
        self.mart = mart

    def publish(self, published: PublishedTable | None, *, full: bool) -> PublishedTable:
        mark = None if full or published is None else self._mark(published)
        if published is None or mark is None:
            return self._whole()
        updated = self._changed(published, mark)
        if updated.rows == self._count():
            return updated
        logger.info("%s: rows differ from its partitions': republished whole", self.mart.name)
        return self._whole()

    def _mark(self, published: PublishedTable) -> str | None:
        """The newest `_loaded_at` published, if the mart can be published by what changed."""
        same_columns = published.columns == self.mart.columns
        partitioned = self.mart.loaded_at_type is not None and self.mart.time_column is not None
        return published.loaded_at if same_columns and partitioned else None

    def _count(self) -> int:
        row = self.conn.execute(f"select count(*) from {self.mart.relation}").fetchone()
        return int(row[0]) if row else 0

    def _units(self, where: str, params: list[object]) -> dict[date | None, str | None]:
        """The day/month/year starts of the rows matching `where`, with their newest `_loaded_at`
        (as text); one `None` unit standing for every row of a mart without a time column."""
        column = self.mart.time_column
        unit = (
            f"cast(date_trunc('{TIME_COLUMNS[column]}', \"{column}\") as date)"
            if column
            else "cast(null as date)"
        )
        loaded = f'cast(max("{LOADED_AT}") as varchar)' if self.mart.loaded_at_type else "null"
        rows = self.conn.execute(
            f"select {unit}, {loaded} from {self.mart.relation} where {where} group by all",
            params,
        ).fetchall()
        return dict(rows)

    def _whole(self) -> PublishedTable:
        units = self._units("true", [])
        newest = max((f"{unit:%Y-%m}" for unit in units if unit is not None), default="")
        keys = {partition_key(self.mart.time_column, unit, newest) for unit in units}
        written = {key: self._write(key) for key in sorted(keys)}
        return PublishedTable(
            self.mart.columns,
            max((loaded for loaded in units.values() if loaded is not None), default=None),
            {key: partition for key, partition in written.items() if partition.rows},
        )

    def _changed(self, published: PublishedTable, mark: str) -> PublishedTable:
        units = self._units(f'"{LOADED_AT}" > cast(? as {self.mart.loaded_at_type})', [mark])
        newest = max(
            [_month_of(key) for key in published.partitions]
            + [f"{unit:%Y-%m}" for unit in units if unit is not None],
            default="",
        )
        keys = {partition_key(self.mart.time_column, unit, newest) for unit in units}
        # compaction: the day partitions of a month that is no longer the newest
        keys |= {key[:7] for key in published.partitions if len(key) == 10 and key[:7] != newest}
        partitions = dict(published.partitions)
        for key in sorted(keys):
            for old in [old for old in partitions if _overlaps(old, key)]:
                del partitions[old]
            written = self._write(key)
            if written.rows:
                partitions[key] = written
        loaded = [mark, *(loaded for loaded in units.values() if loaded is not None)]
        return PublishedTable(self.mart.columns, max(loaded), partitions)

    def _write(self, key: str) -> Partition:
        """Write partition `key` as a new file; none if it has no rows."""
        relative = f"{self.mart.name}/{key}.{self.generation}.parquet"
        target = self.directory / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        where = partition_filter(self.mart.time_column, key)
        row = self.conn.execute(
            f"copy (select * from {self.mart.relation} where {where}) "
            f"to '{target}' (format parquet)"
        ).fetchone()
        rows = int(row[0]) if row else 0
        if not rows:
            target.unlink(missing_ok=True)
        return Partition(relative, rows)


def published_files(directory: Path) -> set[str]:
    """The Parquet files under the serving directory (`<table>/<name>`), referenced or not."""
    return {
        f"{folder.name}/{entry.name}"
        for folder in os.scandir(directory)
        if folder.is_dir()
        for entry in os.scandir(folder.path)
        if entry.name.endswith(".parquet")
    }


def _generation(files: set[str]) -> int:
    """One more than the newest generation of `files` (a crashed publish's included)."""
    names = (file.split(".") for file in files)
    return 1 + max((int(parts[-2]) for parts in names if parts[-2].isdigit()), default=0)


def _view_sql(conn: duckdb.DuckDBPyConnection, mart: Mart, files: list[str]) -> str:
    """The view of a mart over its files, casting back any column whose type Parquet does not
    keep (a HUGEINT is written as a DOUBLE)."""
    listed = ", ".join(f"'{file}'" for file in files)
    read = conn.execute(f"describe select * from read_parquet(['{files[0]}'])").fetchall()
    select = [
        f'"{name}"' if kind == parquet_kind else f'cast("{name}" as {kind}) as "{name}"'
        for (name, kind), (_, parquet_kind, *_) in zip(mart.columns, read, strict=True)
    ]
    columns = "*" if all(not item.startswith("cast(") for item in select) else ", ".join(select)
    return f"select {columns} from read_parquet([{listed}])"


def write_serving_file(
    conn: duckdb.DuckDBPyConnection,
    target: Path,
    directory: Path,
    marts: list[Mart],
    manifest: Manifest,
) -> None:
    """The file of views over `manifest`'s partitions, swapped in at `target` atomically."""
    staged = target.with_name(f"{target.name}.tmp")
    staged.unlink(missing_ok=True)
    absolute = directory.resolve()
    conn.execute(f"attach '{staged}' as serving")
    try:
        conn.execute(f"create schema serving.{MART_SCHEMA}")
        for mart in marts:
            partitions = manifest.tables[mart.name].partitions
            name = f'serving.{MART_SCHEMA}."{mart.name}"'
            if partitions:
                files = [f"{absolute}/{partitions[key].file}" for key in sorted(partitions)]
                conn.execute(f"create view {name} as {_view_sql(conn, mart, files)}")
            else:
                conn.execute(f"create table {name} as select * from {mart.relation} limit 0")
    finally:
        conn.execute("detach serving")
    os.replace(staged, target)


def sweep(
    directory: Path, manifest: Manifest, on_disk: set[str], now: float, grace_s: float
) -> None:
    """Record the files of `on_disk` no longer referenced as retired (from `now`) and delete
    those retired for `grace_s` seconds or more."""
    live = manifest.files()
    retired = {file: manifest.retired.get(file, now) for file in on_disk - live}
    for file, since in list(retired.items()):
        if now - since >= grace_s:
            (directory / file).unlink(missing_ok=True)
            del retired[file]
    manifest.retired = retired


def publish_marts(
    database: Path | None = None, *, full: bool = False, grace_s: float = RETIRE_GRACE_S
) -> Path:
    """Publish the marts of `database` (default: the configured warehouse) for the API: the
    changed partitions as Parquet files, and a new serving file of views over every partition
    (`full`: every partition rewritten). Returns the serving file's path."""
    source = database or current().duckdb_path
    directory = serving_dir(source)
    directory.mkdir(parents=True, exist_ok=True)
    previous = read_manifest(directory)
    on_disk = published_files(directory)
    generation = _generation(on_disk)
    with connect_duckdb(source) as conn:
        marts = list_marts(conn)
        manifest = Manifest(
            {
                mart.name: TablePublisher(conn, directory, generation, mart).publish(
                    previous.tables.get(mart.name), full=full
                )
                for mart in marts
            },
            previous.retired,
        )
        write_serving_file(conn, serving_path(source), directory, marts, manifest)
    sweep(directory, manifest, on_disk | manifest.files(), time.time(), grace_s)
    write_manifest(directory, manifest)
    return serving_path(source)
