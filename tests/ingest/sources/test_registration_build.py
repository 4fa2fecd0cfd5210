"""The registry build end to end: real registration list + real CO2EII file + real SCADA -> dbt."""

import csv
import io
import zipfile
from datetime import datetime
from pathlib import Path

import duckdb
import openpyxl
import pytest
from dbt.cli.main import dbtRunner

from ingest.loader import load_file
from ingest.sources.catalog import ensure_raw_tables
from ingest.sources.registration import load_registration_list, unmapped_scada_duids
from ingest.stores import open_store
from ingest.stores.duckdb_store import DuckDBRawStore
from opennem.warehouse import WarehouseUrl
from simulator.fleet import build_fleet
from simulator.registry import cdeii_csv, write_registry
from tests.conftest import REPO_ROOT

TRANSFORM = REPO_ROOT / "transform"
SELECT = "+dim_units +dim_facilities +dim_fueltechs +int_units__unmapped_scada"
CO2EII = "registry/CO2EII_AVAILABLE_GENERATORS_2017_43_20171103104827.CSV"
SCADA = "nemweb/current/Dispatch_SCADA/PUBLIC_DISPATCHSCADA_202109021255_0000000348376188.zip"
REGISTRATION = "registry/NEM-Registration-and-Exemption-List.xlsx"


