"""The MMS tables the dbt project reads, with the columns its staging models select.

A table found in a file lands whole (every column AEMO publishes); these are created empty, with
at least these columns, so dbt builds before the first file of a report arrives.
"""

from ingest.formats.mms import MmsTable
from ingest.sources.files import FileKind, either, mms_csv, mms_loader, zip_holding

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
        "GENUNITS",
        "2",
        ("gensetid", "registeredcapacity", "maxcapacity", "lastchanged"),
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
    # Interconnector topology (MMSDM INTERCONNECTOR): REGIONFROM -> REGIONTO of each id.
    MmsTable(
        "MARKET_CONFIG",
        "INTERCONNECTOR",
        "1",
        ("interconnectorid", "regionfrom", "regionto", "description", "lastchanged"),
    ),
    MmsTable(
        "DEMAND",
        "INTERMITTENT_GEN_SCADA",
        "1",
        ("run_datetime", "duid", "scada_type", "scada_value", "scada_quality", "lastchanged"),
    ),
)


# What `opennem ingest` takes as an MMS file (any NEMWEB report, MMSDM archive or CO2EII list).
MMS_FILE = FileKind(
    "MMS CSV (C/I/D rows, END OF REPORT count checked) or a .zip of them, nested zips too",
    either(mms_csv, zip_holding(".csv", ".zip")),
    mms_loader,
)
