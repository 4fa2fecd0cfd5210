"""WEM parsers and crawl.

No real WEMDE or legacy WEM file exists in the fixtures (see fixtures/PROVENANCE.md, wem/ gap), so
the WEMDE JSON zips and the legacy CSVs below are written here from the formats documented in
OpenNEM's `opennem/clients/wemde.py` and `opennem/clients/wem.py` (field names, nesting, zip
naming). `pulse.csv` is the real AEMO WA sample.
"""

import io
import json
import shutil
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from ingest.loader import load_records
from ingest.sources.wem import crawl, ensure_raw_tables
from ingest.sources.wem.crawl import day_of
from ingest.sources.wem.parsers import (
    parse_balancing_summary,
    parse_facility_scada,
    parse_facility_scada_legacy,
    parse_pulse,
    parse_reference_trading_price,
)
from ingest.stores.duckdb_store import DuckDBRawStore
from tests.support.loopback import LoopbackServer

WEMDE = "public/market-data/wemde"
LEGACY = "public/public-data/datafiles"
SCADA_HEADER = (
    "Trading Date,Interval Number,Trading Interval,Participant Code,Facility Code,"
    "Energy Generated (MWh),EOI Quantity (MW),Extracted At"
)
BALANCING_HEADER = (
    "Trading Date,Interval Number,Trading Interval,Load Forecast (MW),Forecast As At,"
    "Scheduled Generation (MW),Non-Scheduled Generation (MW),Total Generation (MW),"
    "Final Price ($/MWh),Extracted At"
)


def scada_json(day: str, rows: list[tuple[str, str, float]]) -> bytes:
    """A WEMDE facility SCADA document: quantity is MWh per 5-minute dispatch interval."""
    intervals = [
        {"dispatchInterval": f"{day}T{hhmm}:00+08:00", "code": code, "quantity": quantity,
         "participantCode": "WPGENER"}  # an extra field, as AEMO may add
        for hhmm, code, quantity in rows
    ]  # fmt: skip
    return json.dumps({"data": {"facilityScadaDispatchIntervals": intervals}}).encode()


def price_json(day: str) -> bytes:
    """A WEMDE reference trading price trading day (08:00 to 07:30 next day): 48 half-hours, one
    of them priced at $0."""
    start = datetime.fromisoformat(f"{day}T08:00:00")
    prices = [
        {"tradingInterval": f"{start + timedelta(minutes=30 * i):%Y-%m-%dT%H:%M:%S}+08:00",
         "referenceTradingPrice": 0 if i == 3 else 50.5 + i}
        for i in range(48)
    ]  # fmt: skip
    return json.dumps({"data": {"referenceTradingPrices": prices}}).encode()


