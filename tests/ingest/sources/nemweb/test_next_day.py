"""Next-day and daily NEMWEB reports, and MMSDM history from 2009-07 (names, periods, real files).

The Next_Day_Dispatch, Next_Day_Intermittent_Gen_Scada and Daily_Reports samples are real AEMO
files (NEMOSIS-filtered). No real Next_Day_Actual_Gen file exists in the fixtures: its test file is
written here from the documented MMS format of METER_DATA.GEN_DUID (version 1: INTERVAL_DATETIME,
DUID, MWH_READING, LASTCHANGED; MWH_READING is energy in MWh per 5-minute interval).
"""

import io
import itertools
import zipfile
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from ingest.formats.listing import ListingEntry
from ingest.loader import load_file
from ingest.sources.nemweb.crawl import crawl, remote_files, select
from ingest.sources.nemweb.locations import Place, mmsdm_files
from ingest.sources.nemweb.reports import MMSDM_TABLES, get_mmsdm_table, get_report
from ingest.sources.nemweb.times import Period
from ingest.stores.duckdb_store import DuckDBRawStore
from tests.support.loopback import LoopbackServer

BASE = "https://nemweb.com.au"
CURRENT = Path("nemweb") / "current"
ACTUAL_GEN_NAME = "PUBLIC_NEXT_DAY_ACTUAL_GEN_20260514_0000000517721300.zip"


def actual_gen_zip() -> bytes:
    """A Next_Day_Actual_Gen file in the documented MMS layout (not a real AEMO file)."""
    lines = [
        "C,NEMP.WORLD,NEXT_DAY_ACTUAL_GEN,AEMO,PUBLIC,2026/05/15,04:10:00,"
        "0000000517721300,NEXT_DAY_ACTUAL_GEN,0000000517721300",
        "I,METER_DATA,GEN_DUID,1,INTERVAL_DATETIME,DUID,MWH_READING,LASTCHANGED",
        'D,METER_DATA,GEN_DUID,1,"2026/05/14 04:05:00",HDWF2,2.625,"2026/05/15 04:05:12"',
        'D,METER_DATA,GEN_DUID,1,"2026/05/14 04:10:00",HDWF2,2.5,"2026/05/15 04:05:12"',
        'D,METER_DATA,GEN_DUID,1,"2026/05/14 04:05:00",AGLHAL,0,"2026/05/15 04:05:12"',
    ]
    lines.append(f'C,"END OF REPORT",{len(lines) + 1}')
    sink = io.BytesIO()
    with zipfile.ZipFile(sink, "w") as archive:
        archive.writestr(ACTUAL_GEN_NAME.replace(".zip", ".CSV"), "\r\n".join(lines) + "\r\n")
    return sink.getvalue()


MARKET_DAY = Period(datetime(2026, 5, 14, 0, 5), datetime(2026, 5, 15, 4, 0))


@pytest.mark.parametrize(
    ("report", "name"),
    [
        ("next_day_actual_gen", ACTUAL_GEN_NAME),
        ("next_day_dispatch", "PUBLIC_NEXT_DAY_DISPATCH_20260514_0000000517721207.zip"),
        (
            "next_day_intermittent_gen_scada",
            "PUBLIC_NEXT_DAY_INTERMITTENT_GEN_SCADA_20260514_0000000517721212.zip",
        ),
        ("daily_reports", "PUBLIC_DAILY_202605140000_20260515040504.zip"),
    ],
)
def test_a_daily_current_file_covers_its_market_day(report: str, name: str) -> None:
    assert get_report(report).current_period(name) == MARKET_DAY


@pytest.mark.parametrize(
    ("report", "name", "last_end"),
    [
        (
            "next_day_dispatch",
            "PUBLIC_NEXT_DAY_DISPATCH_20240201.zip",
            datetime(2024, 3, 1, 4, 0),  # a leap February
        ),
        ("daily_reports", "PUBLIC_DAILY_20241201.zip", datetime(2025, 1, 1, 4, 0)),
    ],
)
def test_archive_bundles_cover_a_calendar_month(report: str, name: str, last_end: datetime) -> None:
    period = get_report(report).archive_period(name)
    assert period is not None
    assert period.last_end == last_end
    assert get_report(report).archive_period(name.replace("01.zip", "02.zip")) is None


def test_folder_names_and_similar_reports_are_told_apart() -> None:
    daily = get_report("Daily_Reports")
    assert daily.key == "daily_reports"
    assert daily.current_period("PUBLIC_DAILYOCD_202407300000_20240731040502.zip") is None
    dispatch = get_report("next_day_dispatch")
    assert dispatch.current_period(ACTUAL_GEN_NAME) is None
    assert get_report("Next_Day_Actual_Gen").current_period(ACTUAL_GEN_NAME) == MARKET_DAY


def test_real_current_files_are_listed_and_selected_by_day(fixtures_dir: Path) -> None:
    folder = fixtures_dir / CURRENT / "Next_Day_Dispatch"
    entries = [
        ListingEntry(p.name, f"{BASE}/{p.name}", datetime(2026, 5, 15, 4, 10), None, False)
        for p in folder.iterdir()
    ]
    files = remote_files(get_report("next_day_dispatch"), entries, Place.CURRENT)
    assert [f.name for f in files] == [p.name for p in folder.iterdir()]
    assert select(files, datetime(2026, 5, 15, 3, 0), None) == files
    assert select(files, datetime(2026, 5, 15, 4, 5), None) == []


