"""BOM observations: the real Mildura feed (fixtures/bom), the station seed, a loopback crawl."""

import json
import shutil
from pathlib import Path

import duckdb

from ingest.loader import load_records
from ingest.sources.bom import Station, capital_stations, crawl, parse_observations
from ingest.stores.duckdb_store import DuckDBRawStore
from tests.support.loopback import LoopbackServer

MILDURA = "bom/IDV60801.94693.json"


def test_parse_real_feed(fixtures_dir: Path) -> None:
    [records] = parse_observations("IDV60801.94693.json", (fixtures_dir / MILDURA).read_bytes())
    assert len(records.rows) == 162
    first = records.rows[0]
    assert (first["wmo"], first["aifstime_utc"], first["air_temp"]) == (
        "94693", "20160706110000", "10.0",
    )  # fmt: skip
    assert first["cloud"] == "-" and first["cloud_base_m"] is None  # as published
    assert len({row["aifstime_utc"] for row in records.rows}) == 162


def test_missing_air_temp_rejects(fixtures_dir: Path) -> None:
    feed = json.loads((fixtures_dir / MILDURA).read_text())
    del feed["observations"]["data"][5]["air_temp"]
    store = DuckDBRawStore(duckdb.connect())
    result = load_records(store, "IDV60801.94693.json", parse_observations,
                          data=json.dumps(feed).encode())  # fmt: skip
    assert result.status == "rejected"
    assert result.reason == (
        "IDV60801.94693.json: observations.data[5]: missing required field(s) air_temp "
        "for raw.bom_observations"
    )


def test_capital_stations_from_seed() -> None:
    stations = {station.network_region: station for station in capital_stations()}
    assert set(stations) == {"NSW1", "QLD1", "SA1", "TAS1", "VIC1", "WEM", "ACT1", "NT1"}
    assert stations["NSW1"] == Station("NSW1", "066214", "94768", "IDN60801")
    assert stations["WEM"].feed_path == "fwo/IDW60801/IDW60801.94610.json"


def test_crawl_over_loopback(tmp_path: Path, fixtures_dir: Path) -> None:
    (tmp_path / "fwo/IDV60801").mkdir(parents=True)
    shutil.copy(fixtures_dir / MILDURA, tmp_path / "fwo/IDV60801/IDV60801.94693.json")
    stations = [
        Station("VIC1", "076031", "94693", "IDV60801"),  # Mildura, the real feed
        Station("WEM", "009021", "94610", "IDW60801"),  # not on the mirror: 404
    ]
    conn = duckdb.connect()
    store = DuckDBRawStore(conn)
    with LoopbackServer(tmp_path) as server:
        report = crawl(store=store, stations=stations, base_url=server.base_url)
        again = crawl(store=store, stations=stations, base_url=server.base_url)
        assert server.hits("/fwo/IDV60801/IDV60801.94693.json") == 2  # live feed: refetched
    assert report.names("loaded") == ["IDV60801.94693.json"]
    assert report.names("failed") == ["IDW60801.94610.json"]
    assert again.names("skipped") == ["IDV60801.94693.json"]  # same bytes: sha256 dedup
    assert conn.execute("select count(*) from raw.bom_observations").fetchone() == (162,)