def zipped(member: str, content: bytes) -> bytes:
    """`content` zipped as `member`, the same bytes on every call (a fixed member time: zipfile
    would stamp the current time, and a file zipped twice would then differ by its sha256)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo(member, date_time=(2024, 12, 1, 0, 0, 0)), content)
    return buffer.getvalue()


LEGACY_SCADA = "\n".join(
    [
        SCADA_HEADER,
        '"2013-01-01",1,2013-01-01 08:00:00,"WPGENER","COLLIE_G1",84.503,,',
        '"2023-09-30",48,2023-09-30 07:30:00,"WPGENER","ALBANY_WF1",3.021,7.159,"2023-10-02"',
    ]
).encode()
BALANCING = "\n".join(
    [
        BALANCING_HEADER,
        '"2023-01-01",1,2023-01-01 08:00:00,998.59,2023-01-01 07:23:08,756.291,292.584,'
        '1048.875,-72.19,"2023-09-12 23:30:16"',
    ]
).encode()


def test_facility_scada_zip_as_published() -> None:
    data = zipped(
        "SCADA_2024-12-01.json",
        scada_json("2024-12-01", [("08:00", "ALBANY_WF1", 1.25), ("08:05", "BW1", 0)]),
    )
    [records] = parse_facility_scada("FacilityScada_20241201.zip", data)
    assert records.source_file == "FacilityScada_20241201.zip/SCADA_2024-12-01.json"
    assert [(r["dispatch_interval"], r["code"], r["quantity"]) for r in records.rows] == [
        ("2024-12-01T08:00:00+08:00", "ALBANY_WF1", "1.25"),
        ("2024-12-01T08:05:00+08:00", "BW1", "0"),
    ]
    assert records.rows[0]["participant_code"] == "WPGENER"  # extra field kept


def test_reference_trading_price_keeps_zero() -> None:
    [records] = parse_reference_trading_price(
        "ReferenceTradingPrice_2024-12-01.json", price_json("2024-12-01")
    )
    assert len(records.rows) == 48
    assert records.rows[3]["reference_trading_price"] == "0"


def test_missing_field_rejects_file_in_ledger() -> None:
    conn = duckdb.connect()
    store = DuckDBRawStore(conn)
    broken = json.dumps(
        {"data": {"facilityScadaDispatchIntervals": [{"dispatchInterval": "x", "code": "A"}]}}
    ).encode()
    result = load_records(store, "FacilityScada_20241201.zip", parse_facility_scada,
                          data=zipped("SCADA_2024-12-01.json", broken))  # fmt: skip
    assert result.status == "rejected"
    assert result.reason == (
        "FacilityScada_20241201.zip/SCADA_2024-12-01.json: data.facilityScadaDispatchIntervals[0]: "
        "missing required field(s) quantity for raw.wem_facility_scada"
    )
    no_prices = b'{"data": {"prices": []}}'
    wrong_key = load_records(store, "ReferenceTradingPrice_2024-12-01.json",
                             parse_reference_trading_price, data=no_prices)  # fmt: skip
    assert wrong_key.reason == (
        "ReferenceTradingPrice_2024-12-01.json: missing required field data.referenceTradingPrices"
    )
    ledger = conn.execute("select status from raw.load_ledger").fetchall()
    assert ledger == [("rejected",), ("rejected",)]


def test_legacy_csvs() -> None:
    [scada] = parse_facility_scada_legacy("facility-scada-2013-01.csv", LEGACY_SCADA)
    assert scada.rows[0]["energy_generated_mwh"] == "84.503"
    assert scada.rows[0]["eoi_quantity_mw"] is None  # empty before 2013-12-17
    [balancing] = parse_balancing_summary("balancing-summary-2023.csv", BALANCING)
    assert balancing.rows[0]["final_price_mwh"] == "-72.19"
    assert balancing.rows[0]["trading_interval"] == "2023-01-01 08:00:00"
    store = DuckDBRawStore(duckdb.connect())
    no_price = BALANCING.replace(b"Final Price ($/MWh)", b"Price")
    result = load_records(
        store, "balancing-summary-2023.csv", parse_balancing_summary, data=no_price
    )
    assert result.reason == (
        "balancing-summary-2023.csv: header: missing required field(s) final_price_mwh "
        "for raw.wem_balancing_summary"
    )


def test_real_pulse(fixtures_dir: Path) -> None:
    [records] = parse_pulse("pulse.csv", (fixtures_dir / "wem" / "pulse.csv").read_bytes())
    assert len(records.rows) == 145
    first, last = records.rows[0], records.rows[-1]
    assert (first["trading_day_interval"], first["price"]) == ("2021-11-19 16:00:00", "40.06")
    assert first["as_at"] == "2021-11-21 16:00:00"
    assert last["actual_total_generation"] is None and last["forecast_mw"] == "1800.495"
    forecasts = [r for r in records.rows if r["actual_total_generation"] is None]
    assert forecasts[0]["trading_day_interval"] > "2021-11-21"


def test_day_of_names() -> None:
    assert day_of("FacilityScada_20241201.zip") == date(2024, 12, 1)
    assert day_of("ReferenceTradingPrice_2024-01-13.json") == date(2024, 1, 13)
    assert day_of("README.txt") is None


def build_site(root: Path, fixtures_dir: Path) -> None:
    """AEMO WA's data site layout: WEMDE previous/ zips and current/ JSON, legacy CSVs, pulse."""
    files = {
        f"{WEMDE}/facilityScada/previous/FacilityScada_20241130.zip": zipped(
            "SCADA_2024-11-30.json", scada_json("2024-11-30", [("08:00", "OLD", 9.0)])
        ),
        f"{WEMDE}/facilityScada/previous/FacilityScada_20241201.zip": zipped(
            "SCADA_2024-12-01.json",
            scada_json("2024-12-01", [("08:00", "ALBANY_WF1", 1.25), ("08:05", "ALBANY_WF1", 0)]),
        ),
        f"{WEMDE}/facilityScada/current/SCADA_2024-12-02.json": scada_json(
            "2024-12-02", [("00:00", "ALBANY_WF1", 2.5)]
        ),
        f"{WEMDE}/referenceTradingPrice/previous/ReferenceTradingPrice_20241201.zip": zipped(
            "ReferenceTradingPrice_2024-12-01.json", price_json("2024-12-01")
        ),
        f"{LEGACY}/facility-scada/facility-scada-2023-09.csv": LEGACY_SCADA,
        f"{LEGACY}/balancing-summary/balancing-summary-2023.csv": BALANCING,
    }
    for path, content in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(content)
    (root / WEMDE / "referenceTradingPrice/current").mkdir()  # listed, empty
    (root / "public/infographic/neartime").mkdir(parents=True)
    shutil.copy(fixtures_dir / "wem" / "pulse.csv", root / "public/infographic/neartime/pulse.csv")


