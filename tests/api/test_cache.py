"""The response cache: in-process by default, Redis (the real server on 127.0.0.1:6379) when
configured; a newly published serving file is never answered from the cache."""

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from starlette.testclient import TestClient

from api.app import create_app
from api.cache import MemoryCache, RedisCache, ResponseCache
from api.reader import DuckDBServingReader
from tests.api.conftest import write_marts

REDIS_URL = "redis://127.0.0.1:6379/0"
FACILITY = ("HPR", "Hornsdale Power Reserve", "NEM", "SA1", "Neoen")
OTHER = ("BAYSW", "Bayswater", "NEM", "NSW1", "AGL")
UNIT = ("HPR1", "HPR", "NEM", "SA1", "battery", "battery", False, "BIDIRECTIONAL", 150.0, 0.0)
OTHER_UNIT = ("BW01", "BAYSW", "NEM", "NSW1", "coal_black", "coal", False, "GENERATOR", 660.0, 0.9)
ONE = {"dim_facilities_v1": [FACILITY], "dim_units_v1": [(*UNIT, "aemo", "operating")]}
TWO = {
    "dim_facilities_v1": [FACILITY, OTHER],
    "dim_units_v1": [(*UNIT, "aemo", "operating"), (*OTHER_UNIT, "aemo", "operating")],
}


@pytest.fixture
def redis_cache() -> Iterator[RedisCache]:
    cache = RedisCache(REDIS_URL, prefix=f"opennem-test:{uuid.uuid4().hex}:")
    yield cache
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{cache.prefix}*"):
        client.delete(key)


def facility_codes(client: TestClient) -> tuple[str, list[str]]:
    response = client.get("/v4/facilities/")
    assert response.status_code == 200, response.text
    return response.headers["x-cache"], [f["code"] for f in response.json()["data"]]


@pytest.mark.parametrize("kind", ["memory", "redis"])
def test_repeat_is_a_hit_and_a_new_serving_file_a_miss(
    kind: str, tmp_path: Path, redis_cache: RedisCache
) -> None:
    cache: ResponseCache = MemoryCache() if kind == "memory" else redis_cache
    serving = write_marts(tmp_path / "w.serving.duckdb", ONE)
    client = TestClient(create_app(DuckDBServingReader(serving), cache))

    first, again = facility_codes(client), facility_codes(client)
    staged = write_marts(tmp_path / "w.tmp", TWO)
    os.replace(staged, serving)
    published = facility_codes(client)

    assert first == ("miss", ["HPR"])
    assert again == ("hit", ["HPR"])
    assert published == ("miss", ["BAYSW", "HPR"])


def test_bad_parameters_are_answered_not_cached(tmp_path: Path) -> None:
    cache = MemoryCache()
    serving = write_marts(tmp_path / "w.serving.duckdb", {})
    client = TestClient(create_app(DuckDBServingReader(serving), cache))

    responses = [client.get("/v4/data/network/NEM", params={"interval": "2m"}) for _ in range(2)]

    assert [r.status_code for r in responses] == [400, 400]
    assert all("x-cache" not in r.headers for r in responses)


def test_entries_expire_and_the_oldest_is_evicted() -> None:
    expired, bounded = MemoryCache(ttl_s=-1), MemoryCache(max_entries=2)
    expired.set("a", b"1")
    for key in ("a", "b", "c"):
        bounded.set(key, key.encode())

    assert expired.get("a") is None
    assert [bounded.get(key) for key in ("a", "b", "c")] == [None, b"b", b"c"]


def test_redis_outage_is_a_miss_not_an_error() -> None:
    unreachable = RedisCache("redis://127.0.0.1:1/0")

    unreachable.set("key", b"body")

    assert unreachable.get("key") is None
