"""Records build on PostgreSQL and ClickHouse (chDB): the real August 2024 prices, regional demand
and rooftop PV, one build of fct_milestones and what it reads (models and contracts only; the
unit tests run on DuckDB), read back through the API's reader."""

from pathlib import Path

import pytest

from api.app import reader_for
from flows.downstream import run_transform
from ingest.loader import load_file
from ingest.stores import open_store
from opennem.warehouse import WarehouseUrl
from tests.transform.conftest import MARKET_FILES, MMSDM_2024_08
from tests.transform.test_records import RECORDS


@pytest.mark.e2e
def test_milestones_build(fixtures_dir: Path, engine_warehouse: WarehouseUrl) -> None:
    with open_store(engine_warehouse) as store:
        for name in MARKET_FILES:
            result = load_file(store, fixtures_dir / MMSDM_2024_08 / name, check_count=False)
            assert result.status == "loaded", result.reason
    run_transform(RECORDS, engine_warehouse)

    rows = reader_for(engine_warehouse).query(
        "select interval_start, value, previous_value, significance from marts.fct_milestones_v1 "
        "where record_id = ? order by interval_start",
        ["au.nem.nsw1.demand.day.low"],
    )
    assert len(rows) >= 2
    first, *broken = rows
    assert first[2] is None and first[3] == 1
    assert all(value < previous for _, value, previous, _ in broken)
    assert all(1 <= significance <= 10 for *_, significance in broken)
