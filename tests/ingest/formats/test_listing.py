"""IIS directory listings: the two real NEMWEB listing pages, and the loopback server's pages."""

import os
from datetime import datetime
from pathlib import Path

import pytest

from ingest.formats.listing import ListingError, parse_listing
from ingest.http import HttpClient
from tests.support.loopback import AEST, LoopbackServer


def _read(fixtures_dir: Path, name: str) -> str:
    return (fixtures_dir / "nemweb/dirlisting" / name).read_text()


def test_dispatch_scada_listing(fixtures_dir: Path) -> None:
    url = "https://nemweb.com.au/Reports/CURRENT/Dispatch_SCADA/"
    entries = parse_listing(_read(fixtures_dir, "nemweb_dispatch_scada_dirlisting.html"), url)

    assert len(entries) == 579
    duplicate, first, *_, last = entries
    assert duplicate.is_dir and duplicate.name == "DUPLICATE" and duplicate.size is None
    assert duplicate.url == "https://nemweb.com.au/Reports/CURRENT/Dispatch_SCADA/DUPLICATE/"
    assert duplicate.modified == datetime(2017, 5, 12, 10, 56)
    assert first.name == "PUBLIC_DISPATCHSCADA_202108311255_0000000348260618.zip"
    assert first.size == 3071 and not first.is_dir
    assert first.modified == datetime(2021, 8, 31, 12, 50)
    assert last.name == "PUBLIC_DISPATCHSCADA_202109021300_0000000348376390.zip"
    assert last.url == url + last.name
    assert last.modified == datetime(2021, 9, 2, 12, 55)
    assert sum(entry.is_dir for entry in entries) == 1


def test_dispatch_is_listing_with_absolute_links_resolves_against_the_listing_host(
    fixtures_dir: Path,
) -> None:
    url = "http://127.0.0.1:8123/Reports/Current/DispatchIS_Reports/"
    entries = parse_listing(_read(fixtures_dir, "nemweb_dirlisting.html"), url)

    files = [entry for entry in entries if not entry.is_dir]
    assert len(entries) == 578 and len(files) == 577
    assert files[0].name == "PUBLIC_DISPATCHIS_202111081435_0000000352251582.zip"
    assert files[0].size == 18166
    assert files[0].modified == datetime(2021, 11, 8, 14, 30)
    assert files[-1].name == "PUBLIC_DISPATCHIS_202111101435_0000000352367891.zip"
    assert all(entry.url.startswith(url) for entry in entries)
    assert files[-1].url == url + files[-1].name


def test_a_page_that_is_not_a_listing_is_refused() -> None:
    with pytest.raises(ListingError, match=r"http://x/Reports/: not an IIS directory listing"):
        parse_listing("<html><body>Service Unavailable</body></html>", "http://x/Reports/")


def test_loopback_listing_has_the_real_format(tmp_path: Path) -> None:
    folder = tmp_path / "Reports/Archive/Dispatch_SCADA"
    (folder / "DUPLICATE").mkdir(parents=True)
    archive = folder / "PUBLIC_ARCHIVE#DISPATCHPRICE#FILE01#202408010000.zip"
    archive.write_bytes(b"x" * 1234)
    modified = datetime(2021, 9, 2, 13, 5, tzinfo=AEST)
    os.utime(archive, (modified.timestamp(), modified.timestamp()))

    with LoopbackServer(tmp_path) as server, HttpClient(server.base_url) as client:
        entries = client.list_dir("/Reports/Archive/Dispatch_SCADA/")

    directory, file = entries
    assert directory.is_dir and directory.name == "DUPLICATE"
    assert file.name == archive.name and file.size == 1234
    assert file.modified == datetime(2021, 9, 2, 13, 5)
    assert file.url == (
        f"{server.base_url}/Reports/Archive/Dispatch_SCADA/"
        "PUBLIC_ARCHIVE%23DISPATCHPRICE%23FILE01%23202408010000.zip"
    )
