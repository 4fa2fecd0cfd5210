"""The protection's cost per request: a constant endpoint bare, behind the middleware with
in-process limits, and behind it with a key looked up in SQLite and limits in Redis.

    uv run python benchmarks/bench_protection.py [--requests 5000]

Calls the ASGI app directly (no HTTP), so the ratio is the middleware's own overhead.
"""

import argparse
import asyncio
import statistics
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

import redis
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from api.keys import KeyStore
from api.limits import Limiter, MemoryLimiter, RedisLimiter
from api.plans import DEFAULT_PLANS, Plan
from api.protection import Protection, ProtectionMiddleware

REDIS_URL = "redis://127.0.0.1:6379/0"
UNLIMITED = Plan("bench", credits_per_day=None, requests_per_second=1e9)
Call = Callable[[], Awaitable[None]]


async def constant(request: Request) -> Response:
    return Response(b'{"ok":true}', media_type="application/json")


def app(protection: Protection | None) -> Starlette:
    guard = [Middleware(ProtectionMiddleware, protection=protection)] if protection else []
    return Starlette(routes=[Route("/v4/data", constant)], middleware=guard)


def caller(asgi: Starlette, headers: list[tuple[bytes, bytes]]) -> Call:
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/v4/data",
        "raw_path": b"/v4/data",
        "query_string": b"",
        "headers": headers,
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
        "scheme": "http",
        "http_version": "1.1",
        "root_path": "",
    }

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, object]) -> None:
        if message["type"] == "http.response.start":
            assert message["status"] == 200, message

    async def call() -> None:
        await asgi(dict(scope), receive, send)  # type: ignore[arg-type]

    return call


async def per_request_us(call: Call, requests: int) -> float:
    for _ in range(200):
        await call()
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        await call()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1e6


def protected(store: KeyStore, limiter: Limiter) -> Protection:
    return Protection(store, limiter, {**DEFAULT_PLANS, "bench": UNLIMITED}, "bench")


async def main(requests: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = KeyStore(Path(folder) / "keys.sqlite")
        _, secret = store.create("bench", "bench")
        keyed = [(b"authorization", f"Bearer {secret}".encode())]
        prefix = f"opennem:bench:{uuid.uuid4().hex}:"
        variants = {
            "bare endpoint (baseline)": caller(app(None), []),
            "anonymous, in-process limits": caller(app(protected(store, MemoryLimiter())), []),
            "key in SQLite, in-process limits": caller(
                app(protected(store, MemoryLimiter())), keyed
            ),
            "key in SQLite, Redis limits": caller(
                app(protected(store, RedisLimiter(REDIS_URL, prefix))), keyed
            ),
        }
        try:
            results = {
                name: await per_request_us(call, requests) for name, call in variants.items()
            }
        finally:
            client = redis.Redis.from_url(REDIS_URL)
            for key in client.scan_iter(match=f"{prefix}*"):
                client.delete(key)
    baseline = results["bare endpoint (baseline)"]
    print(f"{'variant':<36} {'median us':>10} {'x bare':>8} {'+us':>8}")
    for name, micros in results.items():
        print(f"{name:<36} {micros:>10.1f} {micros / baseline:>8.2f} {micros - baseline:>8.1f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=5000)
    asyncio.run(main(parser.parse_args().requests))
