"""Data-quality checks that dbt runs but does not store: singular tests and source freshness.

`run_checks` runs the rollup reconciliation tests (singular and `rollup_reconciles` tests, not
the data_quality ones, whose findings the models carry in detail) and `dbt source freshness`;
`ingest.data_quality.record_checks` stores the results in `raw.data_quality_checks`, which the
dbt model `fct_data_quality_findings` publishes (the API reads marts only).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from opennem.transform_runner import invoke
from opennem.warehouse import current

ROLLUP_TESTS = [
    "--select",
    "test_type:singular",
    "test_name:rollup_reconciles",
    "--exclude",
    "tag:data_quality",
]
FINDINGS_MODEL = "fct_data_quality_findings"


@dataclass(frozen=True)
class CheckResult:
    check_name: str  # dbt_test | source_freshness
    subject: str
    status: str
    detail: str


def invoke_dbt(args: Sequence[str]) -> list[Any]:
    """dbt's per-node results, whether or not every node passed."""
    outcome = invoke(args, current())
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
