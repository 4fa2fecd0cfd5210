"""Protection over real HTTP: two API processes (uvicorn subprocesses) sharing one Redis hold a
key to one day's credits together, and the public client's `get_current_user` works, sync and
async, against a protected server."""

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from openelectricity import AsyncOEClient, OEClient
from openelectricity.client import APIError

from api.app import create_app
from api.keys import KeyStore
from api.reader import DuckDBServingReader
from opennem.serving import serving_path
from tests.support.api_server import run_async, served
from tests.support.protection import (
    DATA_PATH,
    REDIS_URL,
    delete_prefixed,
    plans_with,
    protection,
    redis_limiter,
    serving_marts,
)

REPO = Path(__file__).parents[2]
STARTUP_S = 30.0
UVICORN = [
    sys.executable,
    "-m",
    "uvicorn",
    "api.app:create_app",
    "--factory",
    "--host",
    "127.0.0.1",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_until_serving(url: str, process: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"API process exited: {process.stderr.read().decode()}")  # type: ignore[union-attr]
        try:
            httpx.get(f"{url}/openapi.json", timeout=1.0)
            return
        except httpx.TransportError:
            time.sleep(0.05)
    raise TimeoutError(f"{url} did not answer within {STARTUP_S} s")


@pytest.fixture
def keys_path(tmp_path: Path) -> Path:
    return tmp_path / "api_keys.sqlite"


@pytest.fixture
def two_servers(tmp_path: Path, keys_path: Path) -> Iterator[list[str]]:
    database = tmp_path / "w.duckdb"
    serving_marts(serving_path(database))
    env = {
        **os.environ,
        "OPENNEM_API_PROTECTION": "true",
        "OPENNEM_DATABASE_URL": f"duckdb:///{database}",
        "OPENNEM_REDIS_URL": REDIS_URL,
        "OPENNEM_KEYS_PATH": str(keys_path),
        "OPENNEM_API_PLANS": json.dumps(
            {"tiny": {"credits_per_day": 5, "requests_per_second": 100}}
        ),
    }
    ports = [free_port(), free_port()]
    processes = [
        subprocess.Popen(
            [*UVICORN, "--port", str(port)],
            cwd=REPO,
            env=env,
            stderr=subprocess.PIPE,
        )
        for port in ports
    ]
    try:
        urls = [f"http://127.0.0.1:{port}" for port in ports]
        for url, process in zip(urls, processes, strict=True):
            wait_until_serving(url, process)
        yield urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=10)


def test_two_api_processes_share_a_keys_daily_credits(
    two_servers: list[str], keys_path: Path
) -> None:
    record, secret = KeyStore(keys_path).create("shared", "tiny")
    headers = {"Authorization": f"Bearer {secret}"}
    try:
        codes = [
            httpx.get(f"{two_servers[i % 2]}{DATA_PATH}", headers=headers).status_code
            for i in range(8)
        ]
        assert codes == [200] * 5 + [429] * 3
        for url in two_servers:
            user = httpx.get(f"{url}/v4/me", headers=headers).json()["data"]
            assert user["plan"] == "tiny" and user["rate_limit"]["remaining"] == 0
        KeyStore(keys_path).revoke(record.id)
        assert httpx.get(f"{two_servers[1]}/v4/me", headers=headers).status_code == 401
    finally:
        delete_prefixed(f"opennem:limits:credits:key:{record.id}:")
        delete_prefixed(f"opennem:limits:bucket:key:{record.id}")


@pytest.fixture
def protected_url(tmp_path: Path, keys_path: Path) -> Iterator[str]:
    reader = DuckDBServingReader(serving_marts(tmp_path / "w.serving.duckdb"))
    with redis_limiter() as limiter:
        guard = protection(KeyStore(keys_path), limiter, plans_with())
        with served(create_app(reader, protection=guard)) as url:
            yield url


def test_get_current_user_sync(protected_url: str, keys_path: Path) -> None:
    record, secret = KeyStore(keys_path).create("ivy", "academic")
    with OEClient(api_key=secret, base_url=f"{protected_url}/v4") as client:
        user = client.get_current_user().data
    assert user.id == record.id and user.full_name == "ivy"
    assert user.plan == "academic"
    assert [role.value for role in user.roles] == ["academic"]
    assert user.rate_limit is not None
    assert (user.rate_limit.limit, user.rate_limit.remaining) == (2000, 2000)


def test_get_current_user_async(protected_url: str, keys_path: Path) -> None:
    _, secret = KeyStore(keys_path).create("jo", "enterprise")

    async def fetch() -> object:
        async with AsyncOEClient(api_key=secret, base_url=f"{protected_url}/v4") as client:
            return (await client.get_current_user()).data

    user = run_async(fetch())
    assert user.plan == "enterprise"  # type: ignore[attr-defined]
    assert user.rate_limit.limit == -1  # type: ignore[attr-defined]


def test_the_client_sees_401_for_an_unknown_key(protected_url: str) -> None:
    client = OEClient(api_key="oe_unknown", base_url=f"{protected_url}/v4")
    with client, pytest.raises(APIError) as refused:
        client.get_current_user()
    assert refused.value.status_code == 401
    assert "unknown or revoked API key" in refused.value.detail
