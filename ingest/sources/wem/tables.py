"""The raw tables of the WEM (AEMO WA) sources, as published: snake_cased field names, varchar.

- `wem_facility_scada`: WEMDE `FacilityScada_YYYYMMDD.zip` (JSON, since 2023-10-01), one row per
  facility and 5-minute dispatch interval.
- `wem_reference_trading_price`: WEMDE `ReferenceTradingPrice_YYYYMMDD.zip` (JSON), 48 a day.
- `wem_facility_scada_legacy`: legacy `facility-scada-YYYY-MM.csv`, facility x 30-min interval.
- `wem_balancing_summary`: legacy `balancing-summary-YYYY.csv`, one row per 30-min interval.
- `wem_pulse`: the live `pulse.csv` (rows without ACTUAL_* values are forecasts).

WEM times are AWST (UTC+8, no DST) and label the interval START (trading interval 1 of a trading
day starts 08:00). WEMDE times carry their offset (`2023-10-01T08:00:00+08:00`).
"""

from ingest.formats.records import RawTable
from ingest.loader import ensure_tables
from ingest.stores import RawStore

FACILITY_SCADA = RawTable("wem_facility_scada", ("dispatch_interval", "code", "quantity"))
REFERENCE_TRADING_PRICE = RawTable(
    "wem_reference_trading_price", ("trading_interval", "reference_trading_price")
)
FACILITY_SCADA_LEGACY = RawTable(
    "wem_facility_scada_legacy",
    ("trading_interval", "facility_code", "energy_generated_mwh"),
    ("trading_date", "interval_number", "participant_code", "eoi_quantity_mw", "extracted_at"),
)
BALANCING_SUMMARY = RawTable(
    "wem_balancing_summary",
    ("trading_interval", "final_price_mwh"),
    (
        "trading_date",
        "interval_number",
        "load_forecast_mw",
        "forecast_as_at",
        "scheduled_generation_mw",
        "non_scheduled_generation_mw",
        "total_generation_mw",
        "extracted_at",
    ),
)
PULSE = RawTable(
    "wem_pulse",
    ("trading_day_interval", "price"),
    (
        "forecast_eoi_mw",
        "forecast_mw",
        "forecast_nsg_mw",
        "actual_nsg_mw",
        "actual_total_generation",
        "rtd_total_generation",
        "rtd_total_spinning_reserve",
        "lfas_up_requirement_mw",
        "total_outage_mw",
        "planned_outage_mw",
        "forced_outage_mw",
        "cons_outage_mw",
        "as_at",
    ),
)
WEM_TABLES = (
    FACILITY_SCADA,
    REFERENCE_TRADING_PRICE,
    FACILITY_SCADA_LEGACY,
    BALANCING_SUMMARY,
    PULSE,
)


def ensure_raw_tables(store: RawStore) -> None:
    """Create the WEM raw tables empty if absent (dbt staging reads them before any load)."""
    ensure_tables(store, WEM_TABLES)
