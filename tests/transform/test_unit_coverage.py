"""Every megawatt accounted for, on the real files, against OpenNEM's legacy registry.

Real: the 2026 registration list, the 2017-11 CO2EII file, the 390-DUID Dispatch_SCADA file of
2021-09-02 12:55, the 2021-09 MMSDM TRADINGPRICE file and the 2017-06 MMSDM DUDETAIL,
DUDETAILSUMMARY and STATION files (NEMOSIS subsets, loaded with the count check off), compared
with fixtures/reference/stations.json.
"""

import json
from pathlib import Path

import duckdb
import pytest

from flows.downstream import run_transform
from ingest.loader import load_file
from ingest.sources.registration import load_registration_list
from ingest.stores.duckdb_store import DuckDBRawStore
from opennem.warehouse import WarehouseUrl
from tests.support.legacy_registry import (
    SEED,
    STATIONS_SEED,
    legacy_stations,
    legacy_units,
    read_seed,
)
from tests.transform.conftest import CO2EII, REGISTRY

SCADA = "nemweb/current/Dispatch_SCADA/PUBLIC_DISPATCHSCADA_202109021255_0000000348376188.zip"
TRADING_PRICE = "mmsdm/2021_09/PUBLIC_DVD_TRADINGPRICE_202109010000.zip"
HISTORY = ("DUDETAIL", "DUDETAILSUMMARY", "STATION")
SELECTION = [
    "+dim_units",
    "+dim_facilities",
    "+int_units__unmapped_scada",
    "+fct_fueltech_intervals_monthly",
    # fct_unit_intervals' reconciliation test reads the daily rollup (dbt selects the test)
    "+fct_unit_intervals_daily",
    "+fct_data_quality_findings",
]
COMBUSTION_GROUPS = "('coal', 'gas', 'distillate', 'bioenergy')"
# Where ours and the legacy registry differ, ours follows AEMO's registration list
# (docs/architecture.md, "Units and emission factors").
DOCUMENTED_DIFFERENCES = {
    "BOLIVPS1": ("gas_ccgt", "gas_ocgt"),  # AEMO: Natural Gas, OCGT
    "SNAPPER1": ("gas_ocgt", "distillate"),  # AEMO: Diesel, OCGT
    "BWTR1": ("bioenergy_biogas", "bioenergy_biomass"),  # AEMO: Bagasse, steam
    "CONDONG1": ("bioenergy_biogas", "bioenergy_biomass"),  # AEMO: Bagasse, steam
}


@pytest.fixture(scope="module")
def warehouse(fixtures_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("coverage") / "warehouse.duckdb"
    history = [fixtures_dir / f"mmsdm/2017_06/PUBLIC_DVD_{t}_201706010000.CSV" for t in HISTORY]
    with duckdb.connect(str(path)) as conn:
        store = DuckDBRawStore(conn)
        load_registration_list(store, fixtures_dir / REGISTRY)
        real = (CO2EII, SCADA, TRADING_PRICE)
        for file in (*(fixtures_dir / name for name in real), *history):
            result = load_file(store, file, check_count=False)  # NEMOSIS subsets: see docstring
            assert result.status == "loaded", result.reason
    run_transform(["build", "--select", *SELECTION], WarehouseUrl.parse(f"duckdb:///{path}"))
    return path


def query(path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path)) as conn:
        return conn.execute(sql).fetchall()


def legacy_fueltechs(fixtures_dir: Path) -> dict[str, str]:
    stations = json.loads((fixtures_dir / "reference/stations.json").read_text())
    return {
        unit["code"]: unit["fueltech_id"]
        for station in stations
        for unit in station["facilities"]
        if unit["network_id"] == "NEM" and unit["fueltech_id"]
    }


def test_legacy_units_seed_is_derived_from_stations_json(fixtures_dir: Path) -> None:
    rows = read_seed(SEED)
    assert rows == legacy_units(fixtures_dir)
    assert len(rows) == 657


def test_legacy_stations_seed_is_derived_from_stations_json(fixtures_dir: Path) -> None:
    rows = read_seed(STATIONS_SEED)
    assert rows == legacy_stations(fixtures_dir)
    # 507 stations, 12 of them interconnectors only
    assert len(rows) == 495
    eraring = next(row for row in rows if row[0] == "ERARING")
    assert eraring[:4] == ("ERARING", "Eraring", "NEM", "NSW1")
    assert (float(eraring[4]), float(eraring[5])) == pytest.approx((-33.0615, 151.5246), abs=1e-4)
    assert {row[2] for row in rows} == {"NEM", "WEM"}


