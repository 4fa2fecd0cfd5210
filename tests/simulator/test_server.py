"""The simulated tree served on loopback lists and downloads like NEMWEB (real HTTP, httpx)."""

import re
from datetime import date
from pathlib import Path

import httpx
import pytest

from simulator import serve, simulate

# An entry line of an IIS listing page: date, size or <dir>, and the link.
ENTRY = re.compile(
    r" *\w+day, \w+ \d{1,2}, \d{4} {1,2}\d{1,2}:\d\d [AP]M +(?:\d+|&lt;dir&gt;) "
    r'<A HREF="(?P<href>[^"]+)">(?P<name>[^<]+)</A>',
    re.IGNORECASE,
)
HEADERS = {"User-Agent": "opennem-tests"}


def _entries(page: str) -> list[tuple[str, str]]:
    return [(m["href"], m["name"]) for m in ENTRY.finditer(page)]


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("served")
    simulate(
        root,
        date(2024, 8, 1),
        date(2024, 8, 1),
        units=3,
        mmsdm=True,
        tables={"DISPATCH_UNIT_SCADA"},
    )
    return root


def test_the_entry_pattern_reads_real_nemweb_listings(fixtures_dir: Path) -> None:
    page = (fixtures_dir / "nemweb/dirlisting/nemweb_dispatch_scada_dirlisting.html").read_text()
    entries = _entries(page)
    assert len(entries) > 100
    assert entries[0] == ("/Reports/CURRENT/Dispatch_SCADA/DUPLICATE/", "DUPLICATE")


def test_listing_pages_follow_the_iis_format(tree: Path) -> None:
    with serve(tree) as base_url:
        page = httpx.get(f"{base_url}/Reports/Current/Dispatch_SCADA/", headers=HEADERS)
        root_page = httpx.get(f"{base_url}/Reports/Current/", headers=HEADERS).text
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    entries = _entries(page.text)
    on_disk = sorted(p.name for p in (tree / "Reports/Current/Dispatch_SCADA").iterdir())
    assert [name for _, name in entries] == on_disk
    assert entries[0][0] == f"/Reports/Current/Dispatch_SCADA/{on_disk[0]}"
    assert '<A HREF="/Reports/">[To Parent Directory]</A><br><br>' in root_page
    assert ("/Reports/Current/CDEII/", "CDEII") in _entries(root_page)
    # published 2024-08-01 00:00:16 AEST, shown in AEST like NEMWEB
    assert "Thursday, August 1, 2024 12:00 AM" in page.text


def test_files_download_byte_for_byte(tree: Path) -> None:
    folder = (
        "Data_Archive/Wholesale_Electricity/MMSDM/2024/MMSDM_2024_08/"
        "MMSDM_Historical_Data_SQLLoader/DATA"
    )
    with serve(tree) as base_url, httpx.Client(headers=HEADERS) as client:
        listing = client.get(f"{base_url}/{folder}/").text
        # the folder also holds the first month's topology (MMSDM INTERCONNECTOR)
        ((href, name),) = [e for e in _entries(listing) if "#INTERCONNECTOR#" not in e[1]]
        assert "%23" in href and name.startswith("PUBLIC_ARCHIVE#DISPATCH_UNIT_SCADA#")
        download = client.get(base_url + href)
        missing = client.get(f"{base_url}/Reports/Current/Dispatch_SCADA/nothing.zip")
        anonymous = client.get(f"{base_url}/Reports/", headers={"User-Agent": ""})
    assert download.status_code == 200
    assert download.content == (tree / folder / name).read_bytes()
    assert missing.status_code == 404
    assert anonymous.status_code == 403


def test_server_stops_when_the_block_exits(tree: Path) -> None:
    with serve(tree) as base_url:
        assert httpx.get(f"{base_url}/", headers=HEADERS).status_code == 200
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{base_url}/", headers=HEADERS, timeout=2)


def test_serving_a_missing_tree_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no simulated tree"), serve(tmp_path / "absent"):
        pass