@pytest.fixture
def site(tmp_path: Path, fixtures_dir: Path) -> LoopbackServer:
    build_site(tmp_path / "site", fixtures_dir)
    return LoopbackServer(tmp_path / "site")


def test_crawl_wemde_window_and_ledger(site: LoopbackServer) -> None:
    conn = duckdb.connect()
    store = DuckDBRawStore(conn)
    with site:
        site.fail(f"/{WEMDE}/facilityScada/current/SCADA_2024-12-02.json", 503, times=1)
        report = crawl(
            "facility_scada", store=store, since=date(2024, 12, 1), base_url=site.base_url
        )
        assert report.names("loaded") == ["FacilityScada_20241201.zip", "SCADA_2024-12-02.json"]
        rows = conn.execute(
            "select dispatch_interval, code, quantity from raw.wem_facility_scada order by 1"
        ).fetchall()
        assert rows == [
            ("2024-12-01T08:00:00+08:00", "ALBANY_WF1", "1.25"),
            ("2024-12-01T08:05:00+08:00", "ALBANY_WF1", "0"),
            ("2024-12-02T00:00:00+08:00", "ALBANY_WF1", "2.5"),
        ]
        again = crawl(
            "facility_scada", store=store, since=date(2024, 12, 1), base_url=site.base_url
        )
        assert again.already_loaded == ["FacilityScada_20241201.zip"]  # previous/: final
        assert again.names("skipped") == [
            "SCADA_2024-12-02.json"
        ]  # current/: refetched, same bytes
        zip_path = f"/{WEMDE}/facilityScada/previous/FacilityScada_20241201.zip"
        assert site.hits(zip_path) == 1
        assert all(request.user_agent for request in site.requests)


def test_crawl_legacy_pulse_and_missing_files(site: LoopbackServer) -> None:
    conn = duckdb.connect()
    store = DuckDBRawStore(conn)
    with site:
        prices = crawl("reference_trading_price", store=store, base_url=site.base_url)
        scada = crawl("facility_scada_legacy", store=store, since=date(2023, 8, 1),
                      until=date(2024, 1, 1), base_url=site.base_url)  # fmt: skip
        balancing = crawl(
            "balancing_summary", store=store, since=date(2023, 1, 1), base_url=site.base_url
        )
        pulse = crawl("pulse", store=store, base_url=site.base_url)
    assert prices.names("loaded") == ["ReferenceTradingPrice_20241201.zip"]
    assert scada.names("failed") == ["facility-scada-2023-08.csv"]  # 404: not on the mirror
    assert "HTTP 404" in (scada.outcomes[0].reason or "")
    assert scada.names("loaded") == ["facility-scada-2023-09.csv"]  # capped at the WEMDE start
    assert balancing.names("loaded") == ["balancing-summary-2023.csv"]
    assert pulse.outcomes[0].row_counts == {"wem_pulse": 145}
    counts = conn.execute(
        "select (select count(*) from raw.wem_reference_trading_price),"
        " (select count(*) from raw.wem_facility_scada_legacy),"
        " (select count(*) from raw.wem_facility_scada)"
    ).fetchone()
    assert counts == (48, 2, 0)  # every WEM raw table exists, empty until loaded


def test_ensure_raw_tables_then_unknown_dataset() -> None:
    conn = duckdb.connect()
    store = DuckDBRawStore(conn)
    ensure_raw_tables(store)
    names = conn.execute(
        "select table_name from information_schema.tables where table_schema = 'raw' order by 1"
    ).fetchall()
    assert [n for (n,) in names] == [
        "wem_balancing_summary",
        "wem_facility_scada",
        "wem_facility_scada_legacy",
        "wem_pulse",
        "wem_reference_trading_price",
    ]
    with pytest.raises(KeyError, match="unknown WEM dataset 'scada'"):
        crawl("scada", store=store, base_url="http://127.0.0.1:9")
