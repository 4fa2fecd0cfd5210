"""`ingest.data_quality.record_checks` on PostgreSQL and ClickHouse (chDB): each run replaces
`raw.data_quality_checks` with its results, through the engine's raw store."""

from ingest.data_quality import record_checks
from ingest.stores import open_store
from opennem.data_quality import CheckResult
from opennem.warehouse import WarehouseUrl

STALE = CheckResult("source_freshness", "aemo.dispatch_unit_scada", "error", "no rows loaded yet")
FAILING = CheckResult("dbt_test", "assert_daily_energy_reconciles", "fail", "3 rows")


def test_each_run_replaces_the_checks(engine_warehouse: WarehouseUrl) -> None:
    with open_store(engine_warehouse) as store:
        record_checks(store, [STALE, FAILING])
        record_checks(store, [FAILING])
        rows = store.fetch_rows(
            "select check_name, subject, status, detail, checked_at from raw.data_quality_checks"
        )

    assert [row[:4] for row in rows] == [
        ("dbt_test", "assert_daily_energy_reconciles", "fail", "3 rows")
    ]
    assert len(str(rows[0][4])) == len("2026-01-01T00:00:00")