@pytest.mark.parametrize(
    ("folder", "table", "rows"),
    [
        ("Next_Day_Dispatch", "dispatch_unit_solution", 576),
        ("Next_Day_Intermittent_Gen_Scada", "demand_intermittent_gen_scada", 576),
        ("Daily_Reports", "dregion", 576),  # `I,DREGION,Unnamed: 2,2` is read as DREGION
    ],
)
def test_real_daily_files_load_into_raw(
    fixtures_dir: Path, duckdb_path: Path, folder: str, table: str, rows: int
) -> None:
    path = next((fixtures_dir / CURRENT / folder).glob("*.zip"))
    with duckdb.connect(str(duckdb_path)) as conn:
        store = DuckDBRawStore(conn)
        result = load_file(store, str(path), check_count=False)
        assert result.status == "loaded", result.reason
        assert result.row_counts[table] == rows


def test_documented_actual_gen_file_loads_energy_as_published(duckdb_path: Path) -> None:
    with duckdb.connect(str(duckdb_path)) as conn:
        store = DuckDBRawStore(conn)
        result = load_file(store, "test", name=ACTUAL_GEN_NAME, data=actual_gen_zip())
        assert result.status == "loaded", result.reason
        found = conn.execute(
            "select duid, mwh_reading from raw.meter_data_gen_duid "
            "where interval_datetime = '2026/05/14 04:05:00' order by duid"
        ).fetchall()
    assert found == [("AGLHAL", "0"), ("HDWF2", "2.625")]


@pytest.mark.parametrize("table", MMSDM_TABLES)
def test_mmsdm_plans_every_month_from_2009_07_under_both_namings(table: str) -> None:
    files = mmsdm_files(BASE, table, datetime(2009, 7, 1, 0, 5), datetime(2026, 11, 29))
    names = [f.name for f in files]
    assert len(names) == (2026 - 2009) * 12 + (11 - 7) + 1
    assert names[0] == f"PUBLIC_DVD_{table}_200907010000.zip"
    assert names[names.index(f"PUBLIC_DVD_{table}_202407010000.zip") + 1] == (
        f"PUBLIC_ARCHIVE#{table}#FILE01#202408010000.zip"
    )
    assert names[-1] == f"PUBLIC_ARCHIVE#{table}#FILE01#202611010000.zip"
    assert files[-1].url.endswith(
        f"/MMSDM/2026/MMSDM_2026_11/MMSDM_Historical_Data_SQLLoader/DATA/"
        f"PUBLIC_ARCHIVE%23{table}%23FILE01%23202611010000.zip"
    )
    assert get_mmsdm_table(f"mmsdm:{table.lower()}") == table


def _interval_ends(path: Path) -> list[datetime]:
    with zipfile.ZipFile(path) as archive:
        (member,) = archive.namelist()
        lines = archive.read(member).decode().splitlines()
    return [
        datetime.strptime(line.split(",")[4].strip('"'), "%Y/%m/%d %H:%M:%S")
        for line in lines
        if line.startswith("D,TRADING,PRICE,")
    ]


def test_mmsdm_months_hold_their_trading_intervals_across_the_cadence_change(
    fixtures_dir: Path,
) -> None:
    """30-minute trading intervals in 2021-09, 5-minute from 2021-10 (real MMSDM files): the
    planned month of each file holds every interval end in it, and a window over the cut-over
    plans both months."""
    files = mmsdm_files(BASE, "TRADINGPRICE", datetime(2021, 9, 30, 23), datetime(2021, 10, 1, 1))
    assert [f.name for f in files] == [
        "PUBLIC_DVD_TRADINGPRICE_202109010000.zip",
        "PUBLIC_DVD_TRADINGPRICE_202110010000.zip",
    ]
    for planned, month, step in zip(files, ("2021_09", "2021_10"), (30, 5), strict=True):
        ends = _interval_ends(fixtures_dir / "mmsdm" / month / planned.name)
        assert all(planned.period.overlaps(end, end) for end in ends)
        times = sorted(set(ends))
        # NEMOSIS kept 5 days of the month: the shortest step between interval ends is the cadence
        assert min((b - a).total_seconds() / 60 for a, b in itertools.pairwise(times)) == step


def test_next_day_reports_crawl_over_loopback(
    fixtures_dir: Path, tmp_path: Path, duckdb_path: Path
) -> None:
    """The real Next_Day_Dispatch file (a NEMOSIS-filtered copy whose END OF REPORT count no longer
    matches, so the strict loader rejects it, naming the file) and the documented Actual Gen file,
    served in NEMWEB's Current layout and crawled with the real crawler."""
    dispatch = next((fixtures_dir / CURRENT / "Next_Day_Dispatch").glob("*.zip"))
    for folder, name, data in (
        ("Next_Day_Actual_Gen", ACTUAL_GEN_NAME, actual_gen_zip()),
        ("Next_Day_Dispatch", dispatch.name, dispatch.read_bytes()),
    ):
        target = tmp_path / "nemweb" / "Reports" / "Current" / folder
        target.mkdir(parents=True)
        (target / name).write_bytes(data)
    since = datetime(2026, 5, 14, 4, 5)

    with LoopbackServer(tmp_path / "nemweb") as server, duckdb.connect(str(duckdb_path)) as conn:
        store = DuckDBRawStore(conn)
        actual = crawl("next_day_actual_gen", since=since, base_url=server.base_url, store=store)
        solution = crawl("next_day_dispatch", since=since, base_url=server.base_url, store=store)
        again = crawl("next_day_actual_gen", since=since, base_url=server.base_url, store=store)

    assert actual.names("loaded") == [ACTUAL_GEN_NAME]
    assert actual.outcomes[0].row_counts == {"meter_data_gen_duid": 3}
    assert solution.names("rejected") == [dispatch.name]
    assert dispatch.name in (solution.outcomes[0].reason or "")
    assert again.already_loaded == [ACTUAL_GEN_NAME] and not again.outcomes
