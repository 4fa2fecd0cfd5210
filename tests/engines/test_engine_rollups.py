"""The half-day-then-rest scenario of tests/transform/test_rollups.py on PostgreSQL and on
ClickHouse (chDB): the dbt build (models, data tests, contracts and the assert_* reconciliation
tests) passes after each load, and the daily mart holds whole days only, so a rebuilt day
replaces the partial one (delete+insert on both engines, never a partial aggregate kept)."""

from pathlib import Path

import pytest

from api.app import reader_for
from flows.downstream import run_transform
from ingest.loader import load_file
from ingest.sources.registration import load_registration_list
from ingest.stores import open_store
from opennem.warehouse import WarehouseUrl
from tests.transform.conftest import (
    CO2EII,
    MARKET_FILES,
    MART_SELECTION,
    MMSDM_2024_08,
    NO_LOOKBACK,
    REGISTRY,
)
from tests.transform.test_rollups import DAY, split_scada


def load(warehouse: WarehouseUrl, *paths: Path) -> None:
    with open_store(warehouse) as store:
        for path in paths:
            result = load_file(store, path, check_count=False)
            assert result.status == "loaded", result.reason


def day_rows(warehouse: WarehouseUrl) -> dict[tuple[str, str], int]:
    """(region, fueltech) -> interval count of DAY; a duplicated row would fail the dict check."""
    rows = reader_for(warehouse).query(
        "select network_region, fueltech_id, interval_count "
        "from marts.fct_fueltech_intervals_daily_v1 where interval_day = ?",
        [DAY],
    )
    counts = {(region, fueltech): int(count) for region, fueltech, count in rows}
    assert len(counts) == len(rows), f"a day kept more than one row per fueltech: {rows}"
    return counts


@pytest.mark.e2e
def test_half_day_then_rest(
    fixtures_dir: Path, tmp_path: Path, engine_warehouse: WarehouseUrl
) -> None:
    morning, rest = split_scada(fixtures_dir, tmp_path)
    with open_store(engine_warehouse) as store:
        load_registration_list(store, fixtures_dir / REGISTRY)
    load(
        engine_warehouse,
        fixtures_dir / CO2EII,
        *(fixtures_dir / MMSDM_2024_08 / name for name in MARKET_FILES),
        morning,
    )
    run_transform(["build", *MART_SELECTION, *NO_LOOKBACK], engine_warehouse)
    assert day_rows(engine_warehouse)[("SA1", "gas_ocgt")] == 144

    load(engine_warehouse, rest)
    run_transform(["build", *MART_SELECTION, *NO_LOOKBACK], engine_warehouse)
    counts = day_rows(engine_warehouse)
    assert counts[("SA1", "gas_ocgt")] == 288
    assert counts[("SA1", "wind")] == 288
