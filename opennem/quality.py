"""Data-quality checks that dbt runs but does not store: singular tests and source freshness.

`run_checks` runs the rollup reconciliation tests (singular and `rollup_reconciles` tests, not
the data_quality ones, whose findings the models carry in detail) and `dbt source freshness`;
`record_checks` replaces `raw.data_quality_checks` with the results, which the dbt model
`fct_data_quality_findings` publishes (the API reads marts only).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa

from opennem.transform import TRANSFORM_DIR, dbt_pointed_at
from opennem.warehouse import current

if TYPE_CHECKING:
    from ingest.raw_store import RawStore

ROLLUP_TESTS = [
    "--select",
    "test_type:singular",
    "test_name:rollup_reconciles",
    "--exclude",
    "tag:data_quality",
]
FINDINGS_MODEL = "fct_data_quality_findings"
FINDINGS_TABLE = "marts.fct_data_quality_findings_v1"
QUALITY_TABLE = "data_quality_checks"
FINDING_COLUMNS = (
    "check_name",
    "severity",
    "subject",
    "first_interval_start",
    "last_interval_start",
    "detail",
)


@dataclass(frozen=True)
class CheckResult:
    check_name: str  # dbt_test | source_freshness
    subject: str
    status: str
    detail: str


def invoke_dbt(args: Sequence[str]) -> list[Any]:
    """dbt's per-node results, whether or not every node passed."""
    from dbt.cli.main import dbtRunner

    dirs = ["--project-dir", str(TRANSFORM_DIR), "--profiles-dir", str(TRANSFORM_DIR)]
    with dbt_pointed_at(current()):
        outcome = dbtRunner().invoke([*args, *dirs])
    results = getattr(outcome.result, "results", None)
    if results is None:
        raise RuntimeError(f"dbt {' '.join(args)} did not run: {outcome.exception}")
    return list(results)


def run_checks() -> list[CheckResult]:
    tests = [
        CheckResult("dbt_test", r.node.name, str(r.status), r.message or f"{r.failures} rows")
        for r in invoke_dbt(["test", *ROLLUP_TESTS])
    ]
    freshness = [
        CheckResult(
            "source_freshness",
            f"{r.node.source_name}.{r.node.name}",
            str(r.status),
            _freshness_detail(r),
        )
        for r in invoke_dbt(["source", "freshness"])
    ]
    return tests + freshness


def _freshness_detail(result: Any) -> str:
    age = getattr(result, "age", None)
    if age is None or result.max_loaded_at.year == 1:  # dbt's stamp for an empty/missing table
        return "no rows loaded yet"
    return f"newest row loaded {age / 3600:.1f} h ago ({result.max_loaded_at:%Y-%m-%d %H:%M} UTC)"


def record_checks(
    conn: "duckdb.DuckDBPyConnection | RawStore", results: Sequence[CheckResult]
) -> None:
    """Replace raw.data_quality_checks with this run's results (a DuckDB connection or the raw
    store of any engine)."""
    from ingest.raw_store import as_store

    checked_at = datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds")
    values = {
        "check_name": [r.check_name for r in results],
        "subject": [r.subject for r in results],
        "status": [r.status for r in results],
        "detail": [r.detail for r in results],
        "checked_at": [checked_at] * len(results),
    }
    rows = pa.table({name: pa.array(column, pa.string()) for name, column in values.items()})
    as_store(conn).replace_table(QUALITY_TABLE, rows)


def read_findings(conn: "duckdb.DuckDBPyConnection | RawStore") -> list[dict[str, Any]]:
    """The findings mart's rows as dicts (a DuckDB connection or the raw store of any engine)."""
    from ingest.raw_store import as_store

    names = ", ".join(FINDING_COLUMNS)
    rows = as_store(conn).fetch_rows(
        f"select {names} from {FINDINGS_TABLE} order by check_name, subject"
    )
    return [dict(zip(FINDING_COLUMNS, row, strict=True)) for row in rows]
