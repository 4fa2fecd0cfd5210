"""The NEMWEB simulator writes AEMO's exact formats, balanced and deterministic.

The format checks compare against the real AEMO files in the fixtures (the Current
PUBLIC_DISPATCHSCADA zip and the 2024_07 / 2024_08 MMSDM archives). No real Current DispatchIS,
TradingIS or rooftop file exists in the fixtures, so those are checked against the MMSDM layouts
of the same tables and against the MMS CSV rules.
"""

import hashlib
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import openpyxl
import pytest

from ingest.loader import load_file
from ingest.sources.nemweb.reports import get_report
from ingest.stores.duckdb_store import DuckDBRawStore
from simulator import Simulation, simulate
from simulator.model import INTERCONNECTORS

DAY = date(2024, 8, 1)
UNITS = 20
TableKey = tuple[str, str, str]


@dataclass
class MmsFile:
    """One parsed MMS CSV: the `C` line fields and, per table, its columns and rows."""

    comment: list[str]
    columns: dict[TableKey, list[str]] = field(default_factory=dict)
    rows: dict[TableKey, list[dict[str, str]]] = field(default_factory=dict)


def _split(line: str) -> list[str]:
    """Fields of an MMS line; AEMO quotes never hold commas in these files' data."""
    return [f[1:-1] if f.startswith('"') and f.endswith('"') else f for f in line.split(",")]


def parse_mms(data: bytes, name: str) -> MmsFile:
    """Parse and check the MMS CSV structure: C first, I before D, column counts, END count."""
    lines = data.decode("ascii").split("\r\n")
    assert lines[-1] == "", f"{name}: last line must end in CRLF"
    lines = lines[:-1]
    assert lines[0].startswith("C,"), f"{name}: first line is not a C row"
    assert lines[-1] == f'C,"END OF REPORT",{len(lines)}', f"{name}: bad END OF REPORT"
    parsed = MmsFile(comment=_split(lines[0]))
    current: TableKey | None = None
    for number, line in enumerate(lines[1:-1], start=2):
        fields = _split(line)
        key = (fields[1], fields[2], fields[3])
        if fields[0] == "I":
            current = key
            parsed.columns[key] = fields[4:]
            parsed.rows[key] = []
        else:
            assert fields[0] == "D", f"{name}:{number}: unexpected row type {fields[0]}"
            assert key == current, f"{name}:{number}: D row outside its I table"
            columns = parsed.columns[key]
            assert len(fields) - 4 == len(columns), f"{name}:{number}: column count"
            parsed.rows[key].append(dict(zip(columns, fields[4:], strict=True)))
    return parsed


def read_zip(path: Path) -> MmsFile:
    with zipfile.ZipFile(path) as archive:
        (member,) = archive.namelist()
        assert member == path.name.removesuffix(".zip") + ".CSV"
        return parse_mms(archive.read(member), path.name)


def when(stamp: str) -> datetime:
    return datetime.strptime(stamp, "%Y/%m/%d %H:%M:%S")


@pytest.fixture(scope="module")
def day_tree(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Simulation]:
    root = tmp_path_factory.mktemp("nemweb")
    return root, simulate(root, DAY, DAY, units=UNITS, seed=7)


def _current(root: Path, folder: str) -> list[Path]:
    return sorted((root / "Reports" / "Current" / folder).glob("*.zip"))


def test_real_current_file_passes_the_structure_check(fixtures_dir: Path) -> None:
    real = fixtures_dir / "nemweb/current/Dispatch_SCADA"
    parsed = read_zip(next(real.glob("PUBLIC_DISPATCHSCADA_*.zip")))
    assert len(parsed.rows[("DISPATCH", "UNIT_SCADA", "1")]) == 390


