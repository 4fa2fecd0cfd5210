"""The Redis cache with a few seconds' copy in the process: hot entries read from the process,
entries shared through Redis (the real server on 127.0.0.1:6379) between processes; concurrent
misses of one key built once."""

import threading
import time
import uuid
from collections.abc import Iterator

import pytest
import redis

from api.cache import KeyLocks, MemoryCache, RedisCache, TieredCache, cache_for

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def shared() -> Iterator[RedisCache]:
    cache = RedisCache(REDIS_URL, prefix=f"opennem-test:{uuid.uuid4().hex}:")
    yield cache
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{cache.prefix}*"):
        client.delete(key)


def test_an_entry_is_shared_and_then_read_from_the_process(shared: RedisCache) -> None:
    one, other = TieredCache(MemoryCache(), shared), TieredCache(MemoryCache(), shared)
    one.set("key", b"body")
    first = other.get("key")
    redis.Redis.from_url(REDIS_URL).delete(shared.prefix + "key")

    assert (first, other.get("key"), one.get("key")) == (b"body", b"body", b"body")
    assert TieredCache(MemoryCache(), shared).get("key") is None


def test_the_copy_expires_back_to_redis(shared: RedisCache) -> None:
    cache = TieredCache(MemoryCache(ttl_s=-1), shared)
    cache.set("key", b"body")
    redis.Redis.from_url(REDIS_URL).delete(shared.prefix + "key")
    assert cache.get("key") is None


def test_redis_url_selects_the_tiered_cache() -> None:
    assert isinstance(cache_for(REDIS_URL), TieredCache)
    assert isinstance(cache_for(None), MemoryCache)


def test_concurrent_misses_of_one_key_build_once() -> None:
    locks, cache, builds = KeyLocks(), MemoryCache(), []

    def answer() -> None:
        with locks.hold("key"):
            if cache.get("key") is None:
                builds.append(1)
                cache.set("key", b"body")

    with locks.hold("key"):  # the first miss is building while the others arrive
        threads = [threading.Thread(target=answer) for _ in range(4)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 10
        while locks.waiting("key") < 5 and time.monotonic() < deadline:
            time.sleep(0.001)
        cache.set("key", b"built by the first")
    for thread in threads:
        thread.join(timeout=10)

    assert (builds, cache.get("key"), locks.waiting("key")) == ([], b"built by the first", 0)
