"""`/health`: whether every mart the API reads can be queried."""

from typing import Any

from api.reader import MartReader, MartsUnavailable

MARTS = (
    "marts.fct_fueltech_intervals_5m_v1",
    "marts.fct_fueltech_intervals_daily_v1",
    "marts.fct_fueltech_intervals_monthly_v1",
    "marts.fct_market_summary_v2",
    "marts.fct_market_summary_daily_v1",
    "marts.fct_market_summary_monthly_v1",
    "marts.fct_unit_intervals_v1",
    "marts.fct_unit_intervals_daily_v1",
    "marts.fct_battery_storage_5m_v1",
    "marts.dim_units_v1",
    "marts.dim_facilities_v1",
)


def _readable(reader: MartReader, table: str) -> str | None:
    """None when the mart answers a query, else the reason it does not."""
    try:
        reader.query(f"select 1 from {table} limit 1")
    except MartsUnavailable as exc:
        return str(exc)
    return None


def health_status(reader: MartReader) -> dict[str, Any]:
    problems = {table: _readable(reader, table) for table in MARTS}
    ok = all(problem is None for problem in problems.values())
    return {
        "status": "ok" if ok else "degraded",
        "success": ok,
        "marts_readable": ok,
        "marts": {table: problem or "ok" for table, problem in problems.items()},
    }