def test_current_files_are_named_and_shaped_like_aemo(
    day_tree: tuple[Path, Simulation], fixtures_dir: Path
) -> None:
    root, _ = day_tree
    real_scada = next((fixtures_dir / "nemweb/current/Dispatch_SCADA").glob("*.zip"))
    real = read_zip(real_scada)
    scada = _current(root, "Dispatch_SCADA")
    assert len(scada) == 288
    assert scada[0].name.startswith("PUBLIC_DISPATCHSCADA_202408010005_")
    assert scada[-1].name.startswith("PUBLIC_DISPATCHSCADA_202408020000_")
    ours = read_zip(scada[0])
    assert ours.comment[:5] == real.comment[:5] and len(ours.comment) == len(real.comment)
    assert ours.comment[8] == real.comment[8] == "DISPATCHSCADA"
    assert ours.columns == real.columns
    assert len(ours.rows[("DISPATCH", "UNIT_SCADA", "1")]) == UNITS
    assert len(_current(root, "DispatchIS_Reports")) == 288
    assert len(_current(root, "TradingIS_Reports")) == 288
    rooftop = _current(root, "ROOFTOP_PV/ACTUAL")
    assert len(rooftop) == 48
    assert rooftop[0].name.startswith("PUBLIC_ROOFTOP_PV_ACTUAL_MEASUREMENT_20240801003000_")


def _real_columns(fixtures_dir: Path, month: str) -> dict[TableKey, list[str]]:
    columns: dict[TableKey, list[str]] = {}
    for path in (fixtures_dir / "mmsdm" / month).glob("*.zip"):
        with zipfile.ZipFile(path) as archive, archive.open(archive.namelist()[0]) as handle:
            handle.readline()
            fields = handle.readline().decode().strip().split(",")
        columns[(fields[1], fields[2], fields[3])] = fields[4:]
    return columns


def test_current_tables_use_the_real_column_lists(
    day_tree: tuple[Path, Simulation], fixtures_dir: Path
) -> None:
    root, _ = day_tree
    real = _real_columns(fixtures_dir, "2024_08")
    dispatch = read_zip(_current(root, "DispatchIS_Reports")[0])
    assert list(dispatch.columns) == [
        ("DISPATCH", "PRICE", "5"),
        ("DISPATCH", "REGIONSUM", "8"),
        ("DISPATCH", "INTERCONNECTORRES", "3"),
    ]
    for key, columns in dispatch.columns.items():
        assert columns == real[key]
    trading = read_zip(_current(root, "TradingIS_Reports")[0])
    assert trading.columns[("TRADING", "PRICE", "3")] == real[("TRADING", "PRICE", "3")]
    rooftop = read_zip(_current(root, "ROOFTOP_PV/ACTUAL")[0])
    assert rooftop.columns[("ROOFTOP", "ACTUAL", "2")][-4:] == [
        "POWER",
        "QI",
        "TYPE",
        "LASTCHANGED",
    ]
    assert {r["TYPE"] for r in rooftop.rows[("ROOFTOP", "ACTUAL", "2")]} == {"MEASUREMENT"}


def _dispatch_is(root: Path) -> dict[TableKey, list[dict[str, str]]]:
    rows: dict[TableKey, list[dict[str, str]]] = defaultdict(list)
    for path in _current(root, "DispatchIS_Reports"):
        for key, found in read_zip(path).rows.items():
            rows[key].extend(found)
    return rows


def _scada(root: Path) -> dict[tuple[datetime, str], float]:
    values = {}
    for path in _current(root, "Dispatch_SCADA"):
        for row in read_zip(path).rows[("DISPATCH", "UNIT_SCADA", "1")]:
            values[(when(row["SETTLEMENTDATE"]), row["DUID"])] = float(row["SCADAVALUE"])
    return values


