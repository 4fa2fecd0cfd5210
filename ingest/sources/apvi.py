"""APVI rooftop PV (pv-map.apvi.org.au) -> `raw.apvi_performance` and `raw.apvi_capacity`.

The daily response `api/v2/2-digit/<YYYY-MM-DD|today>.json` comes in two documented shapes:

- `postcode`: `[{"ts": "2021-11-20T18:15:00Z", "<2-digit postcode prefix>": <performance %>}]`
  with `postcodeCapacity`: `{"<prefix>": <installed capacity>}` (the real 2021 capture);
- `performance`: `{"<prefix>": {"<ts>": <performance %>}}` with `capacity`: `{"<prefix>": ...}`
  (what OpenNEM's current client reads; `performance` is empty in the 2021 capture).

Both land long-form in the same two tables with a `series` column naming the key they came from.
Capacity is in MW (the WA prefixes sum to ~1.96 GW in the 2021 capture). dbt computes
MW = performance / 100 x capacity per 15-minute interval; WA (prefix 6, less the non-SWIS
prefixes 66 and 67) is the rooftop source for the WEM.
"""

from collections.abc import Mapping
from datetime import date
from typing import Any

from ingest.errors import BadFileError
from ingest.formats.records import RawTable, Records, Row, json_document, published_text
from ingest.http import HttpClient
from ingest.loader import ensure_tables
from ingest.sources.files import either, json_with, records_kind
from ingest.sources.record_crawl import CrawlReport, RemoteRecordFile, crawl_files
from ingest.stores import RawStore
from opennem.settings import get_settings

APVI_DAY_PATH = "api/v2/2-digit/{day}.json"
PERFORMANCE = RawTable("apvi_performance", ("ts", "postcode_prefix", "performance", "series"))
CAPACITY = RawTable("apvi_capacity", ("postcode_prefix", "capacity", "series"))
APVI_TABLES = (PERFORMANCE, CAPACITY)
# (performance key, its capacity key), in order of preference when both are present and non-empty
_SHAPES = (("performance", "capacity"), ("postcode", "postcodeCapacity"))


def ensure_raw_tables(store: RawStore) -> None:
    """Create the APVI raw tables empty if absent (dbt staging reads them before any load)."""
    ensure_tables(store, APVI_TABLES)


def parse_apvi(name: str, data: bytes) -> list[Records]:
    """The performance series and capacities of one response, whichever shape carries data."""
    document = json_document(name, data)
    if not isinstance(document, Mapping):
        raise BadFileError(f"{name}: expected a JSON object")
    performance_key, capacity_key = _shape(name, document)
    performance = _performance_rows(name, performance_key, document[performance_key])
    capacity = _capacity_rows(name, capacity_key, document[capacity_key])
    return [Records(PERFORMANCE, name, performance), Records(CAPACITY, name, capacity)]


def day_file(client: HttpClient, day: date | None, today: date) -> RemoteRecordFile:
    """The response for `day` (None or today: `today.json`, refetched until the day is over)."""
    label = "today" if day is None or day >= today else day.isoformat()
    name = f"apvi-2-digit-{(day or today).isoformat()}.json"
    return RemoteRecordFile(
        name, client.url(APVI_DAY_PATH.format(day=label)), final=label != "today"
    )


def crawl(
    days: list[date],
    *,
    store: RawStore,
    today: date,
    base_url: str | None = None,
    client: HttpClient | None = None,
) -> CrawlReport:
    """Fetch and load the responses of `days` (AEST dates); past days load once."""
    ensure_raw_tables(store)
    http = client or HttpClient(base_url or get_settings().apvi_url)
    try:
        files = [day_file(http, day, today) for day in days]
        return crawl_files("apvi", http, store, files, parse_apvi)
    finally:
        if client is None:
            http.close()


def _shape(name: str, document: Mapping[str, Any]) -> tuple[str, str]:
    present = [pair for pair in _SHAPES if pair[0] in document and pair[1] in document]
    if not present:
        wanted = " or ".join(f"{p} + {c}" for p, c in _SHAPES)
        raise BadFileError(f"{name}: missing required fields: expected {wanted}")
    with_data = [pair for pair in present if document[pair[0]]]
    return (with_data or present)[0]


def _performance_rows(name: str, key: str, series: object) -> list[Row]:
    if isinstance(series, list):  # [{"ts": ..., "<prefix>": pct}]
        return [row for i, item in enumerate(series) for row in _timestep(name, key, i, item)]
    if isinstance(series, Mapping):  # {"<prefix>": {"<ts>": pct}}
        return [
            _performance(ts, prefix, value, key)
            for prefix, by_time in series.items()
            for ts, value in _mapping(name, f"{key}.{prefix}", by_time).items()
        ]
    raise BadFileError(f"{name}: {key} is neither a list nor an object")


def _timestep(name: str, key: str, index: int, item: object) -> list[Row]:
    step = _mapping(name, f"{key}[{index}]", item)
    if "ts" not in step:
        raise BadFileError(f"{name}: {key}[{index}]: missing required field ts")
    return [
        _performance(str(step["ts"]), prefix, value, key)
        for prefix, value in step.items()
        if prefix != "ts"
    ]


def _capacity_rows(name: str, key: str, capacities: object) -> list[Row]:
    return [
        {"postcode_prefix": prefix, "capacity": published_text(value), "series": key}
        for prefix, value in _mapping(name, key, capacities).items()
    ]


def _performance(ts: str, prefix: str, value: object, series: str) -> Row:
    return {
        "ts": ts,
        "postcode_prefix": prefix,
        "performance": published_text(value),
        "series": series,
    }


def _mapping(name: str, where: str, node: object) -> Mapping[str, Any]:
    if not isinstance(node, Mapping):
        raise BadFileError(f"{name}: {where}: expected an object, got {type(node).__name__}")
    return node


APVI_FILE = records_kind(
    "APVI pv-map JSON (postcode + postcodeCapacity, or performance + capacity)",
    r"apvi-.*\.json",
    either(
        json_with(("postcode",), ("postcodeCapacity",)),
        json_with(("performance",), ("capacity",)),
    ),
    parse_apvi,
    ensure_raw_tables,
)
