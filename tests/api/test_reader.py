"""The DuckDB serving reader: reopens a replaced file, reports a missing one; /health."""

import os
from pathlib import Path

import pytest
from starlette.testclient import TestClient

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
