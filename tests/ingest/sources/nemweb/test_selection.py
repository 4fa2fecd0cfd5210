"""Picking files by report and time window from file names (real names and the real listing)."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ingest.formats.listing import parse_listing
from ingest.sources.nemweb.crawl import remote_files, select
from ingest.sources.nemweb.locations import Place
from ingest.sources.nemweb.reports import get_mmsdm_table, get_report
from ingest.sources.nemweb.times import Period, to_aest

SCADA_URL = "https://nemweb.com.au/Reports/CURRENT/Dispatch_SCADA/"


@pytest.fixture(scope="module")
def scada_listing(fixtures_dir: Path) -> list:
    page = fixtures_dir / "nemweb/dirlisting/nemweb_dispatch_scada_dirlisting.html"
    return parse_listing(page.read_text(), SCADA_URL)


@pytest.mark.parametrize(
    ("report", "name", "end"),
    [
        (
            "dispatch_scada",
            "PUBLIC_DISPATCHSCADA_202109021255_0000000348376188.zip",
            datetime(2021, 9, 2, 12, 55),
        ),
        (
            "Dispatch_SCADA",
            "PUBLIC_DISPATCHSCADA_202109021255_0000000348376188.zip",
            datetime(2021, 9, 2, 12, 55),
        ),
        (
            "dispatch_is",
            "PUBLIC_DISPATCHIS_202111081435_0000000352251582.zip",
            datetime(2021, 11, 8, 14, 35),
        ),
        (
            "trading_is",
            "PUBLIC_TRADINGIS_202508021715_0000000474654066.zip",
            datetime(2025, 8, 2, 17, 15),
        ),
        (
            "rooftop_pv",
            "PUBLIC_ROOFTOP_PV_ACTUAL_MEASUREMENT_20240801003000_0000000426803434.zip",
            datetime(2024, 8, 1, 0, 30),
        ),
        (
            "cdeii",
            "CO2EII_AVAILABLE_GENERATORS_2017_43_20171103104827.CSV",
            datetime(2017, 11, 3, 10, 48, 27),
        ),
    ],
)
def test_current_file_names_carry_their_interval_end(report: str, name: str, end: datetime) -> None:
    assert get_report(report).current_period(name) == Period(end, end)


def test_names_of_other_reports_or_satellite_files_are_not_picked() -> None:
    rooftop = get_report("rooftop_pv")
    satellite = "PUBLIC_ROOFTOP_PV_ACTUAL_SATELLITE_20240801003000_0000000426803435.zip"
    assert rooftop.current_period(satellite) is None
    assert (
        get_report("dispatch_is").current_period(
            "PUBLIC_DISPATCHSCADA_202109021255_0000000348376188.zip"
        )
        is None
    )
    assert get_report("cdeii").current_period("CO2EII_AVAILABLE_GENERATORS.CSV") is None


@pytest.mark.parametrize(
    ("report", "name", "first_end", "last_end"),
    [
        (
            "dispatch_scada",
            "PUBLIC_DISPATCHSCADA_20240801.zip",
            datetime(2024, 8, 1, 0, 5),
            datetime(2024, 8, 2, 4, 0),
        ),
        (
            "dispatch_is",
            "PUBLIC_DISPATCHIS_20240801.zip",
            datetime(2024, 8, 1, 0, 5),
            datetime(2024, 8, 2, 4, 0),
        ),
        (
            "trading_is",
            "PUBLIC_TRADINGIS_20240728_20240803.zip",
            datetime(2024, 7, 28, 0, 5),
            datetime(2024, 8, 4, 4, 0),
        ),
        (
            "rooftop_pv",
            "PUBLIC_ROOFTOP_PV_ACTUAL_MEASUREMENT_20240801.zip",
            datetime(2024, 8, 1, 0, 30),
            datetime(2024, 8, 8, 4, 0),
        ),
    ],
)
def test_archive_names_cover_their_days(
    report: str, name: str, first_end: datetime, last_end: datetime
) -> None:
    assert get_report(report).archive_period(name) == Period(first_end, last_end)


def test_cdeii_has_no_archive() -> None:
    assert get_report("cdeii").archive_period("CO2EII_AVAILABLE_GENERATORS_20240801.zip") is None


def test_unknown_report_names_are_refused_with_the_choices() -> None:
    with pytest.raises(KeyError, match=r"unknown NEMWEB report 'dispatch'.*dispatch_scada"):
        get_report("dispatch")
    with pytest.raises(KeyError, match="unknown MMSDM table 'mmsdm:BIDPEROFFER'"):
        get_mmsdm_table("mmsdm:BIDPEROFFER")
    assert get_mmsdm_table("mmsdm:dispatchprice") == "DISPATCHPRICE"


def test_listing_files_of_the_report(scada_listing: list) -> None:
    files = remote_files(get_report("dispatch_scada"), scada_listing, Place.CURRENT)
    assert len(files) == 578  # the DUPLICATE directory is not a file
    assert all(f.place is Place.CURRENT for f in files)
    assert files[0].period.first_end == datetime(2021, 8, 31, 12, 55)
    assert remote_files(get_report("dispatch_is"), scada_listing, Place.CURRENT) == []


def test_select_by_window_is_inclusive_of_interval_ends(scada_listing: list) -> None:
    files = remote_files(get_report("dispatch_scada"), scada_listing, Place.CURRENT)
    since, until = datetime(2021, 9, 1, 0, 0), datetime(2021, 9, 1, 1, 0)
    chosen = select(reversed(files), since, until)

    assert [f.period.first_end for f in chosen] == [
        since + timedelta(minutes=5 * step) for step in range(13)
    ]
    assert chosen[0].name == "PUBLIC_DISPATCHSCADA_202109010000_0000000348286734.zip"


def test_select_open_ended_windows(scada_listing: list) -> None:
    files = remote_files(get_report("dispatch_scada"), scada_listing, Place.CURRENT)
    assert len(select(files, None, None)) == 578
    newest = select(files, datetime(2021, 9, 2, 12, 50), None)
    assert [f.period.first_end.strftime("%H%M") for f in newest] == ["1250", "1255", "1300"]
    assert len(select(files, None, datetime(2021, 8, 31, 13, 0))) == 2


def test_aware_times_are_converted_to_aest_without_dst() -> None:
    # 2021-10-03 is the first day of NSW daylight saving; AEST must not move.
    utc = datetime(2021, 10, 3, 2, 0, tzinfo=UTC)
    assert to_aest(utc) == datetime(2021, 10, 3, 12, 0)
    assert to_aest(datetime(2021, 10, 3, 12, 0)) == datetime(2021, 10, 3, 12, 0)