def _scada_csv(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(archive.namelist()[0]).decode()


def _registry_rows(path: Path) -> list[dict[str, object]]:
    workbook = openpyxl.load_workbook(path, read_only=True)
    rows = list(workbook["PU and Scheduled Loads"].iter_rows(values_only=True))
    header = [str(h).strip() for h in rows[0]]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def _dbt_build(path: Path, tmp: Path, select: str) -> None:
    with open_store(WarehouseUrl.parse(f"duckdb:///{path}")) as store:
        ensure_raw_tables(store)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OPENNEM_DBT_DUCKDB_PATH", str(path))
        patch.setenv("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
        result = dbtRunner().invoke(
            ["build", "--project-dir", str(TRANSFORM), "--profiles-dir", str(TRANSFORM),
             "--target-path", str(tmp / "target"), "--log-path", str(tmp / "logs"),
             "--select", *select.split()]
        )  # fmt: skip
    assert result.success, result.exception


@pytest.fixture(scope="module")
def warehouse(fixtures_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("registry")
    path = tmp / "warehouse.duckdb"
    with duckdb.connect(str(path)) as conn:
        store = DuckDBRawStore(conn)
        load_registration_list(store, fixtures_dir / REGISTRATION)
        for mms_file in (CO2EII, SCADA):
            assert load_file(store, fixtures_dir / mms_file).status == "loaded"
    _dbt_build(path, tmp, SELECT)
    return path


def _query(path: Path, sql: str) -> list[tuple[object, ...]]:
    with duckdb.connect(str(path)) as conn:
        return conn.execute(sql).fetchall()


UNIT_SQL = """
    select network_region, fueltech_id, fueltech_group_id, dispatch_type, capacity_registered_mw,
        emissions_factor_co2, emissions_factor_source, facility_code
    from marts.dim_units_v1 where unit_code = ?
"""


@pytest.mark.parametrize(
    ("duid", "expected"),
    [
        # black coal, NSW: CO2EII 0.9674 (NTNDP 2016), 660 MW registered
        ("BW01", ("NSW1", "coal_black", "coal", "GENERATOR", 660.0, 0.9674, "AEMO CO2EII",
                  "BAYSW")),
        # brown coal, VIC
        ("LYA1", ("VIC1", "coal_brown", "coal", "GENERATOR", 560.0, 1.25875, "AEMO CO2EII",
                  "LOYYANGA")),
        # wind farm listed in CO2EII with factor 0
        ("ARWF1", ("VIC1", "wind", "wind", "GENERATOR", 241.59, 0.0, "AEMO CO2EII",
                   "ARWF")),
        # big battery, bidirectional, not in the 2017 CO2EII file: zero-emission fueltech
        ("VBB1", ("VIC1", "battery", "battery", "BIDIRECTIONAL", 360.0, 0.0,
                  "zero-emission fueltech", "VICTORIAN_BIG_BATTERY")),
        # pumping load with no AEMO classification ('-'): pumps
        ("PUMP1", ("QLD1", "pumps", "pumps", "LOAD", 240.0, 0.0, "AEMO CO2EII",
                   "WIVENHOE")),
        # Tumut 3 pumps: a hydro-classified LOAD
        ("SNOWYP", ("NSW1", "pumps", "pumps", "LOAD", 600.0, 0.0, "zero-emission fueltech",
                    "TUMUT3")),
        # pumped-storage generating unit is hydro, not pumps
        ("W/HOE#1", ("QLD1", "hydro", "hydro", "GENERATOR", 285.0, 0.0, "AEMO CO2EII",
                     "WIVENHOE")),
        # two CO2EII gensets (0.6570 and 0.90) -> mean
        ("LONSDALE", ("SA1", "distillate", "distillate", "GENERATOR", 20.0, 0.7785, "AEMO CO2EII",
                      "LONSDALE")),
    ],
)  # fmt: skip
def test_known_units(warehouse: Path, duid: str, expected: tuple[object, ...]) -> None:
    rows = _query(warehouse, UNIT_SQL.replace("?", f"'{duid}'"))
    assert len(rows) == 1
    got = rows[0]
    assert got[:5] == expected[:5]
    assert got[5] == pytest.approx(expected[5])
    assert got[6:] == expected[6:]


def test_every_registered_duid_is_a_unit_or_reported(warehouse: Path, fixtures_dir: Path) -> None:
    registered = {
        " ".join(str(r["DUID"]).split()) for r in _registry_rows(fixtures_dir / REGISTRATION)
    } - {"-"}
    units = {
        u
        for (u,) in _query(
            warehouse,
            "select unit_code from marts.dim_units_v1"
            " where network_id = 'NEM' and status_id = 'operating'",
        )
    }
    reported = {
        u
        for (u,) in _query(
            warehouse,
            "select unit_code from intermediate.int_units__classified where fueltech_id is null",
        )
    }
    assert units | reported == registered
    assert not units & reported
    assert reported == {"BLNKTAS", "BLNKVIC"}  # Basslink carries no AEMO classification
    vocabulary = {f for (f,) in _query(warehouse, "select fueltech_id from reference.fueltechs")}
    fueltechs = {f for (f,) in _query(warehouse, "select fueltech_id from marts.dim_units_v1")}
    assert fueltechs <= vocabulary


def test_renewables_and_storage_have_a_factor(warehouse: Path) -> None:
    missing = _query(
        warehouse,
        "select unit_code from marts.dim_units_v1"
        " where (is_renewable or fueltech_group_id in ('battery', 'pumps'))"
        " and emissions_factor_co2 is null",
    )
    assert missing == []
    fossil_without = _query(
        warehouse,
        "select count(*) from marts.dim_units_v1"
        " where emissions_factor_co2 is null and emissions_factor_source is not null",
    )
    assert fossil_without == [(0,)]


def test_facilities(warehouse: Path) -> None:
    """OpenElectricity's codes and names; the legacy registry splits Eildon (EILDON: AGL's
    units, EILDONPD: Pacific Hydro's pondage unit) where the registration list has one station."""
    rows = _query(
        warehouse,
        "select facility_code, facility_name, network_region, participant"
        " from marts.dim_facilities_v1 where facility_code in ('BAYSW', 'EILDON', 'EILDONPD')"
        " order by facility_code",
    )
    assert rows == [
        ("BAYSW", "Bayswater", "NSW1", rows[0][3]),
        ("EILDON", "Eildon", "VIC1", "AGL Hydro Partnership"),
        ("EILDONPD", "Eildon", "VIC1", "Pacific Hydro Investments Pty Ltd"),
    ]
    orphans = _query(
        warehouse,
        "select count(*) from marts.dim_units_v1 u"
        " left join marts.dim_facilities_v1 f using (facility_code) where f.facility_code is null",
    )
    assert orphans == [(0,)]


def test_unmapped_scada_duids_lists_duids_missing_from_dim_units(
    warehouse: Path, fixtures_dir: Path
) -> None:
    scada = {
        row[5].strip()
        for row in csv.reader(io.StringIO(_scada_csv(fixtures_dir / SCADA)))
        if row[0] == "D"
    }
    assert len(scada) == 390
    units = {str(u) for (u,) in _query(warehouse, "select unit_code from marts.dim_units_v1")}
    with duckdb.connect(str(warehouse)) as conn:
        store = DuckDBRawStore(conn)
        unmapped = unmapped_scada_duids(store)
    # Only AEMO's placeholders are left, none carrying power: 5 dummy generators (DG_) and 26
    # reserve trader units (RT_); the report leaves them out
    placeholders = _query(
        warehouse,
        "select duid from intermediate.int_units__unmapped_scada where is_placeholder"
        " and max_abs_power_mw = 0 order by duid",
    )
    assert [duid for (duid,) in placeholders] == sorted(scada - units)
    assert len(placeholders) == 31
    assert {duid[:3] for (duid,) in placeholders} == {"DG_", "RT_"}
    assert unmapped == []
    # Liddell (retired 2023) and the 2021 split-battery DUIDs (the 2026 list has one
    # bidirectional DUID each) resolve through the legacy registry
    resolved = _query(
        warehouse,
        "select unit_code, fueltech_id, dispatch_type from marts.dim_units_v1"
        " where unit_code in ('LD01', 'HPRG1', 'HPRL1') order by unit_code",
    )
    assert resolved == [
        ("HPRG1", "battery_discharging", "GENERATOR"),
        ("HPRL1", "battery_charging", "LOAD"),
        ("LD01", "coal_black", "GENERATOR"),
    ]


def test_simulator_registry_classifies_like_the_simulator(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """The simulator writes the same sheet and CO2EII table; each of its units carries the
    fueltech it was generated as, which the classification must reproduce."""
    tmp = tmp_path_factory.mktemp("simulated")
    path = tmp / "warehouse.duckdb"
    units = build_fleet(30, seed=7)
    published = datetime(2026, 5, 1, 10, 0)
    registry_xlsx = write_registry(tmp, units, published)
    with duckdb.connect(str(path)) as conn:
        store = DuckDBRawStore(conn)
        assert load_registration_list(store, registry_xlsx) == len(units)
        cdeii = cdeii_csv(units, published)
        assert load_file(store, "CO2EII_AVAILABLE_GENERATORS.CSV", data=cdeii).status == "loaded"
    _dbt_build(path, tmp, "+dim_units")
    got = {
        row[0]: row[1:]
        for row in _query(
            path,
            "select unit_code, network_region, fueltech_id, dispatch_type,"
            " capacity_registered_mw, emissions_factor_co2 from marts.dim_units_v1"
            " where registration_source = 'registration list'",
        )
    }
    assert set(got) == {u.duid for u in units}
    for unit in units:
        region, fueltech, dispatch_type, capacity, factor = got[unit.duid]
        assert (region, fueltech, dispatch_type) == (
            unit.region,
            unit.fueltech_id,
            unit.dispatch_type,
        )
        assert capacity == pytest.approx(unit.capacity_mw)
        assert factor == pytest.approx(unit.emission_factor)


def test_registry_alone_builds_without_co2eii_or_scada(
    fixtures_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A fresh warehouse with only the registration list: no AEMO factors (the legacy registry's
    instead), nothing unmapped."""
    tmp = tmp_path_factory.mktemp("registry_only")
    path = tmp / "warehouse.duckdb"
    with duckdb.connect(str(path)) as conn:
        store = DuckDBRawStore(conn)
        load_registration_list(store, fixtures_dir / REGISTRATION)
    _dbt_build(path, tmp, "resource_type:seed +dim_units +dim_facilities int_units__unmapped_scada")
    sources = _query(
        path,
        "select fueltech_id, emissions_factor_co2, emissions_factor_source"
        " from marts.dim_units_v1 where unit_code in ('BW01', 'ARWF1') order by unit_code",
    )
    assert sources == [
        ("wind", 0.0, "zero-emission fueltech"),
        ("coal_black", 0.91264312, "OpenNEM legacy registry"),
    ]
    with duckdb.connect(str(path)) as conn:
        assert unmapped_scada_duids(DuckDBRawStore(conn)) == []
