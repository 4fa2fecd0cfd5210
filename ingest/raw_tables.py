"""Every raw table the dbt project reads, created empty where no file has been loaded yet.

dbt's staging models select from these tables; on a new warehouse (or one that never crawled a
source) they must exist, empty, so the whole project builds from day one. Existing tables are
only ever widened (a column the staging models read is added if missing), never replaced.
"""

import duckdb

from ingest import apvi, bom, wem
from ingest.duckdb_store import DuckDBRawStore
from ingest.mms import MmsTable
from opennem.warehouse import RAW_SCHEMA

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
    store = DuckDBRawStore(conn)
    store.ensure_ledger()
    for table in MMS_TABLES:
        store.prepare_table(table)
    _ensure_registration_units(conn)
    wem.ensure_raw_tables(conn)
    bom.ensure_raw_tables(conn)
    apvi.ensure_raw_tables(conn)


def _ensure_registration_units(conn: duckdb.DuckDBPyConnection) -> None:
    columns = ", ".join(f'"{name}" varchar' for name in REGISTRATION_COLUMNS)
    conn.execute(
        f"create table if not exists {RAW_SCHEMA}.registration_units "
        f"({columns}, _loaded_at timestamp)"
    )
