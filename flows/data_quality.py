"""The check flows, off the 5-minute path: data quality (hourly: run the checks, publish the
findings mart, log each finding) and dbt tests (daily: every data test and unit test).

Findings are a mart (`marts.fct_data_quality_findings_v1`, built by dbt and published to the
serving file like every mart), so `/v4/health/data` reads marts only.
"""

from prefect import flow, get_run_logger

from flows.downstream import run_dbt_build, run_transform
from flows.tasks import run_quality_checks
from ingest.data_quality import read_findings, record_checks
from ingest.stores import open_store
from opennem.data_quality import FINDINGS_MODEL
from opennem.warehouse import current
from opennem.warehouse_lock import writer_lock


@flow(name="data-quality", timeout_seconds=1800)
def data_quality() -> int:
    """Record dbt test and freshness results, rebuild the findings mart; the number of findings."""
    warehouse = current()
    with writer_lock(warehouse):
        results = run_quality_checks()
        with open_store(warehouse) as store:
            record_checks(store, results)
        run_dbt_build([f"+{FINDINGS_MODEL}", "tag:data_quality"])
        with open_store(warehouse) as store:
            findings = read_findings(store)
    logger = get_run_logger()
    for finding in findings:
        logger.warning(
            "%s [%s] %s %s..%s: %s",
            finding["check_name"],
            finding["severity"],
            finding["subject"],
            finding["first_interval_start"],
            finding["last_interval_start"],
            finding["detail"],
        )
    return len(findings)


@flow(name="dbt-tests", timeout_seconds=3600)
def dbt_tests() -> None:
    """`dbt test`: every data test and unit test; the run fails when one does."""
    warehouse = current()
    with writer_lock(warehouse):
        run_transform(["test"], warehouse)