def test_fueltechs_agree_with_the_legacy_registry(warehouse: Path, fixtures_dir: Path) -> None:
    legacy = legacy_fueltechs(fixtures_dir)
    ours = dict(
        query(
            warehouse,
            "select unit_code, fueltech_id from marts.dim_units_v1"
            " where registration_source in ('registration list', 'registration history')",
        )
    )
    shared = set(ours) & set(legacy)
    differences = {u: (legacy[u], ours[u]) for u in shared if legacy[u] != ours[u]}
    assert len(shared) >= 590
    assert differences == DOCUMENTED_DIFFERENCES
    assert 1 - len(differences) / len(shared) >= 0.98


@pytest.mark.parametrize(
    ("unit_code", "fueltech_id"),
    [
        ("BRAEMAR1", "gas_ocgt"),  # Fossil / Coal Seam Methane / OCGT
        ("BRAEMAR7", "gas_ocgt"),
        ("MORANBAH", "gas_recip"),  # Coal Seam Methane / Reciprocating Engine
        ("WILGAPK", "gas_recip"),
        ("GLENNCRK", "gas_wcmg"),  # Waste Coal Mine Gas stays coal-mine waste gas
        ("SHEP1", "bioenergy_biogas"),  # Sewerage / Waste Water engine
        ("TATURA01", "bioenergy_biogas"),
    ],
)
def test_coal_seam_gas_is_natural_gas_and_sewage_gas_is_biogas(
    warehouse: Path, unit_code: str, fueltech_id: str
) -> None:
    rows = query(
        warehouse, f"select fueltech_id from marts.dim_units_v1 where unit_code = '{unit_code}'"
    )
    assert rows == [(fueltech_id,)]


def test_no_nem_combustion_unit_without_a_factor(warehouse: Path) -> None:
    missing = query(
        warehouse,
        "select unit_code from marts.dim_units_v1 where network_id = 'NEM'"
        f" and fueltech_group_id in {COMBUSTION_GROUPS}"
        " and (emissions_factor_co2 is null or emissions_factor_co2 <= 0)",
    )
    assert missing == []
    nothing = query(
        warehouse,
        "select count(*) from marts.dim_units_v1 where emissions_factor_co2 is null"
        " or emissions_factor_source is null",
    )
    assert nothing == [(0,)]


@pytest.mark.parametrize(
    ("unit_code", "factor", "source"),
    [
        ("BW01", 0.9674, "AEMO CO2EII"),
        ("TALWB1", 0.44753472, "OpenNEM legacy registry"),
        ("HUNTER1", 0.802513915, "fueltech default (AEMO CO2EII 2017-11 median)"),
        ("TULLYSM1", 0.017, "fueltech default (AEMO CO2EII 2017-11 median)"),
        ("ARWF1", 0.0, "AEMO CO2EII"),
        ("VBB1", 0.0, "zero-emission fueltech"),
    ],
)
def test_emission_factor_chain(warehouse: Path, unit_code: str, factor: float, source: str) -> None:
    ((got, got_source),) = query(
        warehouse,
        "select emissions_factor_co2, emissions_factor_source from marts.dim_units_v1"
        f" where unit_code = '{unit_code}'",
    )
    assert (got, got_source) == (pytest.approx(factor), source)


def test_fueltech_defaults_are_the_median_co2eii_factors(warehouse: Path) -> None:
    medians = dict(
        query(
            warehouse,
            "select units.fueltech_id, median(factors.emissions_factor_co2)"
            " from intermediate.int_emission_factors__aggregated_to_units as factors"
            " inner join marts.dim_units_v1 as units using (unit_code)"
            f" where units.fueltech_group_id in {COMBUSTION_GROUPS} group by 1",
        )
    )
    defaults = dict(
        query(
            warehouse,
            "select fueltech_id, emissions_factor_co2 from reference.fueltech_emission_factors"
            " where emissions_factor_co2 > 0",
        )
    )
    assert defaults == pytest.approx(medians)


def test_every_scada_duid_with_output_reaches_the_marts(warehouse: Path) -> None:
    carrying = query(
        warehouse,
        "select trim(scada.duid), cast(scada.scadavalue as double) from raw.dispatch_unit_scada"
        " as scada left join marts.dim_units_v1 as units on trim(scada.duid) = units.unit_code"
        " where units.unit_code is null and cast(scada.scadavalue as double) <> 0",
    )
    assert carrying == []
    reasons = query(
        warehouse,
        "select reason, is_placeholder, count(*) from intermediate.int_units__unmapped_scada"
        " group by 1, 2",
    )
    assert reasons == [("AEMO placeholder DUID", True, 31)]
    findings = query(
        warehouse,
        "select count(*) from marts.fct_data_quality_findings_v1"
        " where check_name = 'unmapped_duid'",
    )
    assert findings == [(0,)]