def test_demand_balances_units_and_flows(day_tree: tuple[Path, Simulation]) -> None:
    root, sim = day_tree
    scada = _scada(root)
    tables = _dispatch_is(root)
    units = {u.duid: u for u in sim.units}
    scheduled: dict[tuple[datetime, str], float] = defaultdict(float)
    for (end, duid), mw in scada.items():
        if units[duid].scheduled:
            scheduled[(end, units[duid].region)] += mw
    flows: dict[datetime, dict[str, float]] = defaultdict(dict)
    for row in tables[("DISPATCH", "INTERCONNECTORRES", "3")]:
        flows[when(row["SETTLEMENTDATE"])][row["INTERCONNECTORID"]] = float(row["MWFLOW"])
    region_sums = [r for r in tables[("DISPATCH", "REGIONSUM", "8")] if r["INTERVENTION"] == "0"]
    assert len(region_sums) == 288 * 5
    net_by_interval: dict[datetime, float] = defaultdict(float)
    for row in region_sums:
        end, region = when(row["SETTLEMENTDATE"]), row["REGIONID"]
        demand, net = float(row["TOTALDEMAND"]), float(row["NETINTERCHANGE"])
        assert demand > 0
        assert demand == pytest.approx(scheduled[(end, region)] - net, abs=0.01)
        exports = _exports(flows[end], region)
        assert net == pytest.approx(exports, abs=0.01)
        net_by_interval[end] += net
        assert demand == sim.total_demand[region][end]
    assert all(abs(total) < 0.01 for total in net_by_interval.values())


def _exports(flows: dict[str, float], region: str) -> float:
    """Net export of a region from interconnector flows (ids name REGIONFROM and REGIONTO)."""
    ends = {
        "N-Q-MNSP1": ("NSW1", "QLD1"),
        "NSW1-QLD1": ("NSW1", "QLD1"),
        "T-V-MNSP1": ("TAS1", "VIC1"),
        "V-S-MNSP1": ("VIC1", "SA1"),
        "V-SA": ("VIC1", "SA1"),
        "VIC1-NSW1": ("VIC1", "NSW1"),
    }
    total = 0.0
    for ic, mw in flows.items():
        source, target = ends[ic]
        total += mw if source == region else -mw if target == region else 0.0
    return total


def test_intervention_rows_carry_a_different_price(day_tree: tuple[Path, Simulation]) -> None:
    root, sim = day_tree
    prices = _dispatch_is(root)[("DISPATCH", "PRICE", "5")]
    by_key = {(r["SETTLEMENTDATE"], r["REGIONID"], r["INTERVENTION"]): r["RRP"] for r in prices}
    intervened = [k for k in by_key if k[2] == "1"]
    assert len(intervened) == 12 * 5  # one hour a day, every region
    assert len(sim.intervention_intervals) == 12
    for stamp, region, _ in intervened:
        assert by_key[(stamp, region, "1")] != by_key[(stamp, region, "0")]
        assert sim.rrp[region][when(stamp)] == float(by_key[(stamp, region, "0")])


def test_truth_matches_what_was_written(day_tree: tuple[Path, Simulation]) -> None:
    root, sim = day_tree
    scada = _scada(root)
    full = sim.scada()
    assert len(scada) == 288 * UNITS
    for (end, duid), mw in scada.items():
        assert full[duid][end] == mw
    some_end, some_duid = next(iter(scada))
    assert sim.scada_mw(some_duid, some_end) == scada[(some_end, some_duid)]
    trading = read_zip(_current(root, "TradingIS_Reports")[100]).rows[("TRADING", "PRICE", "3")]
    for row in trading:
        assert sim.rrp[row["REGIONID"]][when(row["SETTLEMENTDATE"])] == float(row["RRP"])
    for path in _current(root, "ROOFTOP_PV/ACTUAL"):
        for row in read_zip(path).rows[("ROOFTOP", "ACTUAL", "2")]:
            end = when(row["INTERVAL_DATETIME"])
            assert sim.rooftop_mw[row["REGIONID"]][end] == float(row["POWER"])


