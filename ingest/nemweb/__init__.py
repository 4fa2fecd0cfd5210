"""NEMWEB: list report folders, resolve where a file lives, download with retries, crawl."""

from ingest.nemweb.client import NemwebClient, NemwebError, NemwebHTTPError, NemwebUnavailable
from ingest.nemweb.crawl import (
    CrawlSummary,
    FileOutcome,
    crawl,
    download,
    hand_over,
    loaded_file_names,
    plan,
)
from ingest.nemweb.listing import ListingEntry, ListingError, parse_listing
from ingest.nemweb.locations import Place, RemoteFile, mmsdm_file_name, mmsdm_url
from ingest.nemweb.reports import MMSDM_TABLES, REPORTS, ReportType, get_report

__all__ = [
    "MMSDM_TABLES",
    "REPORTS",
    "CrawlSummary",
    "FileOutcome",
    "ListingEntry",
    "ListingError",
    "NemwebClient",
    "NemwebError",
    "NemwebHTTPError",
    "NemwebUnavailable",
    "Place",
    "RemoteFile",
    "ReportType",
    "crawl",
    "download",
    "get_report",
    "hand_over",
    "loaded_file_names",
    "mmsdm_file_name",
    "mmsdm_url",
    "parse_listing",
    "plan",
]
