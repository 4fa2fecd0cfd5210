"""`opennem backfill` killed mid-way and run again: it continues, nothing loads twice, no row is
missing. Also two overlapping backfills of the same window (the warehouse lock serialises them)."""

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pytest

from opennem.warehouse_lock import warehouse_lock
from simulator import Simulation, serve, simulate

UNITS = 4
FILES = 72  # six hours of 5-minute DISPATCH_SCADA files
KILL_AFTER = 15
WINDOW = ["--from", "2024-08-01T00:05", "--to", "2024-08-01T06:00"]


@dataclass
class Nemweb:
    simulation: Simulation
    base_url: str


@pytest.fixture(scope="module")
def nemweb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Nemweb]:
    root = tmp_path_factory.mktemp("nemweb")
    simulation = simulate(
        root, date(2024, 8, 1), date(2024, 8, 1), units=UNITS, tables=["DISPATCH_UNIT_SCADA"]
    )
    with serve(root) as base_url:
        yield Nemweb(simulation, base_url)


def backfill_command(database: Path, nemweb: Nemweb, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "OPENNEM_DATABASE_URL": f"duckdb:///{database}",
        "OPENNEM_NEMWEB_URL": nemweb.base_url,
    }
    args = ["-m", "cli.main", "backfill", "--source", "dispatch_scada", *WINDOW]
    with log.open("wb") as stderr:
        return subprocess.Popen([sys.executable, *args], env=env, stderr=stderr)


def query(database: Path, sql: str) -> list[tuple[object, ...]]:
    """Read the warehouse between the backfill's files (it holds the lock while it writes)."""
    with warehouse_lock(database), duckdb.connect(str(database), True) as conn:
        return conn.execute(sql).fetchall()


def loaded_files(database: Path) -> int:
    if not database.exists():
        return 0
    ledger = "select 1 from information_schema.tables where table_name = 'load_ledger'"
    if not query(database, ledger):
        return 0
    rows = query(database, "select count(*) from raw.load_ledger where status = 'loaded'")
    return int(str(rows[0][0]))


def wait_for_files(process: subprocess.Popen[bytes], database: Path, count: int) -> int:
    """Poll the ledger (bounded) until `count` files are loaded; the pause is the process wait."""
    deadline = time.monotonic() + 60
    while (loaded := loaded_files(database)) < count:
        assert time.monotonic() < deadline, f"only {loaded} files loaded in 60 s"
        with pytest.raises(subprocess.TimeoutExpired):
            process.wait(timeout=0.05)
    return loaded


def assert_complete_once(database: Path) -> None:
    ledger = query(database, "select count(*), count(distinct file_name) from raw.load_ledger")
    assert ledger == [(FILES, FILES)]
    rows = query(
        database,
        "select count(*), count(distinct (duid, settlementdate)) from raw.dispatch_unit_scada",
    )
    assert rows == [(UNITS * FILES, UNITS * FILES)]


def test_killed_backfill_resumes_without_duplicates_or_gaps(nemweb: Nemweb, tmp_path: Path) -> None:
    database = tmp_path / "warehouse.duckdb"
    first = backfill_command(database, nemweb, tmp_path / "first.log")
    wait_for_files(first, database, KILL_AFTER)
    first.kill()
    first.wait(timeout=10)
    done_before = loaded_files(database)
    assert KILL_AFTER <= done_before < FILES

    second = backfill_command(database, nemweb, tmp_path / "second.log")

    assert second.wait(timeout=120) == 0, (tmp_path / "second.log").read_text()
    summary = (tmp_path / "second.log").read_text()
    assert f"{done_before} already loaded, {FILES - done_before} loaded" in summary
    assert_complete_once(database)


def test_overlapping_backfills_load_each_file_once(nemweb: Nemweb, tmp_path: Path) -> None:
    database = tmp_path / "warehouse.duckdb"
    runs = [backfill_command(database, nemweb, tmp_path / f"run{i}.log") for i in range(2)]

    codes = [run.wait(timeout=120) for run in runs]

    assert codes == [0, 0], [(tmp_path / f"run{i}.log").read_text() for i in range(2)]
    assert_complete_once(database)
