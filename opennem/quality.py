"""Data-quality checks that dbt runs but does not store: singular tests and source freshness.

`run_checks` runs the rollup reconciliation tests (the singular tests in transform/tests/, not
the monitor ones, whose findings the models carry in detail) and `dbt source freshness`;
`record_checks` replaces `raw.data_quality_checks` with the results, which the dbt model
`fct_data_quality_findings` publishes (the API reads marts only).
"""

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import duckdb

from opennem.transform import TRANSFORM_DIR, dbt_environment
from opennem.warehouse import current

ROLLUP_TESTS = ["--select", "test_type:singular", "--exclude", "tag:monitor"]
FINDINGS_MODEL = "fct_data_quality_findings"
FINDINGS_TABLE = "marts.fct_data_quality_findings_v1"


@dataclass(frozen=True)
class CheckResult:
    check_name: str  # dbt_test | source_freshness
    subject: str
    status: str
    detail: str


def invoke_dbt(args: Sequence[str]) -> list[Any]:
    """dbt's per-node results, whether or not every node passed."""
    from dbt.cli.main import dbtRunner

    os.environ.update(dbt_environment(current()))
    dirs = ["--project-dir", str(TRANSFORM_DIR), "--profiles-dir", str(TRANSFORM_DIR)]
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


def record_checks(conn: duckdb.DuckDBPyConnection, results: Sequence[CheckResult]) -> None:
    """Replace raw.data_quality_checks with this run's results."""
    conn.execute("create schema if not exists raw")
    conn.execute(
        "create or replace table raw.data_quality_checks ("
        "check_name varchar, subject varchar, status varchar, detail varchar, checked_at varchar)"
    )
    checked_at = datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds")
    conn.executemany(
        "insert into raw.data_quality_checks values (?, ?, ?, ?, ?)",
        [(r.check_name, r.subject, r.status, r.detail, checked_at) for r in results],
    )


def read_findings(conn: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    cursor = conn.execute(f"select * from {FINDINGS_TABLE} order by check_name, subject")
    names = [column[0] for column in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
