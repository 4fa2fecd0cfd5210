"""The NEMWEB reports we crawl: folder, file-name patterns, cadence, and the MMSDM tables.

Current files embed the interval END they hold (naive AEST): `PUBLIC_DISPATCHSCADA_202109021255_
0000000348376188.zip` is the interval ending 2021-09-02 12:55. Archive files are named by day
(`PUBLIC_DISPATCHSCADA_20240801.zip`, daily) or week (`PUBLIC_TRADINGIS_20240728_20240803.zip`,
`PUBLIC_ROOFTOP_PV_ACTUAL_MEASUREMENT_20240801.zip`) and hold the 5-minute zips of those days.
Whether an archive day is the calendar day or AEMO's market day (04:05 to 04:00 next day) differs
between reports, so an archive file is taken to cover both: interval ends from its first day 00:00
plus one interval through 04:00 after its last day. A spare archive fetched at a day edge is
harmless: loading is idempotent and raw copies are deduplicated downstream.

Next-day and daily reports (`PUBLIC_NEXT_DAY_DISPATCH_20260514_<seq>.zip`,
`PUBLIC_DAILY_202605140000_20260515040504.zip`) hold a whole market day in one Current file, named
by that day: they cover the same span as a one-day archive. Their Archive folders bundle a calendar
month per file (`PUBLIC_NEXT_DAY_DISPATCH_20260501.zip`).

CDEII (`CO2EII_AVAILABLE_GENERATORS_<YYYY>_<WW>_<published YYYYMMDDHHMMSS>.CSV`) is placed in time
by its publication stamp, and AEMO keeps no archive folder for it. It is a snapshot report: each
file is the whole list as published, so a window also needs the last file published before it.
"""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from ingest.sources.nemweb.times import Period

_MARKET_DAY_SPILL = timedelta(hours=4)


