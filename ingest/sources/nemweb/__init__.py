"""NEMWEB: list report folders, resolve where a file lives, download with retries, crawl."""

from ingest.formats.listing import ListingEntry, ListingError, parse_listing
from ingest.http import HttpClient, HttpError, HttpRefused, HttpUnavailable
from ingest.sources.nemweb.crawl import (
    CrawlSummary,
    FileOutcome,
    crawl,
    download,
    hand_over,
    plan,
)
from ingest.sources.nemweb.locations import Place, RemoteFile, mmsdm_file_name, mmsdm_url
from ingest.sources.nemweb.reports import MMSDM_TABLES, REPORTS, ReportType, get_report

__all__ = [
    "MMSDM_TABLES",
    "REPORTS",
    "CrawlSummary",
    "FileOutcome",
    "HttpClient",
    "HttpError",
    "HttpRefused",
    "HttpUnavailable",
    "ListingEntry",
    "ListingError",
    "Place",
    "RemoteFile",
    "ReportType",
    "crawl",
    "download",
    "get_report",
    "hand_over",
    "mmsdm_file_name",
    "mmsdm_url",
    "parse_listing",
    "plan",
]
