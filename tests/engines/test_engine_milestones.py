"""Records build on PostgreSQL and ClickHouse (chDB): the real August 2024 prices and regional
demand, a build of fct_milestones and what it reads (models and contracts only; the unit tests
run on DuckDB), then the rooftop PV file and an incremental build of what it changes (every
market row, so every market record is recomputed incrementally): the records read back through
the API's reader are the same, each once."""

from pathlib import Path

import pytest

from api.app import reader_for
from flows.downstream import run_transform
from ingest.loader import load_file
from ingest.stores import open_store
from opennem.warehouse import WarehouseUrl
from tests.transform.conftest import MARKET_FILES, MMSDM_2024_08, NO_LOOKBACK
from tests.transform.test_records import MODELS_ONLY, RECORDS

QUERY = (
    "select interval_start, value, previous_value, significance from marts.fct_milestones_v1 "
    "where record_id = ? order by interval_start"
)
ROOFTOP = 2  # MARKET_FILES: prices, regional demand, rooftop PV


def load(warehouse: WarehouseUrl, fixtures_dir: Path, *names: str) -> None:
    with open_store(warehouse) as store:
        for name in names:
            result = load_file(store, fixtures_dir / MMSDM_2024_08 / name, check_count=False)
            assert result.status == "loaded", result.reason


@pytest.mark.e2e
def test_milestones_build(fixtures_dir: Path, engine_warehouse: WarehouseUrl) -> None:
    load(engine_warehouse, fixtures_dir, *MARKET_FILES[:ROOFTOP])
    run_transform([*RECORDS, *NO_LOOKBACK], engine_warehouse)
    reader = reader_for(engine_warehouse)
    rows = reader.query(QUERY, ["au.nem.nsw1.demand.day.low"])
    assert len(rows) >= 2
    first, *broken = rows
    assert first[2] is None and first[3] == 1
    assert all(value < previous for _, value, previous, _ in broken)
    assert all(1 <= significance <= 10 for *_, significance in broken)

    load(engine_warehouse, fixtures_dir, MARKET_FILES[ROOFTOP])
    run_transform(
        ["build", "--select", "fct_market_summary+", *MODELS_ONLY, *NO_LOOKBACK],
        engine_warehouse,
    )
    assert reader.query(QUERY, ["au.nem.nsw1.demand.day.low"]) == rows
    ((instances, distinct),) = reader.query(
        "select count(*), count(distinct instance_id) from marts.fct_milestones_v1"
    )
    assert instances == distinct
