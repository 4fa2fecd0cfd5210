"""The data-quality check results of a run into `raw.data_quality_checks`, and the findings back.

`opennem.data_quality.run_checks` runs dbt's reconciliation tests and source freshness; this module
stores their results through the raw store (the source of the `fct_data_quality_findings` mart)
and reads the findings mart's rows for a flow to log.
"""

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from ingest.stores import RawStore
from opennem.data_quality import CheckResult

FINDINGS_TABLE = "marts.fct_data_quality_findings_v1"
QUALITY_TABLE = "data_quality_checks"
QUALITY_CHECK_COLUMNS = ("check_name", "subject", "status", "detail", "checked_at")
FINDING_COLUMNS = (
    "check_name",
    "severity",
    "subject",
    "first_interval_start",
    "last_interval_start",
    "detail",
)


def record_checks(store: RawStore, results: Sequence[CheckResult]) -> None:
    """Replace raw.data_quality_checks with this run's results (a DuckDB connection or the raw
    store of any engine)."""
    import pyarrow as pa

    checked_at = datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds")
    values = {
        "check_name": [r.check_name for r in results],
        "subject": [r.subject for r in results],
        "status": [r.status for r in results],
        "detail": [r.detail for r in results],
        "checked_at": [checked_at] * len(results),
    }
    rows = pa.table({name: pa.array(column, pa.string()) for name, column in values.items()})
    store.replace_table(QUALITY_TABLE, rows)


def read_findings(store: RawStore) -> list[dict[str, Any]]:
    """The findings mart's rows as dicts (the raw store of any engine)."""
    names = ", ".join(FINDING_COLUMNS)
    rows = store.fetch_rows(f"select {names} from {FINDINGS_TABLE} order by check_name, subject")
    return [dict(zip(FINDING_COLUMNS, row, strict=True)) for row in rows]
