"""A cache of data responses: Redis when `OPENNEM_REDIS_URL` is set (with a copy of hot entries
kept a few seconds in the process), else in the process.

A key holds the request's path and query and the reader's data version, so publishing a new
serving file retires every entry at once; entries also expire after `ttl_s` (the only bound on
engines whose readers have no version). A cache outage never fails a request: it is a miss.
"""

import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

import redis
from starlette.requests import Request

DEFAULT_TTL_S = 60.0
KEY_PREFIX = "opennem:api:gz:"  # bodies gzip-compressed (api.compression)


class KeyLocks:
    """A lock per key in use: concurrent misses of one key build its body once, the others wait
    for it and then read the cache (no stampede when a popular entry expires)."""

    def __init__(self) -> None:
        self._held: dict[str, tuple[threading.Lock, int]] = {}
        self._guard = threading.Lock()

    def waiting(self, key: str) -> int:
        """How many callers hold or wait for `key`'s lock."""
        with self._guard:
            return self._held.get(key, (None, 0))[1]

    @contextmanager
    def hold(self, key: str) -> Iterator[None]:
        with self._guard:
            lock, users = self._held.get(key, (threading.Lock(), 0))
            self._held[key] = (lock, users + 1)
        try:
            with lock:
                yield
        finally:
            with self._guard:
                users = self._held[key][1] - 1
                if users:
                    self._held[key] = (lock, users)
                else:
                    del self._held[key]


class ResponseCache(Protocol):
    def get(self, key: str) -> bytes | None: ...

    def set(self, key: str, body: bytes) -> None: ...


class MemoryCache:
    """A bounded in-process LRU of response bodies with a time to live."""

    def __init__(self, ttl_s: float = DEFAULT_TTL_S, max_entries: int = 256) -> None:
        self.ttl_s = ttl_s
        self.max_entries = max_entries
        self._entries: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] < time.monotonic():
                self._entries.pop(key, None)
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def set(self, key: str, body: bytes) -> None:
        with self._lock:
            self._entries[key] = (time.monotonic() + self.ttl_s, body)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)


class RedisCache:
    """Response bodies in Redis, shared by every API process, expiring after `ttl_s`."""

    def __init__(self, url: str, ttl_s: float = DEFAULT_TTL_S, prefix: str = KEY_PREFIX) -> None:
        self._redis = redis.Redis.from_url(url, socket_timeout=1.0, socket_connect_timeout=1.0)
        self.ttl_ms = int(ttl_s * 1000)
        self.prefix = prefix

    def get(self, key: str) -> bytes | None:
        try:
            body = self._redis.get(self.prefix + key)
        except redis.RedisError:
            return None
        return body if isinstance(body, bytes) else None

    def set(self, key: str, body: bytes) -> None:
        try:
            self._redis.set(self.prefix + key, body, px=self.ttl_ms)
        except redis.RedisError:
            return


class TieredCache:
    """A short-lived copy in the process in front of a shared cache: a hot entry is fetched from
    Redis once per `near` ttl, not on every request. An entry never changes (its key holds the
    data version), so the copy only extends its life by at most the near ttl."""

    def __init__(self, near: ResponseCache, far: ResponseCache) -> None:
        self.near = near
        self.far = far

    def get(self, key: str) -> bytes | None:
        body = self.near.get(key)
        if body is None:
            body = self.far.get(key)
            if body is not None:
                self.near.set(key, body)
        return body

    def set(self, key: str, body: bytes) -> None:
        self.far.set(key, body)
        self.near.set(key, body)


NEAR_TTL_S = 5.0


def cache_for(redis_url: str | None) -> ResponseCache:
    if not redis_url:
        return MemoryCache()
    return TieredCache(MemoryCache(ttl_s=NEAR_TTL_S), RedisCache(redis_url))


def cache_key(request: Request, data_version: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in sorted(request.query_params.multi_items()))
    return f"{data_version}|{request.url.path}?{query}"