def test_shapes_follow_the_sun_and_the_evening_peak(day_tree: tuple[Path, Simulation]) -> None:
    _, sim = day_tree
    night, noon, evening = (datetime(2024, 8, 1, h, m) for h, m in ((2, 0), (12, 30), (19, 0)))
    solar = [u for u in sim.units if u.fueltech_id == "solar_utility"]
    batteries = [u for u in sim.units if u.dispatch_type == "BIDIRECTIONAL"]
    assert solar and batteries
    for unit in solar:
        assert sim.scada_mw(unit.duid, night) == 0.0
        assert sim.scada_mw(unit.duid, noon) > 0.3 * unit.capacity_mw
    for unit in batteries:
        assert sim.scada_mw(unit.duid, noon) < 0
        assert sim.scada_mw(unit.duid, evening) > 0
    assert all(sim.rooftop_mw[r][night] == 0.0 for r in sim.rooftop_mw)
    assert all(sim.rooftop_mw[r][noon] > 0 for r in sim.rooftop_mw)
    prices = [p for region in sim.rrp.values() for p in region.values()]
    assert min(prices) < 0  # negative middays happen


def _digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_same_seed_same_bytes_other_seed_other_data(tmp_path: Path) -> None:
    start = date(2024, 8, 5)
    first = simulate(tmp_path / "a", start, start, units=6, seed=3, tables={"DISPATCHPRICE"})
    simulate(tmp_path / "b", start, start, units=6, seed=3, tables={"DISPATCHPRICE"})
    other = simulate(tmp_path / "c", start, start, units=6, seed=4, tables={"DISPATCHPRICE"})
    assert _digests(tmp_path / "a") == _digests(tmp_path / "b")
    assert first.rrp != other.rrp
    assert not (tmp_path / "a" / "Reports" / "Current" / "Dispatch_SCADA").exists()


def test_days_before_the_cutoff_go_to_the_archive(tmp_path: Path) -> None:
    simulate(
        tmp_path,
        date(2024, 8, 3),
        date(2024, 8, 4),
        units=4,
        archive_days_before=DAY + timedelta(days=3),
    )
    archive = tmp_path / "Reports" / "Archive"
    daily = archive / "Dispatch_SCADA" / "PUBLIC_DISPATCHSCADA_20240803.zip"
    with zipfile.ZipFile(daily) as outer:
        inner = outer.namelist()
    assert len(inner) == 288
    assert inner[0].startswith("PUBLIC_DISPATCHSCADA_202408030005_")
    assert inner[-1].startswith("PUBLIC_DISPATCHSCADA_202408040000_")
    assert (archive / "DispatchIS_Reports" / "PUBLIC_DISPATCHIS_20240803.zip").is_file()
    assert (archive / "TradingIS_Reports" / "PUBLIC_TRADINGIS_20240728_20240803.zip").is_file()
    weekly_rooftop = archive / "ROOFTOP_PV" / "ACTUAL"
    assert [p.name for p in weekly_rooftop.iterdir()] == [
        "PUBLIC_ROOFTOP_PV_ACTUAL_MEASUREMENT_20240728.zip"
    ]
    current = _current(tmp_path, "Dispatch_SCADA")
    assert len(current) == 288
    assert current[0].name.startswith("PUBLIC_DISPATCHSCADA_202408040005_")


