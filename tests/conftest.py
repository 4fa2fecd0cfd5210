"""Shared test fixtures: where the real data files live, and a throwaway warehouse."""

import os
from pathlib import Path

import pytest

os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

REPO_ROOT = Path(__file__).resolve().parents[1]


def _fixtures_dir() -> Path:
    override = os.environ.get("OPENNEM_FIXTURES")
    return Path(override) if override else REPO_ROOT.parent / "shared" / "fixtures"


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    path = _fixtures_dir()
    if not path.is_dir():
        pytest.fail(f"real data fixtures not found at {path}; set OPENNEM_FIXTURES")
    return path


@pytest.fixture
def duckdb_path(tmp_path: Path) -> Path:
    return tmp_path / "warehouse.duckdb"
