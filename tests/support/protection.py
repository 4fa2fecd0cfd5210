"""Helpers for the protection tests: a marts file, a protected app, unique Redis prefixes."""

import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import redis

from api.keys import KeyStore
from api.limits import Limiter, RedisLimiter
from api.plans import DEFAULT_PLANS, Plan
from api.protection import Protection
from tests.api.conftest import write_marts
from tests.api.series_rows import fueltech_5m

REDIS_URL = "redis://127.0.0.1:6379/0"
DATA_PATH = "/v4/facilities/"


def serving_marts(path: Path) -> Path:
    """A serving file with a little network data (enough for 200 answers)."""
    return write_marts(
        path,
        {"fct_fueltech_intervals_5m_v1": fueltech_5m(datetime(2024, 7, 1), 12, "SA1", "wind", 1)},
    )


def plans_with(**extra: Plan) -> dict[str, Plan]:
    return {**DEFAULT_PLANS, **extra}


def protection(
    store: KeyStore,
    limiter: Limiter,
    plans: Mapping[str, Plan],
    anonymous: str = "community",
    page: str | None = "page",
) -> Protection:
    return Protection(store, limiter, plans, anonymous, page)


def delete_prefixed(prefix: str) -> None:
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(match=f"{prefix}*"):
        client.delete(key)


@contextmanager
def redis_limiter() -> Iterator[RedisLimiter]:
    """A limiter on the real Redis under a prefix of its own, deleted afterwards."""
    prefix = f"opennem:test:{uuid.uuid4().hex}:"
    try:
        yield RedisLimiter(REDIS_URL, prefix=prefix)
    finally:
        delete_prefixed(prefix)
