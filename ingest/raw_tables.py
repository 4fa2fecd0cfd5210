"""Every raw table the dbt project reads, created empty where no file has been loaded yet.

dbt's staging models select from these tables; on a new warehouse (or one that never crawled a
source) they must exist, empty, so the whole project builds from day one. Existing tables are
only ever widened (a column the staging models read is added if missing), never replaced.
"""

from typing import TYPE_CHECKING

import duckdb

from ingest import apvi, bom, wem
from ingest.duckdb_store import DuckDBRawStore
from ingest.mms import MmsTable

if TYPE_CHECKING:
    from ingest.raw_store import RawStore

# The columns of each MMS table that the staging models read (AEMO names, lower case).
MMS_TABLES = (
    MmsTable("DISPATCH", "UNIT_SCADA", "1", ("settlementdate", "duid", "scadavalue")),
    MmsTable(
        "DISPATCH",
        "PRICE",
        "5",
        (
            "settlementdate",
            "runno",
            "regionid",
            "dispatchinterval",
            "intervention",
            "rrp",
            "price_status",
            "lastchanged",
        ),
    ),
    MmsTable(
        "DISPATCH",
        "REGIONSUM",
        "8",
        (
            "settlementdate",
            "runno",
            "regionid",
            "dispatchinterval",
            "intervention",
            "totaldemand",
            "availablegeneration",
            "dispatchablegeneration",
            "dispatchableload",
            "netinterchange",
            "demand_and_nonschedgen",
            "lastchanged",
        ),
    ),
    MmsTable(
        "DISPATCH",
        "INTERCONNECTORRES",
        "3",
        (
            "settlementdate",
            "runno",
            "interconnectorid",
            "dispatchinterval",
            "intervention",
            "meteredmwflow",
            "mwflow",
            "mwlosses",
            "exportlimit",
            "importlimit",
            "lastchanged",
        ),
    ),
    MmsTable(
        "TRADING",
        "PRICE",
        "3",
        (
            "settlementdate",
            "runno",
            "regionid",
            "periodid",
            "rrp",
            "price_status",
            "invalidflag",
            "lastchanged",
        ),
    ),
    MmsTable(
        "ROOFTOP",
        "ACTUAL",
        "2",
        ("interval_datetime", "regionid", "power", "qi", "type", "lastchanged"),
    ),
    MmsTable(
        "CO2EII",
        "PUBLISHING",
        "1",
        (
            "stationname",
            "duid",
            "gensetid",
            "regionid",
            "co2e_emissions_factor",
            "co2e_energy_source",
            "co2e_data_source",
        ),
    ),
    # Next-day, daily and history tables (int_unit_energy__prioritised_by_source, registrations).
    MmsTable(
        "METER_DATA", "GEN_DUID", "1", ("interval_datetime", "duid", "mwh_reading", "lastchanged")
    ),
    MmsTable(
        "DISPATCH",
        "UNIT_SOLUTION",
        "6",
        (
            "settlementdate",
            "runno",
            "duid",
            "intervention",
            "initialmw",
            "totalcleared",
            "initial_energy_storage",
            "energy_storage",
            "lastchanged",
        ),
    ),
    MmsTable(
        "TRADING",
        "REGIONSUM",
        "4",
        (
            "settlementdate",
            "runno",
            "regionid",
            "periodid",
            "totaldemand",
            "availablegeneration",
            "netinterchange",
            "demand_and_nonschedgen",
            "lastchanged",
        ),
    ),
    MmsTable(
        "TRADING",
        "INTERCONNECTORRES",
        "2",
        (
            "settlementdate",
            "runno",
            "interconnectorid",
            "periodid",
            "meteredmwflow",
            "mwflow",
            "mwlosses",
            "lastchanged",
        ),
    ),
    MmsTable(
        "PARTICIPANT_REGISTRATION",
        "DUDETAIL",
        "3",
        (
            "effectivedate",
            "duid",
            "versionno",
            "registeredcapacity",
            "maxcapacity",
            "dispatchtype",
            "lastchanged",
        ),
    ),
    MmsTable(
        "PARTICIPANT_REGISTRATION",
        "DUDETAILSUMMARY",
        "4",
        (
            "duid",
            "start_date",
            "end_date",
            "dispatchtype",
            "regionid",
            "stationid",
            "participantid",
            "schedule_type",
            "lastchanged",
        ),
    ),
    MmsTable(
        "PARTICIPANT_REGISTRATION",
        "STATION",
        "1",
        ("stationid", "stationname", "state", "postcode", "lastchanged"),
    ),
    MmsTable(
        "DREGION",
        "",
        "2",
        (
            "settlementdate",
            "runno",
            "regionid",
            "intervention",
            "rrp",
            "totaldemand",
            "availablegeneration",
            "dispatchablegeneration",
            "dispatchableload",
            "netinterchange",
        ),
    ),
    MmsTable(
        "DEMAND",
        "INTERMITTENT_GEN_SCADA",
        "1",
        ("run_datetime", "duid", "scada_type", "scada_value", "scada_quality", "lastchanged"),
    ),
)

REGISTRATION_COLUMNS = (
    "participant",
    "station_name",
    "region",
    "dispatch_type",
    "category",
    "classification",
    "fuel_source_primary",
    "fuel_source_descriptor",
    "technology_type_primary",
    "technology_type_descriptor",
    "units",
    "aggregation",
    "duid",
    "reg_cap_generation_mw",
    "max_cap_generation_mw",
    "reg_cap_consumption_mw",
    "max_cap_consumption_mw",
    "maximum_storage_capacity",
    "_sheet_row",
    "_source_file",
    "_file_sha256",
)


def ensure_raw_tables(conn: duckdb.DuckDBPyConnection) -> None:
    ensure_nem_raw_tables(DuckDBRawStore(conn))
    wem.ensure_raw_tables(conn)
    bom.ensure_raw_tables(conn)
    apvi.ensure_raw_tables(conn)


# The data_quality source that opennem.quality.record_checks writes (read by the findings mart).
QUALITY_CHECK_COLUMNS = ("check_name", "subject", "status", "detail", "checked_at")

# The raw tables of the JSON/CSV record sources (ingest.records): WEM, BOM and APVI.
RECORD_TABLES = (*wem.WEM_TABLES, bom.OBSERVATIONS, *apvi.APVI_TABLES)


def ensure_store_raw_tables(store: "RawStore") -> None:
    """Every raw table dbt reads, through any engine's raw store (PostgreSQL, ClickHouse)."""
    ensure_nem_raw_tables(store)
    for table in RECORD_TABLES:
        store.ensure_table(table.name, [*table.columns, "_source_file", "_file_sha256"])
    store.ensure_table("data_quality_checks", QUALITY_CHECK_COLUMNS)


def ensure_nem_raw_tables(store: "RawStore") -> None:
    """The ledger, the MMS tables and the registry table, through any engine's raw store."""
    store.ensure_ledger()
    for table in MMS_TABLES:
        store.prepare_table(table)
    store.ensure_table("registration_units", REGISTRATION_COLUMNS)
