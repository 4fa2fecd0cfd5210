"""The data-quality flow: run the checks, publish the findings mart, log each finding.

Findings are a mart (`marts.fct_data_quality_findings_v1`, built by dbt and published to the
serving file like every mart), so `/v4/health/data` reads marts only.
"""

from prefect import flow, get_run_logger

from flows.tasks import run_dbt_build, run_quality_checks
from opennem import quality
from opennem.warehouse import connect_duckdb, current
from opennem.warehouse_lock import warehouse_lock


@flow(name="data-quality", timeout_seconds=1800)
def data_quality() -> int:
    """Record dbt test and freshness results, rebuild the findings mart; the number of findings."""
    database = current().duckdb_path
    with warehouse_lock(database):
        results = run_quality_checks()
        with connect_duckdb(database) as conn:
            quality.record_checks(conn, results)
        run_dbt_build([f"+{quality.FINDINGS_MODEL}", "tag:monitor"])
        with connect_duckdb(database) as conn:
            findings = quality.read_findings(conn)
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
