"""The API's readers on PostgreSQL and ClickHouse (chDB): chosen from OPENNEM_DATABASE_URL,
qmark parameters (and a literal %) pass through, a missing mart is `MartsUnavailable`."""

import pytest
from starlette.testclient import TestClient

from api.app import create_app, default_reader, reader_for
from api.engine_readers import ClickHouseReader, PostgresReader, format_placeholders
from opennem.settings import get_settings
from opennem.warehouse import WarehouseUrl


def test_format_placeholders_escapes_modulo() -> None:
    assert format_placeholders("select 7 % 3 where a = ?") == "select 7 %% 3 where a = %s"


def test_default_reader_follows_the_url(
    engine_warehouse: WarehouseUrl, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENNEM_DATABASE_URL", engine_warehouse.url)
    get_settings.cache_clear()
    try:
        reader = default_reader()
    finally:
        get_settings.cache_clear()
    expected = PostgresReader if engine_warehouse.engine == "postgres" else ClickHouseReader
    assert isinstance(reader, expected)
    assert reader.query("select ? + 1, 7 % 3", [41]) == [(42, 1)]


def test_missing_marts_make_health_degraded(engine_warehouse: WarehouseUrl) -> None:
    body = TestClient(create_app(reader_for(engine_warehouse))).get("/v4/health")
    assert body.status_code == 503
    assert body.json()["status"] == "degraded"
    assert all(reason != "ok" for reason in body.json()["marts"].values())
