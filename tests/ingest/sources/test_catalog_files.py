"""The file kinds of `ingest.sources.catalog`: which kind recognises each real file, by name and
by content, what no kind takes, and `load_any` on the kinds without a real file in the fixtures
(WEMDE, written by the project's simulator in AEMO WA's format)."""

import io
import zipfile
from datetime import date
from pathlib import Path

import duckdb
import pytest

from ingest.sources.apvi import APVI_FILE
from ingest.sources.bom import OBSERVATIONS_FILE as BOM_FILE
from ingest.sources.catalog import SOURCES, file_kinds, load_any, recognise
from ingest.sources.files import FileKind
from ingest.sources.nemweb.tables import MMS_FILE
from ingest.sources.registration import REGISTRATION_FILE
from ingest.sources.wem import FILE_KINDS as WEM_FILES
from ingest.stores.duckdb_store import DuckDBRawStore
from simulator.wem import write_wem

REGISTRATION = "registry/NEM-Registration-and-Exemption-List.xlsx"
GENERATION_INFORMATION = "registry/Generation_Information_SA_05062017.xlsx"


def wem_kind(word: str) -> FileKind:
    return next(kind for kind in WEM_FILES if word in kind.description)


@pytest.mark.parametrize(
    ("fixture", "kind", "other_name"),
    [
        ("bom/IDV60801.94693.json", BOM_FILE, "observations.json"),
        ("apvi/apvi_forecast_response.json", APVI_FILE, "rooftop.json"),
        ("wem/pulse.csv", wem_kind("pulse"), "feed.csv"),
        ("mmsdm/2017_06/PUBLIC_DVD_STATION_201706010000.CSV", MMS_FILE, "stations.dat"),
        ("registry/CO2EII_AVAILABLE_GENERATORS_2017_43_20171103104827.CSV", MMS_FILE, "f.csv"),
        (
            "nemweb/current/Dispatch_SCADA/PUBLIC_DISPATCHSCADA_202109021255_0000000348376188.zip",
            MMS_FILE,
            "scada.zip",
        ),
        ("mmsdm/2024_08/PUBLIC_ARCHIVE%23TRADINGPRICE%23FILE01%23202408010000.zip", MMS_FILE, None),
        (REGISTRATION, REGISTRATION_FILE, "units.xlsx"),
    ],
)
def test_each_real_file_is_recognised_by_name_and_by_content(
    fixtures_dir: Path, fixture: str, kind: FileKind, other_name: str | None
) -> None:
    data = (fixtures_dir / fixture).read_bytes()

    assert recognise(Path(fixture).name, data) is kind
    if other_name is not None:
        assert recognise(other_name, data) is kind


@pytest.mark.parametrize(
    "fixture",
    [
        "nemweb/dirlisting/nemweb_dirlisting.html",
        "aemo_api/aemo_5min_data.json",
        "api/v4/OPENNEM_AU-WA.v4.json",
        GENERATION_INFORMATION,
    ],
)
def test_files_no_source_publishes_are_not_recognised(fixtures_dir: Path, fixture: str) -> None:
    assert recognise(Path(fixture).name, (fixtures_dir / fixture).read_bytes()) is None


def test_odd_bytes_are_not_recognised_and_do_not_raise() -> None:
    sink = io.BytesIO()
    with zipfile.ZipFile(sink, "w") as archive:
        archive.writestr("readme.txt", "hello")

    assert recognise("empty.csv", b"") is None
    assert recognise("noise.zip", b"PK\x03\x04 truncated") is None
    assert recognise("text.zip", sink.getvalue()) is None
    assert recognise("data.json", b'{"observations": {"header": []}}') is None


def test_a_published_name_routes_a_bad_file_to_its_parser_for_a_precise_reason(
    tmp_path: Path,
) -> None:
    name = "facility-scada-2023-09.csv"
    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        store = DuckDBRawStore(conn)
        result = load_any(store, name, data=b"Trading Date,Participant Code\n2023-09-01,X\n")

    assert recognise(name, b"") is wem_kind("facility-scada")
    assert result.status == "rejected"
    assert result.reason is not None and "missing required field(s)" in result.reason


def test_legacy_wem_csvs_are_recognised_by_their_header() -> None:
    scada = b"Trading Interval,Facility Code,Energy Generated (MWh)\n"
    balancing = b"\xef\xbb\xbfTrading Interval,Final Price ($/MWh)\n"

    assert recognise("export.csv", scada) is wem_kind("facility-scada")
    assert recognise("export.csv", balancing) is wem_kind("balancing-summary")


def test_wemde_zips_and_their_json_load_as_their_dataset(tmp_path: Path) -> None:
    day = date(2024, 8, 1)
    scada_zip, price_zip = write_wem(tmp_path / "site", day, day, seed=1).files
    with zipfile.ZipFile(scada_zip) as archive:
        (member,) = archive.namelist()
        scada_json = archive.read(member)

    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        store = DuckDBRawStore(conn)
        scada = load_any(store, scada_zip)
        price = load_any(store, price_zip)
        current = load_any(store, "scada-now.json", data=scada_json)

    assert recognise(scada_zip.name, scada_zip.read_bytes()) is wem_kind("FacilityScada")
    assert recognise("scada-now.json", scada_json) is wem_kind("FacilityScada")
    assert scada.row_counts == {"wem_facility_scada": 288 * 8}  # 5-minute, 8 facilities
    assert price.row_counts == {"wem_reference_trading_price": 48}
    assert current.status == "loaded" and current.row_counts == scada.row_counts


def test_a_wemde_zip_is_looked_into_only_under_a_zip_name(tmp_path: Path) -> None:
    day = date(2024, 8, 1)
    scada_zip = write_wem(tmp_path, day, day, seed=1).files[0]

    assert recognise("download.bin", scada_zip.read_bytes()) is None


def test_the_registration_list_loads_without_a_ledger_row_and_a_wrong_workbook_is_rejected(
    fixtures_dir: Path, tmp_path: Path
) -> None:
    wrong = (fixtures_dir / GENERATION_INFORMATION).read_bytes()
    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        store = DuckDBRawStore(conn)
        good = load_any(store, fixtures_dir / REGISTRATION)
        bad = load_any(store, "NEM-Registration-and-Exemption-List.xlsx", data=wrong)
        ledger = conn.execute("select status, reason from raw.load_ledger").fetchall()

    assert good.status == "loaded" and good.row_counts == {"registration_units": 573}
    assert bad.status == "rejected"
    assert bad.reason is not None and "no sheet 'PU and Scheduled Loads'" in bad.reason
    assert ledger == [("rejected", bad.reason)]


def test_every_source_declares_its_file_kinds_and_a_shared_kind_is_listed_once() -> None:
    assert all(source.file_kinds for source in SOURCES.values())
    assert SOURCES["nemweb"].file_kinds == SOURCES["mmsdm"].file_kinds == (MMS_FILE,)
    assert file_kinds().count(MMS_FILE) == 1
    assert file_kinds()[0] is MMS_FILE  # MMS files, the most published, are tried first
