"""Readers of the marts: the one interface the API queries through.

A reader runs one SQL statement (qmark `?` parameters) and returns rows as tuples, or streams
its result as Arrow record batches (`batches`, for exports: memory holds a batch, never the whole
result). The DuckDB reader attaches the serving file (see `opennem.serving`: views over Parquet
partitions, or plain tables) read-only and attaches the new one when the publisher swaps it in,
so the API keeps answering while ingest and transform write the working file. PostgreSQL or
ClickHouse readers implement the same `query`.
"""

import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import duckdb
import pyarrow as pa

BATCH_ROWS = 65_536

Row = tuple[Any, ...]


class MartsUnavailable(Exception):
    """The marts cannot be read (no serving file yet, or a mart table is missing)."""


class MartReader(Protocol):
    def query(self, sql: str, params: Sequence[object] = ()) -> list[Row]: ...

    def batches(self, sql: str, params: Sequence[object] = ()) -> Iterator[pa.RecordBatch]:
        """The result streamed as record batches of at most `BATCH_ROWS` rows (none if empty)."""
        ...

    def version(self) -> str:
        """Changes whenever the marts do ("" where the engine cannot tell: caches then expire)."""
        ...


# Attachments made on one DuckDB instance before the next swap starts a new one (a day of 5-minute
# publishes): bounds the Parquet metadata its cache keeps of files retired since.
RENEW_AFTER = 288


@dataclass
class _Instance:
    """An in-memory DuckDB instance the serving files are attached to, one after another: its
    Parquet metadata cache outlives a swap, so the first query after a publish reads the
    footers of the rewritten partitions only."""

    connection: duckdb.DuckDBPyConnection
    attachments: int = 0  # made on it
    attached: int = 0  # still attached


@dataclass
class _Handle:
    instance: _Instance
    alias: str
    identity: tuple[int, int, int]
    users: int = 0
    retired: bool = False


def _identity(path: Path) -> tuple[int, int, int]:
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        raise MartsUnavailable(f"serving file {path} does not exist (run a transform)") from None
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)


def _new_instance(threads: int) -> _Instance:
    # A private in-memory instance: duckdb caches instances by path, so a plain connect() would
    # hand back the replaced file while an old connection is still open.
    connection = duckdb.connect(config={"threads": threads})
    # the views of a published serving file read Parquet: keep the files' footers in memory
    connection.execute("set parquet_metadata_cache = true")
    return _Instance(connection)


def _execute(instance: _Instance, sql: str) -> None:
    with instance.connection.cursor() as cursor:
        cursor.execute(sql)


def _attach(instance: _Instance, path: Path, identity: tuple[int, int, int]) -> _Handle:
    alias = f"serving_{instance.attachments}"
    try:
        _execute(instance, f"attach '{path}' as {alias} (read_only)")
    except duckdb.Error as exc:
        raise MartsUnavailable(f"serving file {path} cannot be opened: {exc}") from exc
    instance.attachments += 1
    instance.attached += 1
    return _Handle(instance, alias, identity)


class DuckDBServingReader:
    """Reads a DuckDB serving file read-only; attaches it again when its inode, mtime or size
    change (queries running on the previous file finish on it, then it is detached).

    Each query runs on `threads` DuckDB threads: one by default, as the API's queries are small
    (a day of 5-minute rows, a year of days) and run side by side in the server's thread pool;
    on a busy machine a second thread per query slows them (benchmarks/bench_api.py)."""

    def __init__(self, path: Path, threads: int = 1) -> None:
        self.path = path
        self.threads = threads
        self._lock = threading.Lock()
        self._instance: _Instance | None = None
        self._handle: _Handle | None = None

    @contextmanager
    def _serving_cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor on the serving file's schema; a missing mart is MartsUnavailable."""
        handle = self._acquire()
        try:
            cursor = handle.instance.connection.cursor()
            try:
                cursor.execute(f"use {handle.alias}")
                yield cursor
            finally:
                cursor.close()
        except duckdb.CatalogException as exc:
            raise MartsUnavailable(f"serving file {self.path}: {exc}") from exc
        finally:
            self._release(handle)

    def query(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        with self._serving_cursor() as cursor:
            return cursor.execute(sql, list(params)).fetchall()

    def batches(self, sql: str, params: Sequence[object] = ()) -> Iterator[pa.RecordBatch]:
        with self._serving_cursor() as cursor:
            yield from cursor.sql(sql, params=list(params)).to_arrow_reader(BATCH_ROWS)

    def version(self) -> str:
        return "-".join(map(str, _identity(self.path)))

    def close(self) -> None:
        with self._lock:
            if self._handle is not None:
                self._retire(self._handle)
                self._handle = None
            if self._instance is not None and not self._instance.attached:
                self._instance.connection.close()
            self._instance = None

    def _acquire(self) -> _Handle:
        identity = _identity(self.path)
        with self._lock:
            if self._handle is None or self._handle.identity != identity:
                self._swap(identity)
            assert self._handle is not None
            self._handle.users += 1
            return self._handle

    def _swap(self, identity: tuple[int, int, int]) -> None:
        """Attach the file now at the path; the previous one is detached once unused."""
        if self._instance is None or self._instance.attachments >= RENEW_AFTER:
            # the previous instance is closed with its last attachment
            self._instance = _new_instance(self.threads)
        handle = _attach(self._instance, self.path, identity)
        if self._handle is not None:
            self._retire(self._handle)
        self._handle = handle

    def _release(self, handle: _Handle) -> None:
        with self._lock:
            handle.users -= 1
            if handle.retired and handle.users == 0:
                self._detach(handle)

    def _retire(self, handle: _Handle) -> None:
        handle.retired = True
        if handle.users == 0:
            self._detach(handle)

    def _detach(self, handle: _Handle) -> None:
        instance = handle.instance
        instance.attached -= 1
        if instance is self._instance:
            _execute(instance, f"detach {handle.alias}")
        elif not instance.attached:
            instance.connection.close()
