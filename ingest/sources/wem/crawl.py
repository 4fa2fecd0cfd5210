"""Where the WEM files live on AEMO WA's data site, and the crawl that fetches and loads them.

- WEMDE (since 2023-10-01): `public/market-data/wemde/<dataset>/previous/` holds one zip per day
  (`FacilityScada_YYYYMMDD.zip`), `current/` the recent days as plain JSON; both are IIS listings.
  A `previous/` file is final (skipped once loaded); a `current/` file is refetched and
  deduplicated by sha256.
- Legacy WEM (to 2023-09): `public/public-data/datafiles/facility-scada/facility-scada-YYYY-MM.csv`
  and `.../balancing-summary/balancing-summary-YYYY.csv`, at URLs known without a listing.
- `public/infographic/neartime/pulse.csv`: the live balancing feed, fetched every time.

Every GET goes through `HttpClient` (User-Agent, timeouts, retries), pointed at this site.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from ingest.formats.records import Parser
from ingest.http import HttpClient
from ingest.sources.record_crawl import CrawlReport, RemoteRecordFile, crawl_files
from ingest.sources.wem.parsers import (
    parse_balancing_summary,
    parse_facility_scada,
    parse_facility_scada_legacy,
    parse_pulse,
    parse_reference_trading_price,
)
from ingest.sources.wem.tables import ensure_raw_tables
from ingest.stores import RawStore
from opennem.settings import get_settings

WEMDE_ROOT = "public/market-data/wemde"
LEGACY_ROOT = "public/public-data/datafiles"
PULSE_PATH = "public/infographic/neartime/pulse.csv"
WEMDE_START = date(2023, 10, 1)
LEGACY_LAST_DAY = WEMDE_START - timedelta(days=1)
_DAY_IN_NAME = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")
_WEMDE_FOLDERS = (("previous", True), ("current", False))

Planner = Callable[[HttpClient, date | None, date | None], list[RemoteRecordFile]]


@dataclass(frozen=True)
class WemDataset:
    key: str
    parse: Parser
    plan: Planner


def day_of(name: str) -> date | None:
    """The day in a WEMDE file name: `FacilityScada_20241201.zip`, `SCADA_2024-12-01.json`."""
    match = _DAY_IN_NAME.search(name)
    return None if match is None else date(*(int(part) for part in match.groups()))


def wemde_files(
    client: HttpClient, dataset: str, since: date | None, until: date | None
) -> list[RemoteRecordFile]:
    """The dated files of a WEMDE dataset in [since, until], `previous/` then `current/`."""
    files = []
    for folder, final in _WEMDE_FOLDERS:
        for entry in client.list_dir(f"{WEMDE_ROOT}/{dataset}/{folder}/"):
            day = None if entry.is_dir else day_of(entry.name)
            if day is not None and _within(day, since, until):
                files.append((day, RemoteRecordFile(entry.name, entry.url, final)))
    return [file for _, file in sorted(files, key=lambda pair: (pair[0], not pair[1].final))]


def legacy_scada_files(
    client: HttpClient, since: date | None, until: date | None
) -> list[RemoteRecordFile]:
    """One `facility-scada-YYYY-MM.csv` per month of [since, until] up to 2023-09."""
    first, last = _legacy_window(since, until)
    months = []
    month = first.replace(day=1)
    while month <= last:
        name = f"facility-scada-{month:%Y-%m}.csv"
        months.append(RemoteRecordFile(name, client.url(f"{LEGACY_ROOT}/facility-scada/{name}")))
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def balancing_summary_files(
    client: HttpClient, since: date | None, until: date | None
) -> list[RemoteRecordFile]:
    """One `balancing-summary-YYYY.csv` per year of [since, until] up to 2023."""
    first, last = _legacy_window(since, until)
    names = [f"balancing-summary-{year}.csv" for year in range(first.year, last.year + 1)]
    return [
        RemoteRecordFile(name, client.url(f"{LEGACY_ROOT}/balancing-summary/{name}"))
        for name in names
    ]


def pulse_files(
    client: HttpClient, since: date | None, until: date | None
) -> list[RemoteRecordFile]:
    """The live feed: always fetched (it holds the last and next days, whatever the window)."""
    return [RemoteRecordFile("pulse.csv", client.url(PULSE_PATH), final=False)]


def _wemde(dataset: str) -> Planner:
    def plan(client: HttpClient, since: date | None, until: date | None) -> list[RemoteRecordFile]:
        return wemde_files(client, dataset, since, until)

    return plan


DATASETS: dict[str, WemDataset] = {
    dataset.key: dataset
    for dataset in (
        WemDataset("facility_scada", parse_facility_scada, _wemde("facilityScada")),
        WemDataset(
            "reference_trading_price",
            parse_reference_trading_price,
            _wemde("referenceTradingPrice"),
        ),
        WemDataset("facility_scada_legacy", parse_facility_scada_legacy, legacy_scada_files),
        WemDataset("balancing_summary", parse_balancing_summary, balancing_summary_files),
        WemDataset("pulse", parse_pulse, pulse_files),
    )
}


def get_dataset(key: str) -> WemDataset:
    try:
        return DATASETS[key]
    except KeyError:
        raise KeyError(f"unknown WEM dataset {key!r}; expected one of {sorted(DATASETS)}") from None


def crawl(
    dataset: str,
    *,
    store: RawStore,
    since: date | None = None,
    until: date | None = None,
    base_url: str | None = None,
    client: HttpClient | None = None,
) -> CrawlReport:
    """Fetch and load the files of a WEM dataset for the days [since, until] (AWST dates)."""
    chosen = get_dataset(dataset)
    ensure_raw_tables(store)
    http = client or HttpClient(base_url or get_settings().wem_url)
    try:
        return crawl_files(
            f"wem:{dataset}", http, store, chosen.plan(http, since, until), chosen.parse
        )
    finally:
        if client is None:
            http.close()


def _within(day: date, since: date | None, until: date | None) -> bool:
    return (since is None or day >= since) and (until is None or day <= until)


def _legacy_window(since: date | None, until: date | None) -> tuple[date, date]:
    if since is None:
        raise ValueError("a legacy WEM crawl needs since (its files are not listed)")
    return since, min(until or LEGACY_LAST_DAY, LEGACY_LAST_DAY)
