"""Where a NEMWEB file lives: Reports/Current, Reports/Archive, or the MMSDM monthly archive.

- `Reports/Current/<Folder>/`: the 5-minute (or 30-minute) zips of the last day or two.
- `Reports/Archive/<Folder>/`: daily or weekly zips of those zips, after AEMO moves them.
- `Data_Archive/Wholesale_Electricity/MMSDM/<YYYY>/MMSDM_<YYYY>_<MM>/
  MMSDM_Historical_Data_SQLLoader/DATA/`: one file per table and month,
  `PUBLIC_DVD_<TABLE>_<YYYYMM>010000.zip` up to 2024-07 and
  `PUBLIC_ARCHIVE#<TABLE>#FILE01#<YYYYMM>010000.zip` from 2024-08 (`#` is sent as `%23`).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from urllib.parse import quote

from ingest.sources.nemweb.reports import FIVE_MINUTES, ReportType
from ingest.sources.nemweb.times import Period

MMSDM_ROOT = "Data_Archive/Wholesale_Electricity/MMSDM"
MMSDM_NEW_NAMING = (2024, 8)


class Place(StrEnum):
    CURRENT = "Current"
    ARCHIVE = "Archive"
    MMSDM = "MMSDM"


@dataclass(frozen=True)
class RemoteFile:
    name: str
    url: str
    place: Place
    period: Period


def folder_url(base_url: str, report: ReportType, place: Place) -> str:
    """The listing URL of a report folder under Reports/Current or Reports/Archive."""
    if place is Place.MMSDM:
        raise ValueError(f"{report.key}: MMSDM files are per table, not per report folder")
    return f"{base_url.rstrip('/')}/Reports/{place.value}/{report.folder}/"


def report_file_url(base_url: str, report: ReportType, place: Place, name: str) -> str:
    return folder_url(base_url, report, place) + quote(name)


def mmsdm_file_name(table: str, year: int, month: int) -> str:
    stamp = f"{year:04d}{month:02d}010000"
    if (year, month) >= MMSDM_NEW_NAMING:
        return f"PUBLIC_ARCHIVE#{table}#FILE01#{stamp}.zip"
    return f"PUBLIC_DVD_{table}_{stamp}.zip"


def mmsdm_url(base_url: str, table: str, year: int, month: int) -> str:
    folder = f"{year:04d}/MMSDM_{year:04d}_{month:02d}/MMSDM_Historical_Data_SQLLoader/DATA"
    name = quote(mmsdm_file_name(table, year, month))
    return f"{base_url.rstrip('/')}/{MMSDM_ROOT}/{folder}/{name}"


def mmsdm_file(base_url: str, table: str, year: int, month: int) -> RemoteFile:
    """The month's archive of a table; it holds interval ends after the 1st 00:00 to next 1st."""
    start = datetime(year, month, 1)
    period = Period(start + FIVE_MINUTES, _next_month(start))
    return RemoteFile(
        mmsdm_file_name(table, year, month),
        mmsdm_url(base_url, table, year, month),
        Place.MMSDM,
        period,
    )


def mmsdm_files(base_url: str, table: str, since: datetime, until: datetime) -> list[RemoteFile]:
    """The monthly files of a table whose months hold interval ends in [since, until]."""
    months: list[RemoteFile] = []
    month = (datetime(since.year, since.month, 1) - timedelta(days=1)).replace(day=1)
    while month <= until:
        candidate = mmsdm_file(base_url, table, month.year, month.month)
        if candidate.period.overlaps(since, until):
            months.append(candidate)
        month = _next_month(month)
    return months


def _next_month(first: datetime) -> datetime:
    return (first + timedelta(days=32)).replace(day=1)
