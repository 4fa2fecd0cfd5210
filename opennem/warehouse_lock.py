"""One writer at a time: an exclusive file lock beside the DuckDB file (`<name>.lock`).

DuckDB allows one writing process per file, and a second process that opens it fails at once.
Every job that writes the warehouse (scheduled flows, backfills) takes this lock first, so an
overlapping run waits its turn instead of failing or interleaving its writes. The wait is the
kernel's (`flock`), so a waiter gets the lock as soon as the holder lets go; bound a job's total
time with the flow's timeout rather than here. The lock is released when the holder exits or dies.
"""

import fcntl
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path

from opennem.warehouse import WarehouseUrl


def lock_path(database: Path) -> Path:
    return database.with_name(f"{database.name}.lock")


@contextmanager
def warehouse_lock(database: Path) -> Iterator[Path]:
    """Hold the exclusive writer lock of `database` for the block (waits for the holder)."""
    path = lock_path(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield path
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def writer_lock(warehouse: WarehouseUrl) -> AbstractContextManager[object]:
    """The file lock for a DuckDB warehouse; nothing for PostgreSQL or ClickHouse, where the
    ledger (a loaded sha256 is skipped) and each deployment's concurrency limit of 1 keep
    overlapping runs safe."""
    if warehouse.engine == "duckdb":
        return warehouse_lock(warehouse.duckdb_path)
    return nullcontext()
