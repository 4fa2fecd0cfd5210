"""BOM weather observations for the station mapped to each network region -> `raw.bom_observations`.

A station's feed `/fwo/<product>/<product>.<wmo>.json` holds its last ~72 hours of half-hourly
observations in `observations.data[]`; each fetch overlaps the previous one, so raw keeps every
copy and dbt keeps one per station and time. Fields are stored as published (varchar, snake_case
names); `aifstime_utc` (`YYYYMMDDhhmmss`, UTC) is the observation time.

The stations are the dbt seed `transform/seeds/bom_stations.csv` (region -> BOM station, WMO
number and product), so the crawl and the marts read one list.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from ingest.formats.records import RawTable, Records, json_document, json_list, record_row
from ingest.http import HttpClient
from ingest.loader import ensure_tables
from ingest.sources.files import json_with, records_kind
from ingest.sources.record_crawl import CrawlReport, RemoteRecordFile, crawl_files
from ingest.stores import RawStore
from opennem.settings import PROJECT_ROOT, get_settings

STATIONS_CSV = PROJECT_ROOT / "transform" / "seeds" / "bom_stations.csv"
OBSERVATIONS = RawTable(
    "bom_observations",
    ("wmo", "aifstime_utc", "air_temp"),
    (
        "name",
        "history_product",
        "local_date_time_full",
        "apparent_t",
        "rel_hum",
        "wind_dir",
        "wind_spd_kmh",
        "gust_kmh",
        "press_qnh",
        "cloud",
    ),
)


@dataclass(frozen=True)
class Station:
    network_region: str
    station_code: str
    wmo: str
    product_id: str

    @property
    def feed_name(self) -> str:
        return f"{self.product_id}.{self.wmo}.json"

    @property
    def feed_path(self) -> str:
        return f"fwo/{self.product_id}/{self.feed_name}"


def ensure_raw_tables(store: RawStore) -> None:
    """Create `raw.bom_observations` empty if absent (dbt staging reads it before any load)."""
    ensure_tables(store, [OBSERVATIONS])


def parse_observations(name: str, data: bytes) -> list[Records]:
    """`observations.data[]` of a BOM observation JSON, one row per observation."""
    items = json_list(name, json_document(name, data), ("observations", "data"))
    where = "observations.data"
    rows = [record_row(name, item, OBSERVATIONS, f"{where}[{i}]") for i, item in enumerate(items)]
    return [Records(OBSERVATIONS, name, rows)]


def capital_stations(path: Path = STATIONS_CSV) -> list[Station]:
    with path.open(newline="") as stream:
        return [
            Station(row["network_region"], row["station_code"], row["wmo"], row["product_id"])
            for row in csv.DictReader(stream)
        ]


def crawl(
    *,
    store: RawStore,
    stations: list[Station] | None = None,
    base_url: str | None = None,
    client: HttpClient | None = None,
) -> CrawlReport:
    """Fetch every station's feed now and load what is new (a feed changes every half hour)."""
    ensure_raw_tables(store)
    http = client or HttpClient(base_url or get_settings().bom_url)
    files = [
        RemoteRecordFile(station.feed_name, http.url(station.feed_path), final=False)
        for station in stations or capital_stations()
    ]
    try:
        return crawl_files("bom", http, store, files, parse_observations)
    finally:
        if client is None:
            http.close()


OBSERVATIONS_FILE = records_kind(
    "BOM observations JSON (observations.data)",
    r"id[a-z]\d{5}\.\d+\.json",
    json_with(("observations", "data")),
    parse_observations,
    ensure_raw_tables,
)
