"""A raw warehouse loaded from real AEMO fixtures, and dbt runs against it."""

import zipfile
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from flows.downstream import run_transform
from ingest.loader import load_file
from ingest.sources.registration import load_registration_list
from ingest.stores.duckdb_store import DuckDBRawStore
from opennem.warehouse import WarehouseUrl

MMSDM_2024_08 = "mmsdm/2024_08"
REGISTRY = "registry/NEM-Registration-and-Exemption-List.xlsx"
CO2EII = "registry/CO2EII_AVAILABLE_GENERATORS_2017_43_20171103104827.CSV"

# What the market marts need besides SCADA; NEMOSIS subsets keep AEMO's original END OF REPORT
# line count (see fixtures/PROVENANCE.md), so their count check is off.
MARKET_FILES = (
    "PUBLIC_ARCHIVE%23DISPATCHPRICE%23FILE01%23202408010000.zip",
    "PUBLIC_ARCHIVE%23DISPATCHREGIONSUM%23FILE01%23202408010000.zip",
    "PUBLIC_ARCHIVE%23ROOFTOP_PV_ACTUAL%23FILE01%23202408010000.zip",
)
MART_SELECTION = [
    "--select",
    "+fct_fueltech_intervals_monthly",
    "+fct_unit_intervals_daily",
    "+fct_renewable_intervals_monthly",
    "+fct_market_summary_daily",
    "+fct_market_summary_monthly",
    "+dim_facilities",
]

Loader = Callable[[Path], None]
Builder = Callable[..., None]


def mms_csv_text(zip_path: Path) -> str:
    with zipfile.ZipFile(zip_path) as archive:
        (member,) = archive.namelist()
        return archive.read(member).decode()


@pytest.fixture
def load(duckdb_path: Path) -> Loader:
    """Load one MMS file into raw with the project's loader; the connection is closed after."""

    def _load(path: Path) -> None:
        with duckdb.connect(str(duckdb_path)) as conn:
            store = DuckDBRawStore(conn)
            result = load_file(store, path, check_count=False)
        assert result.status == "loaded", result.reason

    return _load


@pytest.fixture
def market_warehouse(fixtures_dir: Path, duckdb_path: Path, load: Loader) -> Path:
    """Registry, emission factors, August 2024 prices, demand and rooftop PV; no SCADA yet."""
    with duckdb.connect(str(duckdb_path)) as conn:
        store = DuckDBRawStore(conn)
        load_registration_list(store, fixtures_dir / REGISTRY)
    load(fixtures_dir / CO2EII)
    for name in MARKET_FILES:
        load(fixtures_dir / MMSDM_2024_08 / name)
    return duckdb_path


# Loads in a test are seconds apart: without a lookback the incremental runs take exactly the
# rows loaded since their last run, which is what the tests exercise.
NO_LOOKBACK = ["--vars", '{"incremental_lookback_minutes": 0}']


@pytest.fixture
def build(duckdb_path: Path) -> Builder:
    """`dbt build` of the market marts (extra args such as --full-refresh appended)."""

    def _build(*args: str) -> None:
        run_transform(
            ["build", *MART_SELECTION, *NO_LOOKBACK, *args],
            WarehouseUrl.parse(f"duckdb:///{duckdb_path}"),
        )

    return _build
