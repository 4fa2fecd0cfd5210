"""Records over real data (tests/transform/test_rollups.py's split of the real August 2024 SCADA
subset): after the morning, then the rest with a revision of a morning row, the incremental
fct_milestones equals a rebuild from scratch, and every instance is strictly beyond the one it
broke."""

from pathlib import Path

import duckdb
import pytest

from flows.downstream import run_transform
from opennem.warehouse import WarehouseUrl
from tests.transform.conftest import NO_LOOKBACK, Loader
from tests.transform.test_rollups import split_scada

# seeds and models only: the data and unit tests of these models run in the full builds
MODELS_ONLY = ["--exclude-resource-type", "test", "unit_test"]
RECORDS = ["build", "--select", "+fct_milestones", *MODELS_ONLY]
INSTANCES = """
select record_id, interval_start, round(value, 6), previous_instance_id, significance
from marts.fct_milestones_v1
order by record_id, interval_start
"""
NOT_BEYOND = """
select record_id, interval_start, value, previous_value
from marts.fct_milestones_v1
where previous_value is not null
    and not ((aggregate = 'high' and value > previous_value)
        or (aggregate = 'low' and value < previous_value))
"""


def query(path: Path, sql: str) -> list[tuple[object, ...]]:
    with duckdb.connect(str(path)) as conn:
        return conn.execute(sql).fetchall()


@pytest.mark.e2e
def test_incremental_records_equal_a_rebuild(
    fixtures_dir: Path, tmp_path: Path, market_warehouse: Path, load: Loader
) -> None:
    warehouse = WarehouseUrl.parse(f"duckdb:///{market_warehouse}")
    morning, rest = split_scada(fixtures_dir, tmp_path)
    load(morning)
    run_transform([*RECORDS, *NO_LOOKBACK], warehouse)
    load(rest)
    run_transform([*RECORDS, *NO_LOOKBACK], warehouse)
    incremental = query(market_warehouse, INSTANCES)

    run_transform(
        ["run", "--select", "int_record_candidates__unioned+", "--full-refresh"], warehouse
    )
    assert query(market_warehouse, INSTANCES) == incremental
    assert query(market_warehouse, NOT_BEYOND) == []
    # the revised HDWF2 row (SA1 wind at 09:55) is in the candidates as in the 5-minute mart
    (candidate, mart) = query(
        market_warehouse,
        """
        select
            (select value from intermediate.int_record_candidates__unioned
             where series_id = 'au.nem.sa1.wind.power.interval'
                and interval_start = timestamp '2024-08-01 09:55:00'),
            (select sum(power_mw) from marts.fct_fueltech_intervals_5m_v1
             where network_region = 'SA1' and fueltech_group_id = 'wind'
                and interval_start = timestamp '2024-08-01 09:55:00')
        """,
    )[0]
    assert candidate == pytest.approx(mart)
    assert {row[0] for row in incremental} >= {
        "au.nem.sa1.wind.power.interval.high",
        "au.nem.nsw1.demand.day.low",
        "au.nem.sa1.gas.emissions.day.low",
    }