def test_mmsdm_archives_switch_naming_and_layout_in_2024_08(
    tmp_path: Path, fixtures_dir: Path
) -> None:
    sim = simulate(tmp_path, date(2024, 7, 31), DAY, units=5, mmsdm=True, current=False)
    base = tmp_path / "Data_Archive/Wholesale_Electricity/MMSDM/2024"
    july = base / "MMSDM_2024_07/MMSDM_Historical_Data_SQLLoader/DATA"
    august = base / "MMSDM_2024_08/MMSDM_Historical_Data_SQLLoader/DATA"
    assert (july / "PUBLIC_DVD_DISPATCH_UNIT_SCADA_202407010000.zip").is_file()
    assert (august / "PUBLIC_ARCHIVE#DISPATCH_UNIT_SCADA#FILE01#202408010000.zip").is_file()
    assert not (tmp_path / "Reports" / "Current" / "Dispatch_SCADA").exists()
    assert (july / "PUBLIC_DVD_INTERCONNECTOR_202407010000.zip").is_file()
    for folder, month in ((july, "2024_07"), (august, "2024_08")):
        real = _real_columns(fixtures_dir, month)
        # the topology (MMSDM INTERCONNECTOR) is written for the first month only
        files = sorted(p for p in folder.glob("*.zip") if "_INTERCONNECTOR_" not in p.name)
        assert len(files) == 6
        for path in files:
            parsed = read_zip(path)
            assert parsed.comment[1] == "SETP.WORLD" and parsed.comment[2].startswith("DVD_")
            ((key, columns),) = parsed.columns.items()
            assert columns == real[key], path.name
    scada = read_zip(august / "PUBLIC_ARCHIVE#DISPATCH_UNIT_SCADA#FILE01#202408010000.zip")
    rows = scada.rows[("DISPATCH", "UNIT_SCADA", "1")]
    assert len(rows) == 288 * 5
    assert rows[0]["SETTLEMENTDATE"] == "2024/08/01 00:05:00"
    assert rows[-1]["SETTLEMENTDATE"] == "2024/08/02 00:00:00"
    first = rows[0]
    assert sim.scada_mw(first["DUID"], datetime(2024, 8, 1, 0, 5)) == float(first["SCADAVALUE"])
    rooftop = read_zip(august / "PUBLIC_ARCHIVE#ROOFTOP_PV_ACTUAL#FILE01#202408010000.zip")
    types = {r["TYPE"] for r in rooftop.rows[("ROOFTOP", "ACTUAL", "2")]}
    assert types == {"MEASUREMENT", "SATELLITE"}


def test_tables_restrict_what_is_written(tmp_path: Path) -> None:
    simulate(tmp_path, DAY, DAY, units=3, mmsdm=True, current=False, tables={"DISPATCH_UNIT_SCADA"})
    written = {p.name for p in (tmp_path / "Data_Archive").rglob("*.zip")}
    # The interconnector topology of the first month is always written, like the registry.
    assert written == {
        "PUBLIC_ARCHIVE#DISPATCH_UNIT_SCADA#FILE01#202408010000.zip",
        "PUBLIC_ARCHIVE#INTERCONNECTOR#FILE01#202408010000.zip",
    }
    with pytest.raises(ValueError, match="unknown tables"):
        simulate(tmp_path, DAY, DAY, tables={"DISPATCHOFFERTRK"})
    with pytest.raises(ValueError, match="before start"):
        simulate(tmp_path, DAY, DAY - timedelta(days=1))


def test_registry_sheet_matches_the_real_list(
    day_tree: tuple[Path, Simulation], fixtures_dir: Path
) -> None:
    root, sim = day_tree
    path = root / "-/media/files/electricity/nem/participant_information"
    ours = openpyxl.load_workbook(path / "nem-registration-and-exemption-list.xlsx", read_only=True)
    real = openpyxl.load_workbook(
        fixtures_dir / "registry/NEM-Registration-and-Exemption-List.xlsx", read_only=True
    )
    sheet = "PU and Scheduled Loads"
    our_rows = list(ours[sheet].iter_rows(values_only=True))
    real_rows = list(real[sheet].iter_rows(values_only=True))
    assert our_rows[0] == real_rows[0]
    header = list(real_rows[0])
    picks = [header.index(c) for c in header[3:4] + header[6:10]]
    real_kinds = {tuple(r[i] for i in picks) for r in real_rows[1:]}
    assert {tuple(r[i] for i in picks) for r in our_rows[1:]} <= real_kinds
    duid = header.index("DUID")
    assert [r[duid] for r in our_rows[1:]] == [u.duid for u in sim.units]


