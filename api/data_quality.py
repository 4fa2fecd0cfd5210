"""`/v4/health/data`: the open data-quality findings, read from the findings mart.

The data-quality flow (flows/data_quality.py) rebuilds `marts.fct_data_quality_findings_v1`, which
is published to the serving file with the other marts; this endpoint only reads it. Without the
mart it answers 503 with the error body (`api.errors`).
"""

from typing import Any

from starlette.requests import Request

from api.reader import MartReader
from api.responses import ORJSONResponse

FINDINGS = "marts.fct_data_quality_findings_v1"
COLUMNS = (
    "check_name",
    "severity",
    "subject",
    "network_region",
    "first_interval_start",
    "last_interval_start",
    "detail",
    "checked_at",
)


def data_quality_status(reader: MartReader) -> dict[str, Any]:
    rows = reader.query(
        f"select {', '.join(COLUMNS)} from {FINDINGS} order by severity, check_name, subject"
    )
    findings = [dict(zip(COLUMNS, row, strict=True)) for row in rows]
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding["check_name"]] = counts.get(finding["check_name"], 0) + 1
    worst = "error" if any(f["severity"] == "error" for f in findings) else "warn"
    return {
        "success": True,
        "status": worst if findings else "ok",
        "counts": counts,
        "findings": findings,
    }


def data_quality(request: Request) -> ORJSONResponse:
    reader: MartReader = request.app.state.reader
    return ORJSONResponse(data_quality_status(reader))
