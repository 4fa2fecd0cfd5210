"""The API and a bare baseline app served by uvicorn for the benchmarks (bench_api, bench_cycle).

`serve(factory, workers, env)` runs `uvicorn --factory api_servers:<factory>` in a subprocess and
yields its port once it accepts connections; `api_app` reads the serving file named by
`BENCH_API_SERVING` in its environment.
"""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from api.app import create_app
from api.reader import DuckDBServingReader

SERVING_ENV = "BENCH_API_SERVING"
BARE_PATH = "/bare"
BARE_BODY = b'{"success":true,"data":[]}'
# The anonymous plan without limits, so a benchmark is never throttled (a 429) and may ask for
# simulated years long past (the plan's history_days); the middleware still runs.
LIFTED_PLANS = (
    '{"community": {"credits_per_day": null, "requests_per_second": 1000000, "history_days": null}}'
)


def api_app() -> Starlette:
    """The API over the benchmark's serving file (uvicorn factory); the cache the settings pick."""
    return create_app(DuckDBServingReader(Path(os.environ[SERVING_ENV])))


def _constant(request: Request) -> Response:
    return Response(BARE_BODY, media_type="application/json")


def bare_app() -> Starlette:
    """The baseline: one endpoint answering a constant JSON (uvicorn factory)."""
    return Starlette(routes=[Route(BARE_PATH, _constant)])


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def serve(factory: str, workers: int, env: dict[str, str]) -> Iterator[int]:
    """`factory` (a function of this module) served by uvicorn; yields its port once it answers."""
    port = _free_port()
    command = [
        *(sys.executable, "-m", "uvicorn", "--factory", f"api_servers:{factory}"),
        *("--app-dir", str(Path(__file__).parent), "--host", "127.0.0.1", "--port", str(port)),
        *("--workers", str(workers), "--no-access-log", "--log-level", "warning"),
    ]
    server = subprocess.Popen(command, env={**os.environ, **env})
    try:
        _wait_until_listening(port, server)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_until_listening(port: int, server: subprocess.Popen[bytes], bound_s: float = 60) -> None:
    deadline = time.monotonic() + bound_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"server exited with {server.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"server on port {port} did not listen within {bound_s} s")