@dataclass(frozen=True)
class ArchiveLayout:
    """Archive file names: `start` (and optional `end`) YYYYMMDD groups; `days` when no end."""

    pattern: re.Pattern[str]
    days: int
    monthly: bool = False  # one file per calendar month, named by its first day

    def period(self, name: str, cadence: timedelta) -> Period | None:
        match = self.pattern.fullmatch(name)
        if match is None:
            return None
        first_day = datetime.strptime(match["start"], "%Y%m%d")
        end = match.groupdict().get("end")
        if end:
            last_day = datetime.strptime(end, "%Y%m%d")
        elif self.monthly:
            last_day = (first_day + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        else:
            last_day = first_day + timedelta(days=self.days - 1)
        return days_period(first_day, last_day, cadence)


def days_period(first_day: datetime, last_day: datetime, cadence: timedelta) -> Period:
    """Interval ends of the days first..last, as a calendar or a market day (see above)."""
    return Period(first_day + cadence, last_day + timedelta(days=1) + _MARKET_DAY_SPILL)


@dataclass(frozen=True)
class ReportType:
    key: str
    folder: str
    tables: tuple[str, ...]
    cadence: timedelta
    current: re.Pattern[str]
    stamp_format: str
    archive: ArchiveLayout | None
    snapshot: bool = False  # each file is the full state as of its publication
    daily: bool = False  # a Current file holds the whole day named by its stamp

    def current_period(self, name: str) -> Period | None:
        match = self.current.fullmatch(name)
        if match is None:
            return None
        stamp = datetime.strptime(match["stamp"], self.stamp_format)
        day = stamp.replace(hour=0, minute=0, second=0)
        return days_period(day, day, self.cadence) if self.daily else Period(stamp, stamp)

    def archive_period(self, name: str) -> Period | None:
        return self.archive.period(name, self.cadence) if self.archive else None


def _current(prefix: str, digits: int) -> re.Pattern[str]:
    return re.compile(rf"{prefix}_(?P<stamp>\d{{{digits}}})_\d{{16}}\.zip", re.IGNORECASE)


def _daily(prefix: str, days: int = 1) -> ArchiveLayout:
    return ArchiveLayout(re.compile(rf"{prefix}_(?P<start>\d{{8}})\.zip", re.IGNORECASE), days)


def _monthly(prefix: str) -> ArchiveLayout:
    pattern = re.compile(rf"{prefix}_(?P<start>\d{{6}}01)\.zip", re.IGNORECASE)
    return ArchiveLayout(pattern, 0, monthly=True)


def _next_day(key: str, folder: str, prefix: str, tables: tuple[str, ...]) -> ReportType:
    """A next-day report: one Current file per market day, Archive bundles per month."""
    return ReportType(
        key=key,
        folder=folder,
        tables=tables,
        cadence=FIVE_MINUTES,
        current=_current(prefix, 8),
        stamp_format="%Y%m%d",
        archive=_monthly(prefix),
        daily=True,
    )


FIVE_MINUTES = timedelta(minutes=5)

REPORTS: dict[str, ReportType] = {
    report.key: report
    for report in (
        ReportType(
            key="dispatch_scada",
            folder="Dispatch_SCADA",
            tables=("DISPATCH_UNIT_SCADA",),
            cadence=FIVE_MINUTES,
            current=_current("PUBLIC_DISPATCHSCADA", 12),
            stamp_format="%Y%m%d%H%M",
            archive=_daily("PUBLIC_DISPATCHSCADA"),
        ),
        ReportType(
            key="dispatch_is",
            folder="DispatchIS_Reports",
            tables=("DISPATCHPRICE", "DISPATCHREGIONSUM", "DISPATCHINTERCONNECTORRES"),
            cadence=FIVE_MINUTES,
            current=_current("PUBLIC_DISPATCHIS", 12),
            stamp_format="%Y%m%d%H%M",
            archive=_daily("PUBLIC_DISPATCHIS"),
        ),
        ReportType(
            key="trading_is",
            folder="TradingIS_Reports",
            tables=("TRADINGPRICE", "TRADINGREGIONSUM", "TRADINGINTERCONNECT"),
            cadence=FIVE_MINUTES,
            current=_current("PUBLIC_TRADINGIS", 12),
            stamp_format="%Y%m%d%H%M",
            archive=ArchiveLayout(
                re.compile(r"PUBLIC_TRADINGIS_(?P<start>\d{8})_(?P<end>\d{8})\.zip", re.IGNORECASE),
                7,
            ),
        ),
        ReportType(
            key="rooftop_pv",
            folder="ROOFTOP_PV/ACTUAL",
            tables=("ROOFTOP_PV_ACTUAL",),
            cadence=timedelta(minutes=30),
            current=_current("PUBLIC_ROOFTOP_PV_ACTUAL_MEASUREMENT", 14),
            stamp_format="%Y%m%d%H%M%S",
            archive=_daily("PUBLIC_ROOFTOP_PV_ACTUAL_MEASUREMENT", days=7),
        ),
        _next_day(
            "next_day_actual_gen",
            "Next_Day_Actual_Gen",
            "PUBLIC_NEXT_DAY_ACTUAL_GEN",
            ("METER_DATA_GEN_DUID",),
        ),
        _next_day(
            "next_day_dispatch",
            "Next_Day_Dispatch",
            "PUBLIC_NEXT_DAY_DISPATCH",
            ("DISPATCH_UNIT_SOLUTION",),
        ),
        _next_day(
            "next_day_intermittent_gen_scada",
            "Next_Day_Intermittent_Gen_Scada",
            "PUBLIC_NEXT_DAY_INTERMITTENT_GEN_SCADA",
            ("INTERMITTENT_GEN_SCADA",),
        ),
        ReportType(
            key="daily_reports",
            folder="Daily_Reports",
            tables=("DREGION", "DUNIT", "DISPATCH_CASESOLUTION"),
            cadence=FIVE_MINUTES,
            current=re.compile(r"PUBLIC_DAILY_(?P<stamp>\d{12})_\d{14}\.zip", re.IGNORECASE),
            stamp_format="%Y%m%d%H%M",
            archive=_monthly("PUBLIC_DAILY"),
            daily=True,
        ),
        ReportType(
            key="cdeii",
            folder="CDEII",
            tables=("CO2EII_PUBLISHING",),
            cadence=timedelta(days=7),
            current=re.compile(
                r"CO2EII_AVAILABLE_GENERATORS_\d{4}_\d{1,2}_(?P<stamp>\d{14})\.CSV", re.IGNORECASE
            ),
            stamp_format="%Y%m%d%H%M%S",
            archive=None,
            snapshot=True,
        ),
    )
}

# MMSDM files are named by the MMS data model table, which is not always the `I` row's name.
MMSDM_TABLES: tuple[str, ...] = (
    "DISPATCH_UNIT_SCADA",
    "DISPATCHPRICE",
    "DISPATCHREGIONSUM",
    "DISPATCHINTERCONNECTORRES",
    "TRADINGPRICE",
    "TRADINGREGIONSUM",
    "TRADINGINTERCONNECT",
    "ROOFTOP_PV_ACTUAL",
    "DISPATCHLOAD",  # DISPATCH.UNIT_SOLUTION rows
    "METERDATA_GEN_DUID",  # METER_DATA.GEN_DUID rows
    "INTERMITTENT_GEN_SCADA",
    "DUDETAIL",
    "DUDETAILSUMMARY",
    "GENUNITS",
    "STATION",
    "INTERCONNECTOR",
)
MMSDM_PREFIX = "mmsdm:"


def get_report(name: str) -> ReportType:
    """A report by key (`dispatch_scada`) or NEMWEB folder (`Dispatch_SCADA`), any case."""
    wanted = name.strip().lower()
    for report in REPORTS.values():
        if wanted in (report.key, report.folder.lower()):
            return report
    raise KeyError(f"unknown NEMWEB report {name!r}; expected one of {sorted(REPORTS)}")


def get_mmsdm_table(name: str) -> str:
    """An MMSDM table from `mmsdm:<TABLE>` (or the bare table name), upper case."""
    table = name.strip().removeprefix(MMSDM_PREFIX).upper()
    if table not in MMSDM_TABLES:
        raise KeyError(f"unknown MMSDM table {name!r}; expected one of {list(MMSDM_TABLES)}")
    return table
