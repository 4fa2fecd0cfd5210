"""The DuckDB serving reader: follows a replaced file, reports a missing one; /health."""

import os
from pathlib import Path

import pytest
from starlette.testclient import TestClient

import api.reader
from api.app import create_app
from api.reader import DuckDBServingReader, MartsUnavailable
from opennem.settings import get_settings
from tests.api.conftest import write_marts

FACILITY = ("HPR", "Hornsdale Power Reserve", "NEM", "SA1", "Neoen")


def test_reader_follows_atomic_replacement(tmp_path: Path) -> None:
    serving = write_marts(tmp_path / "w.serving.duckdb", {"dim_facilities_v1": [FACILITY]})
    reader = DuckDBServingReader(serving)
    sql = "select facility_code from marts.dim_facilities_v1 order by 1"
    assert reader.query(sql) == [("HPR",)]
    staged = write_marts(
        tmp_path / "w.tmp", {"dim_facilities_v1": [FACILITY, ("BAYSW", "B", "NEM", "NSW1", "AGL")]}
    )
    os.replace(staged, serving)
    assert reader.query(sql) == [("BAYSW",), ("HPR",)]
    reader.close()


def replace_with(serving: Path, *facilities: tuple[str, ...]) -> None:
    """Publish a new serving file at `serving` as the publisher does (a new file, os.replace)."""
    staged = write_marts(serving.with_suffix(".tmp"), {"dim_facilities_v1": list(facilities)})
    os.replace(staged, serving)


def attached(reader: DuckDBServingReader) -> list[tuple[str, str]]:
    """(the database a query runs on, every serving file attached to the reader's instance)."""
    rows = reader.query(
        "select current_database(), string_agg(database_name, ',' order by database_name) "
        "from duckdb_databases() where database_name like 'serving_%'"
    )
    return [(str(current), str(every)) for current, every in rows]


def test_a_query_running_on_the_replaced_file_finishes_on_it(tmp_path: Path) -> None:
    serving = write_marts(tmp_path / "w.serving.duckdb", {"dim_facilities_v1": [FACILITY]})
    reader = DuckDBServingReader(serving)
    running = reader.batches("select range as n from range(200000)")
    assert next(running).num_rows == api.reader.BATCH_ROWS
    replace_with(serving, ("BAYSW", "B", "NEM", "NSW1", "AGL"))
    sql = "select facility_code from marts.dim_facilities_v1"
    assert reader.query(sql) == [("BAYSW",)]
    assert attached(reader) == [("serving_1", "serving_0,serving_1")]
    assert sum(batch.num_rows for batch in running) == 200000 - api.reader.BATCH_ROWS
    assert attached(reader) == [("serving_1", "serving_1")]
    reader.close()


def test_swaps_attach_to_one_instance_until_it_is_renewed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(api.reader, "RENEW_AFTER", 3)
    serving = write_marts(tmp_path / "w.serving.duckdb", {"dim_facilities_v1": [FACILITY]})
    reader = DuckDBServingReader(serving)
    seen = attached(reader)
    for code in ("A", "B", "C", "D"):
        replace_with(serving, (code, code, "NEM", "SA1", "Neoen"))
        seen += attached(reader)
    names = ["serving_0", "serving_1", "serving_2", "serving_0", "serving_1"]
    assert seen == [(name, name) for name in names]
    reader.close()


def test_missing_serving_file_is_unavailable(tmp_path: Path) -> None:
    reader = DuckDBServingReader(tmp_path / "absent.serving.duckdb")
    with pytest.raises(MartsUnavailable, match=r"absent\.serving\.duckdb"):
        reader.query("select 1")
    client = TestClient(create_app(reader))
    health = client.get("/health")
    assert health.status_code == 503
    assert health.json()["marts_readable"] is False
    data = client.get("/v4/data/network/NEM", params={"metrics": "power"})
    assert data.status_code == 503
    assert data.json()["success"] is False


def test_health_reports_readable_marts(tmp_path: Path) -> None:
    serving = write_marts(tmp_path / "w.serving.duckdb", {})
    body = TestClient(create_app(DuckDBServingReader(serving))).get("/v4/health").json()
    assert body["status"] == "ok"
    assert set(body["marts"].values()) == {"ok"}


def test_openapi_describes_the_endpoints(tmp_path: Path) -> None:
    serving = write_marts(tmp_path / "w.serving.duckdb", {})
    doc = TestClient(create_app(DuckDBServingReader(serving))).get("/openapi.json").json()
    assert {
        "/v4/data/network/{network_code}",
        "/v4/market/network/{network_code}",
        "/v4/facilities/",
    } <= doc["paths"].keys()
    params = {
        p["name"]: p for p in doc["paths"]["/v4/data/network/{network_code}"]["get"]["parameters"]
    }
    assert params["interval"]["schema"]["enum"] == [
        "5m",
        "30m",
        "1h",
        "1d",
        "7d",
        "1M",
        "3M",
        "season",
        "1y",
        "fy",
    ]
    assert {"metrics", "date_start", "date_end", "secondary_grouping", "fueltech"} <= params.keys()


def test_create_app_without_arguments_reads_the_configured_serving_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_marts(tmp_path / "w.serving.duckdb", {"dim_facilities_v1": [FACILITY]})
    monkeypatch.setenv("OPENNEM_DATABASE_URL", f"duckdb:///{tmp_path / 'w.duckdb'}")
    get_settings.cache_clear()
    try:
        app = create_app()
    finally:
        get_settings.cache_clear()
    assert TestClient(app).get("/health").json()["status"] == "ok"