def test_cdeii_carries_the_emission_factors(
    day_tree: tuple[Path, Simulation], fixtures_dir: Path
) -> None:
    root, sim = day_tree
    real = parse_mms(
        (
            fixtures_dir / "registry/CO2EII_AVAILABLE_GENERATORS_2017_43_20171103104827.CSV"
        ).read_bytes(),
        "real CO2EII",
    )
    folder = root / "Reports/Current/CDEII"
    latest = folder / "CO2EII_AVAILABLE_GENERATORS.CSV"
    ours = parse_mms(latest.read_bytes(), latest.name)
    assert ours.columns == real.columns
    assert ours.comment[2] == real.comment[2] == "CO2EII_AVAILABLE_GENERATORS"
    factors = {
        r["DUID"]: float(r["CO2E_EMISSIONS_FACTOR"])
        for r in ours.rows[("CO2EII", "PUBLISHING", "1")]
    }
    assert factors == {u.duid: u.emission_factor for u in sim.units}
    assert len(list(folder.glob("CO2EII_AVAILABLE_GENERATORS_2024_*_20240731104827.CSV"))) == 1


def test_next_day_dispatch_carries_the_batteries_state_of_charge(
    tmp_path: Path, fixtures_dir: Path
) -> None:
    sim = simulate(tmp_path, DAY, DAY, units=12, seed=7, tables={"DISPATCHLOAD"})
    files = _current(tmp_path, "Next_Day_Dispatch")
    # market days: 2024-07-31 (its last four hours) and 2024-08-01 (04:05 to midnight)
    assert [p.name[:33] for p in files] == [
        "PUBLIC_NEXT_DAY_DISPATCH_20240731",
        "PUBLIC_NEXT_DAY_DISPATCH_20240801",
    ]
    assert all(get_report("next_day_dispatch").current_period(p.name) for p in files)
    real_zip = next((fixtures_dir / "nemweb/current/Next_Day_Dispatch").glob("*.zip"))
    with zipfile.ZipFile(real_zip) as archive, archive.open(archive.namelist()[0]) as handle:
        real_comment = handle.readline().decode().strip().split(",")
        real_columns = handle.readline().decode().strip().split(",")[4:]
    ours = read_zip(files[1])
    key = ("DISPATCH", "UNIT_SOLUTION", "6")
    assert ours.columns == {key: real_columns}
    assert ours.comment[2] == real_comment[2] == "NEXT_DAY_DISPATCH"
    rows = ours.rows[key]
    assert len(rows) == 240 * 12
    batteries = {u.duid for u in sim.units if u.fueltech_id == "battery"}
    assert len(batteries) == 2
    for row in rows:
        end = when(row["SETTLEMENTDATE"])
        if row["DUID"] in batteries:
            assert float(row["ENERGY_STORAGE"]) == sim.storage_mwh(row["DUID"], end)
            before = sim.storage_mwh(row["DUID"], end - timedelta(minutes=5))
            assert float(row["INITIAL_ENERGY_STORAGE"]) == before
        else:
            assert row["ENERGY_STORAGE"] == row["INITIAL_ENERGY_STORAGE"] == ""
        assert float(row["TOTALCLEARED"]) == sim.scada_mw(row["DUID"], end)
    levels = [float(r["ENERGY_STORAGE"]) for r in rows if r["DUID"] in batteries]
    assert max(levels) > 1.5 * min(levels)  # a daily cycle, not a constant


def test_interconnector_table_is_the_simulated_topology(tmp_path: Path) -> None:
    sim = simulate(tmp_path, DAY, DAY, units=3, current=False)
    (path,) = [p for p in sim.files if "INTERCONNECTOR#" in p.name]
    conn = duckdb.connect()
    result = load_file(DuckDBRawStore(conn), path)  # END OF REPORT count checked

    rows = conn.execute(
        "select interconnectorid, regionfrom, regionto from raw.market_config_interconnector"
    ).fetchall()

    assert result.status == "loaded", result.reason
    assert {ic: (src, dst) for ic, src, dst in rows} == {
        ic: (src, dst) for ic, (src, dst, _) in INTERCONNECTORS.items()
    }
