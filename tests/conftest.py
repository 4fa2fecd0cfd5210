"""Shared test fixtures: where the real data files live, and a throwaway warehouse."""

import os
from pathlib import Path

import duckdb
import pytest

from ingest.stores.duckdb_store import DuckDBRawStore

os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
# Apps built by tests serve without keys and rate limits unless a test passes a `Protection`
# (tests/api/test_protection.py); `opennem api` enforces them by default.
os.environ.setdefault("OPENNEM_API_PROTECTION", "false")
# pytest-xdist runs the suite in several processes: each gets its own dbt target and log folders
# (inside transform/), so their in-process dbt runs never share a manifest or a partial parse.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER")
if _WORKER:
    os.environ["DBT_TARGET_PATH"] = f"target/{_WORKER}"
    os.environ["DBT_LOG_PATH"] = f"logs/{_WORKER}"

REPO_ROOT = Path(__file__).resolve().parents[1]


def fixtures_root() -> Path:
    override = os.environ.get("OPENNEM_FIXTURES")
    return Path(override) if override else REPO_ROOT.parent / "shared" / "fixtures"


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    path = fixtures_root()
    if not path.is_dir():
        pytest.fail(f"real data fixtures not found at {path}; set OPENNEM_FIXTURES")
    return path


@pytest.fixture
def duckdb_path(tmp_path: Path) -> Path:
    return tmp_path / "warehouse.duckdb"


@pytest.fixture
def store(conn: duckdb.DuckDBPyConnection) -> DuckDBRawStore:
    """The raw store on the test module's `conn` fixture: what ingest's functions take."""
    return DuckDBRawStore(conn)
