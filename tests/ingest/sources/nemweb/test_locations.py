"""Where a file lives: Reports/Current, Reports/Archive and both MMSDM namings (over loopback)."""

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from ingest.http import HttpClient
from ingest.sources.nemweb.locations import (
    Place,
    folder_url,
    mmsdm_file_name,
    mmsdm_files,
    mmsdm_url,
    report_file_url,
)
from ingest.sources.nemweb.reports import get_report
from ingest.sources.nemweb.times import Period
from tests.support.loopback import LoopbackServer
from tests.support.nemweb_tree import SCADA_ARCHIVE, SCADA_FILE, NemwebTree, build_nemweb_tree

BASE = "https://nemweb.com.au"
MMSDM_DATA = (
    "Data_Archive/Wholesale_Electricity/MMSDM/{y}/MMSDM_{y}_{m}/"
    "MMSDM_Historical_Data_SQLLoader/DATA"
)


@pytest.fixture
def tree(tmp_path: Path, fixtures_dir: Path) -> NemwebTree:
    return build_nemweb_tree(tmp_path / "nemweb", fixtures_dir)


@pytest.fixture
def client(tree: NemwebTree) -> Iterator[HttpClient]:
    with LoopbackServer(tree.root) as server, HttpClient(server.base_url, retries=0) as http:
        yield http


def test_report_folders() -> None:
    scada, rooftop = get_report("dispatch_scada"), get_report("rooftop_pv")
    assert folder_url(BASE, scada, Place.CURRENT) == f"{BASE}/Reports/Current/Dispatch_SCADA/"
    assert folder_url(BASE + "/", scada, Place.ARCHIVE) == f"{BASE}/Reports/Archive/Dispatch_SCADA/"
    name = "PUBLIC_ROOFTOP_PV_ACTUAL_MEASUREMENT_20240801.zip"
    assert report_file_url(BASE, rooftop, Place.CURRENT, name) == (
        f"{BASE}/Reports/Current/ROOFTOP_PV/ACTUAL/{name}"
    )
    with pytest.raises(ValueError, match="MMSDM files are per table"):
        folder_url(BASE, scada, Place.MMSDM)


@pytest.mark.parametrize(
    ("year", "month", "name"),
    [
        (2024, 7, "PUBLIC_DVD_DISPATCH_UNIT_SCADA_202407010000.zip"),
        (2021, 9, "PUBLIC_DVD_DISPATCH_UNIT_SCADA_202109010000.zip"),
        (2024, 8, "PUBLIC_ARCHIVE#DISPATCH_UNIT_SCADA#FILE01#202408010000.zip"),
        (2025, 1, "PUBLIC_ARCHIVE#DISPATCH_UNIT_SCADA#FILE01#202501010000.zip"),
    ],
)
def test_mmsdm_naming_switches_at_2024_08(year: int, month: int, name: str) -> None:
    assert mmsdm_file_name("DISPATCH_UNIT_SCADA", year, month) == name


def test_mmsdm_urls_encode_the_hash() -> None:
    folder = MMSDM_DATA.format(y="2024", m="08")
    assert mmsdm_url(BASE, "DISPATCHPRICE", 2024, 8) == (
        f"{BASE}/{folder}/PUBLIC_ARCHIVE%23DISPATCHPRICE%23FILE01%23202408010000.zip"
    )
    folder = MMSDM_DATA.format(y="2024", m="07")
    assert mmsdm_url(BASE, "DISPATCHPRICE", 2024, 7) == (
        f"{BASE}/{folder}/PUBLIC_DVD_DISPATCHPRICE_202407010000.zip"
    )


def test_mmsdm_months_for_a_window() -> None:
    files = mmsdm_files(BASE, "TRADINGPRICE", datetime(2024, 7, 15), datetime(2024, 9, 1, 0, 0))
    assert [f.name for f in files] == [
        "PUBLIC_DVD_TRADINGPRICE_202407010000.zip",
        "PUBLIC_ARCHIVE#TRADINGPRICE#FILE01#202408010000.zip",
    ]
    assert files[1].period == Period(datetime(2024, 8, 1, 0, 5), datetime(2024, 9, 1))
    # the interval ending at midnight on the 1st belongs to the month before
    edge = mmsdm_files(BASE, "TRADINGPRICE", datetime(2024, 8, 1), datetime(2024, 8, 1))
    assert [f.name for f in edge] == ["PUBLIC_DVD_TRADINGPRICE_202407010000.zip"]
    december = mmsdm_files(BASE, "TRADINGPRICE", datetime(2024, 12, 3), datetime(2025, 1, 2))
    assert [f.name[-16:-4] for f in december] == ["202412010000", "202501010000"]


def test_current_and_archive_files_are_fetched_where_they_resolve(
    client: HttpClient, tree: NemwebTree
) -> None:
    scada = get_report("dispatch_scada")
    current = report_file_url(client.base_url, scada, Place.CURRENT, SCADA_FILE)
    archive = report_file_url(client.base_url, scada, Place.ARCHIVE, SCADA_ARCHIVE)
    assert client.get(current) == tree.current_scada.read_bytes()
    assert client.get(archive) == tree.archive_scada.read_bytes()


# The tables with real files for both 2024-07 and 2024-08 in the fixtures.
BOTH_NAMINGS = (
    "DISPATCH_UNIT_SCADA",
    "DISPATCHPRICE",
    "DISPATCHREGIONSUM",
    "DISPATCHINTERCONNECTORRES",
    "TRADINGPRICE",
    "ROOFTOP_PV_ACTUAL",
)


@pytest.mark.parametrize("table", BOTH_NAMINGS)
@pytest.mark.parametrize("month", [7, 8])
def test_real_mmsdm_files_are_fetched_under_both_namings(
    client: HttpClient, tree: NemwebTree, table: str, month: int
) -> None:
    data = client.get(mmsdm_url(client.base_url, table, 2024, month))
    assert data == tree.mmsdm[mmsdm_file_name(table, 2024, month)].read_bytes()
    assert data[:2] == b"PK"
