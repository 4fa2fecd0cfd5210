"""The API served by a real uvicorn server on 127.0.0.1 (a free port), in a thread: for the
public `openelectricity` client (it speaks HTTP, not ASGI), the browser tests and the protection
tests over real HTTP."""

import asyncio
import threading
import time
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

import uvicorn
from starlette.applications import Starlette

T = TypeVar("T")


STARTUP_S = 30.0


def _wait_until_serving(server: uvicorn.Server, thread: threading.Thread) -> str:
    deadline = time.monotonic() + STARTUP_S
    while not (server.started and server.servers):
        if time.monotonic() > deadline or not thread.is_alive():
            raise TimeoutError(f"uvicorn did not start within {STARTUP_S} s")
        time.sleep(0.02)  # polling the server's own flag, bounded by the deadline
    port = server.servers[0].sockets[0].getsockname()[1]
    return f"http://127.0.0.1:{port}"


@contextmanager
def served(app: Starlette) -> Iterator[str]:
    """Serve `app` in a thread until the block exits; yields its root URL (`http://...:PORT`)."""
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield _wait_until_serving(server, thread)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def serving(app: Starlette) -> Iterator[str]:
    """Serve `app` until the block exits; yields the client's base URL (`http://...:PORT/v4`)."""
    with served(app) as root:
        yield root + "/v4"


def run_async(work: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run(work)` in a thread of its own: a test process may already run an event loop
    in its main thread (Playwright's sync API does, for the rest of the session)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, work).result()
