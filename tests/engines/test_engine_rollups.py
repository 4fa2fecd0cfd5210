"""The half-day-then-rest scenario of tests/transform/test_rollups.py on PostgreSQL and on
ClickHouse (chDB): the dbt build (models, data tests, contracts and the assert_* reconciliation
tests) passes after each load; after each build every rollup (tests.support.rollups.ROLLUPS)
equals a full recomputation from its 5-minute source, the daily mart holds whole days only (a
rebuilt day replaces the partial one: delete+insert on both engines, never a partial aggregate
kept), and the revised interval flowed through."""

from collections.abc import Sequence
from pathlib import Path

import pytest

from api.app import reader_for
from flows.downstream import run_transform
from ingest.loader import load_file
from ingest.sources.registration import load_registration_list
from ingest.stores import open_store
from opennem.warehouse import WarehouseUrl
from tests.support.rollups import Query, all_mismatches
from tests.transform.conftest import (
    CO2EII,
    MARKET_FILES,
    MART_SELECTION,
    MMSDM_2024_08,
    NO_LOOKBACK,
    REGISTRY,
)
from tests.transform.test_rollups import DAY, REVISED_MW, revised_interval_mw, split_scada


def load(warehouse: WarehouseUrl, *paths: Path) -> None:
    with open_store(warehouse) as store:
        for path in paths:
            result = load_file(store, path, check_count=False)
            assert result.status == "loaded", result.reason


def mart_query(warehouse: WarehouseUrl) -> Query:
    reader = reader_for(warehouse)

    def _query(sql: str) -> Sequence[Sequence[object]]:
        return reader.query(sql)

    return _query


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
    query = mart_query(engine_warehouse)
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
    assert all_mismatches(query) == []
    before = revised_interval_mw(query)

    load(engine_warehouse, rest)
    run_transform(["build", *MART_SELECTION, *NO_LOOKBACK], engine_warehouse)
    counts = day_rows(engine_warehouse)
    assert counts[("SA1", "gas_ocgt")] == 288
    assert counts[("SA1", "wind")] == 288
    assert all_mismatches(query) == []
    assert revised_interval_mw(query) == pytest.approx([mw + REVISED_MW for mw in before])
