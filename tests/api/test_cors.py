"""CORS: a browser page on localhost (any port) or a configured origin may call the API; a
foreign origin's preflight is refused and its answers carry no CORS grant."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.reader import DuckDBServingReader
from opennem.settings import get_settings
from tests.support.protection import serving_marts


@pytest.fixture
def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("OPENNEM_CORS_ORIGINS", '["https://energy.example.org"]')
    get_settings.cache_clear()
    try:
        app = create_app(DuckDBServingReader(serving_marts(tmp_path / "w.serving.duckdb")))
    finally:
        get_settings.cache_clear()
    with TestClient(app) as test_client:
        yield test_client


def preflight(client: TestClient, origin: str) -> tuple[int, str | None]:
    response = client.options(
        "/v4/data/network/NEM",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization",
        },
    )
    return response.status_code, response.headers.get("access-control-allow-origin")


@pytest.mark.parametrize(
    "origin",
    [
        "http://localhost:5173",
        "http://127.0.0.1:8080",
        "http://localhost",
        "https://energy.example.org",
    ],
)
def test_preflight_from_localhost_or_a_configured_origin_is_allowed(
    client: TestClient, origin: str
) -> None:
    assert preflight(client, origin) == (200, origin)


@pytest.mark.parametrize(
    "origin", ["https://evil.example", "http://localhost.evil.example", "http://127.0.0.1.nip.io"]
)
def test_preflight_from_a_foreign_origin_is_refused(client: TestClient, origin: str) -> None:
    status, allowed = preflight(client, origin)
    assert status == 400 and allowed is None
    response = client.get("/v4/health", headers={"Origin": origin})
    assert "access-control-allow-origin" not in response.headers


def test_a_simple_request_from_localhost_is_granted(client: TestClient) -> None:
    response = client.get("/v4/health", headers={"Origin": "http://localhost:3000"})
    assert response.headers["access-control-allow-origin"] == "http://localhost:3000"
