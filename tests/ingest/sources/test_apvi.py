"""APVI rooftop PV: the real 2021 capture (`postcode` + `postcodeCapacity`; `performance` empty),
and a file written from the documented `performance` + `capacity` shape that OpenNEM's current
client reads (`{prefix: {ts: %}}`, `{prefix: capacity}`), since no real capture of it exists."""

import json
import shutil
from datetime import date
from pathlib import Path

import duckdb

from ingest.http import HttpClient
from ingest.loader import load_records
from ingest.sources.apvi import crawl, day_file, parse_apvi
from ingest.stores.duckdb_store import DuckDBRawStore
from tests.support.loopback import LoopbackServer

CAPTURE = "apvi/apvi_forecast_response.json"
PERFORMANCE_DOC = {
    "performance": {
        "61": {"2024-01-10T04:00:00Z": 50, "2024-01-10T04:15:00Z": 0},
        "66": {"2024-01-10T04:00:00Z": 80},  # WA outside the SWIS
        "20": {"2024-01-10T04:00:00Z": 25.5},
    },
    "capacity": {"61": 400.0, "66": 100.0, "20": 1000.0},
    "load": {},
}


def test_parse_real_capture(fixtures_dir: Path) -> None:
    performance, capacity = parse_apvi("apvi.json", (fixtures_dir / CAPTURE).read_bytes())
    assert {row["series"] for row in performance.rows} == {"postcode"}
    assert len(performance.rows) == 1615
    last = [row for row in performance.rows if row["ts"] == "2021-11-21T03:00:00Z"]
    assert {"ts": "2021-11-21T03:00:00Z", "postcode_prefix": "61", "performance": "60",
            "series": "postcode"} in last  # fmt: skip
    assert len(capacity.rows) == 75
    wa = sum(float(r["capacity"] or 0) for r in capacity.rows if r["postcode_prefix"][0] == "6")
    assert round(wa, 1) == 1959.3  # MW: ~2 GW of WA rooftop PV in 2021


def test_parse_documented_performance_shape() -> None:
    performance, capacity = parse_apvi("p.json", json.dumps(PERFORMANCE_DOC).encode())
    assert {row["series"] for row in performance.rows} == {"performance"}
    assert {"ts": "2024-01-10T04:15:00Z", "postcode_prefix": "61", "performance": "0",
            "series": "performance"} in performance.rows  # fmt: skip
    assert {"postcode_prefix": "20", "capacity": "1000.0", "series": "capacity"} in capacity.rows


def test_missing_shape_rejects() -> None:
    result = load_records(
        DuckDBRawStore(duckdb.connect()), "apvi.json", parse_apvi, data=b'{"performance": {}}'
    )
    assert result.status == "rejected"
    assert result.reason == (
        "apvi.json: missing required fields: expected performance + capacity or "
        "postcode + postcodeCapacity"
    )


def test_day_files() -> None:
    client = HttpClient("http://127.0.0.1:9")
    today = date(2024, 1, 10)
    past = day_file(client, date(2024, 1, 9), today)
    assert (past.name, past.url, past.final) == (
        "apvi-2-digit-2024-01-09.json", "http://127.0.0.1:9/api/v2/2-digit/2024-01-09.json", True,
    )  # fmt: skip
    assert day_file(client, today, today).url.endswith("/today.json")
    assert not day_file(client, None, today).final


def test_crawl_over_loopback(tmp_path: Path, fixtures_dir: Path) -> None:
    (tmp_path / "api/v2/2-digit").mkdir(parents=True)
    shutil.copy(fixtures_dir / CAPTURE, tmp_path / "api/v2/2-digit/2021-11-20.json")
    (tmp_path / "api/v2/2-digit/today.json").write_text(json.dumps(PERFORMANCE_DOC))
    conn = duckdb.connect()
    store = DuckDBRawStore(conn)
    with LoopbackServer(tmp_path) as server:
        days = [date(2021, 11, 20), date(2024, 1, 10)]
        report = crawl(days, store=store, today=date(2024, 1, 10), base_url=server.base_url)
        again = crawl(days, store=store, today=date(2024, 1, 10), base_url=server.base_url)
        assert server.hits("/api/v2/2-digit/2021-11-20.json") == 1
    assert report.names("loaded") == [
        "apvi-2-digit-2021-11-20.json",
        "apvi-2-digit-2024-01-10.json",
    ]
    assert again.already_loaded == ["apvi-2-digit-2021-11-20.json"]
    assert again.names("skipped") == ["apvi-2-digit-2024-01-10.json"]
    series = conn.execute("select series, count(*) from raw.apvi_performance group by 1 order by 1")
    assert series.fetchall() == [("performance", 4), ("postcode", 1615)]