def test_split_battery_duids_resolve_through_the_legacy_registry(warehouse: Path) -> None:
    rows = query(
        warehouse,
        "select unit_code, units.fueltech_id, dispatch_type, registration_source, power_mw"
        " from marts.dim_units_v1 as units inner join marts.fct_unit_intervals_v1 using (unit_code)"
        " where unit_code in ('HPRL1', 'LBBG1', 'BULBESL1') order by unit_code",
    )
    assert rows == [
        ("BULBESL1", "battery_charging", "LOAD", "legacy registry", -0.73),
        ("HPRL1", "battery_charging", "LOAD", "legacy registry", -27.3),
        ("LBBG1", "battery_discharging", "GENERATOR", "legacy registry", pytest.approx(7.05022)),
    ]


def test_market_value_before_five_minute_settlement_uses_the_trading_price(
    warehouse: Path,
) -> None:
    """2021-09-02 12:50 lies in the half hour ending 13:00, whose NSW1 trading price was
    -$8.95/MWh (the file's PERIODID 26); no dispatch price is loaded at all."""
    ((power, energy, market_value),) = query(
        warehouse,
        "select power_mw, energy_mwh, market_value from marts.fct_unit_intervals_v1"
        " where unit_code = 'BW01' and interval_start = '2021-09-02 12:50:00'",
    )
    assert energy == pytest.approx(power / 12)
    assert market_value == pytest.approx(energy * -8.95)


def test_every_duid_the_legacy_registry_knows_carries_its_facility_code(
    warehouse: Path, fixtures_dir: Path
) -> None:
    legacy = {row[0]: row[1] for row in legacy_units(fixtures_dir)}
    ours = dict(query(warehouse, "select unit_code, facility_code from marts.dim_units_v1"))
    differing = {unit: (code, ours[unit]) for unit, code in legacy.items() if unit in ours}
    assert {unit: codes for unit, codes in differing.items() if codes[0] != codes[1]} == {}
    assert len(differing) >= 650


@pytest.mark.parametrize(
    ("unit_code", "facility_code"),
    [
        ("ER01", "ERARING"),  # the registry's code of the DUID
        ("BW01", "BAYSW"),
        ("HDWF2", "HORNSDAL2"),
        ("ADPBA1", "ADP"),  # unknown DUID (the registry has ADPBA1G/L) joins its station's DUIDs
        ("HPR1", "HORNSDPR"),  # unknown DUID, the registry's station of the same name
        ("TARBESS1", "TARONG_BESS"),  # unknown station: derived from its Station Name
    ],
)
def test_facility_codes_are_openelectricitys(
    warehouse: Path, unit_code: str, facility_code: str
) -> None:
    rows = query(
        warehouse,
        f"select facility_code from marts.dim_units_v1 where unit_code = '{unit_code}'",
    )
    assert rows == [(facility_code,)]


def test_facilities_carry_the_registrys_name_and_location(warehouse: Path) -> None:
    rows = query(
        warehouse,
        "select facility_code, facility_name, network_region, round(lat, 2), round(lng, 2),"
        " description is not null from marts.dim_facilities_v1"
        " where facility_code in ('ERARING', 'ALBANY', 'TARONG_BESS') order by facility_code",
    )
    assert rows == [
        ("ALBANY", "Albany", "WEM", -35.07, 117.8, False),
        ("ERARING", "Eraring", "NSW1", -33.06, 151.52, True),
        ("TARONG_BESS", "Tarong BESS", "QLD1", None, None, False),
    ]
    orphans = query(
        warehouse,
        "select count(*) from marts.dim_units_v1 as units left join marts.dim_facilities_v1"
        " as facilities using (facility_code) where facilities.facility_code is null",
    )
    assert orphans == [(0,)]


def test_capacities_of_a_battery(warehouse: Path) -> None:
    rows = query(
        warehouse,
        "select capacity_registered_mw, capacity_maximum_mw, capacity_storage_mwh"
        " from marts.dim_units_v1 where unit_code in ('HPR1', 'BW01') order by unit_code",
    )
    assert rows == [(660.0, 660.0, None), (150.0, 150.0, 194.0)]
