"""Parsers for the WEM files: `(file name, bytes) -> list[Records]`, strict about required fields.

WEMDE files are JSON (`{"data": {<key>: [records]}}`), served as daily zips in `previous/` and as
plain JSON in `current/`. Values are kept as published: `quantity` is MWh per 5-minute dispatch
interval (MW = quantity x 12 is done in dbt staging); a price of 0 is a price, not a gap.
"""

from ingest.errors import BadFileError
from ingest.formats.records import (
    Parser,
    RawTable,
    Records,
    csv_rows,
    json_document,
    json_list,
    record_row,
    zip_members,
)
from ingest.sources.files import FileKind, Matcher, csv_with, json_with, records_kind
from ingest.sources.wem.tables import (
    BALANCING_SUMMARY,
    FACILITY_SCADA,
    FACILITY_SCADA_LEGACY,
    PULSE,
    REFERENCE_TRADING_PRICE,
    ensure_raw_tables,
)


def parse_facility_scada(name: str, data: bytes) -> list[Records]:
    """WEMDE `data.facilityScadaDispatchIntervals[{dispatchInterval, code, quantity}]`."""
    return _wemde(name, data, "facilityScadaDispatchIntervals", FACILITY_SCADA)


def parse_reference_trading_price(name: str, data: bytes) -> list[Records]:
    """WEMDE `data.referenceTradingPrices[{tradingInterval, referenceTradingPrice}]`, 48 a day."""
    return _wemde(name, data, "referenceTradingPrices", REFERENCE_TRADING_PRICE)


def parse_facility_scada_legacy(name: str, data: bytes) -> list[Records]:
    """Legacy monthly `facility-scada-YYYY-MM.csv` (30-minute, 2006 to 2023-09)."""
    return _csv(name, data, FACILITY_SCADA_LEGACY)


def parse_balancing_summary(name: str, data: bytes) -> list[Records]:
    """Legacy yearly `balancing-summary-YYYY.csv` (30-minute price and generation)."""
    return _csv(name, data, BALANCING_SUMMARY)


def parse_pulse(name: str, data: bytes) -> list[Records]:
    """The live `pulse.csv` balancing feed, actuals and forecasts as published."""
    return _csv(name, data, PULSE)


def _wemde(name: str, data: bytes, key: str, table: RawTable) -> list[Records]:
    records = []
    for member, content in zip_members(name, data, ".json"):
        items = json_list(member, json_document(member, content), ("data", key))
        rows = [record_row(member, item, table, f"data.{key}[{i}]") for i, item in enumerate(items)]
        records.append(Records(table, member, rows))
    return records


def _csv(name: str, data: bytes, table: RawTable) -> list[Records]:
    try:
        return [Records(table, name, csv_rows(name, data, table))]
    except UnicodeDecodeError as error:
        raise BadFileError(f"{name}: undecodable text: {error}") from None


def _kind(description: str, name_pattern: str, content: Matcher, parse: Parser) -> FileKind:
    return records_kind(description, name_pattern, content, parse, ensure_raw_tables)


# What `opennem ingest` takes as a WEM file: by its published name, else by its content.
FILE_KINDS = (
    _kind(
        "WEMDE FacilityScada JSON (data.facilityScadaDispatchIntervals) or a .zip of it",
        r"facilityscada_.*\.(json|zip)",
        json_with(("data", "facilityScadaDispatchIntervals")),
        parse_facility_scada,
    ),
    _kind(
        "WEMDE ReferenceTradingPrice JSON (data.referenceTradingPrices) or a .zip of it",
        r"referencetradingprice_.*\.(json|zip)",
        json_with(("data", "referenceTradingPrices")),
        parse_reference_trading_price,
    ),
    _kind(
        "WEM legacy facility-scada-YYYY-MM.csv",
        r"facility-scada-\d{4}-\d{2}\.csv",
        csv_with(FACILITY_SCADA_LEGACY),
        parse_facility_scada_legacy,
    ),
    _kind(
        "WEM legacy balancing-summary-YYYY.csv",
        r"balancing-summary-\d{4}\.csv",
        csv_with(BALANCING_SUMMARY),
        parse_balancing_summary,
    ),
    _kind("WEM pulse.csv (live balancing feed)", r"pulse\.csv", csv_with(PULSE), parse_pulse),
)
