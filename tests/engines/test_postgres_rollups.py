"""The half-day-then-rest scenario of tests/transform/test_rollups.py on PostgreSQL: the dbt build
(models, data tests, contracts and the assert_* reconciliation tests) passes after each load, and
the daily mart holds whole days only."""

from pathlib import Path

import pytest

from ingest.loader import load_file
from ingest.raw_store import open_store
from ingest.registry import load_registration_list
from opennem.transform import run_dbt
from opennem.warehouse import WarehouseUrl, connect_postgres
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


def day_counts(warehouse: WarehouseUrl) -> dict[tuple[str, str], int]:
    with connect_postgres(warehouse) as conn:
        rows = conn.execute(
            "select network_region, fueltech_id, interval_count "
            "from marts.fct_fueltech_intervals_daily_v1 where interval_day = %s",
            [DAY],
        ).fetchall()
    return {(region, fueltech): count for region, fueltech, count in rows}


@pytest.mark.e2e
def test_half_day_then_rest_on_postgres(
    fixtures_dir: Path, tmp_path: Path, postgres_warehouse: WarehouseUrl
) -> None:
    morning, rest = split_scada(fixtures_dir, tmp_path)
    with open_store(postgres_warehouse) as store:
        load_registration_list(store, fixtures_dir / REGISTRY)
    load(
        postgres_warehouse,
        fixtures_dir / CO2EII,
        *(fixtures_dir / MMSDM_2024_08 / name for name in MARKET_FILES),
        morning,
    )
    run_dbt(["build", *MART_SELECTION, *NO_LOOKBACK], postgres_warehouse)
    assert day_counts(postgres_warehouse)[("SA1", "gas_ocgt")] == 144

    load(postgres_warehouse, rest)
    run_dbt(["build", *MART_SELECTION, *NO_LOOKBACK], postgres_warehouse)
    counts = day_counts(postgres_warehouse)
    assert counts[("SA1", "gas_ocgt")] == 288
    assert counts[("SA1", "wind")] == 288
