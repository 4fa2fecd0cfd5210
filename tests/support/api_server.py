"""The API served by a real uvicorn server on 127.0.0.1 (a free port), as the public
`openelectricity` client's tests need it: the client speaks HTTP, not ASGI."""

import asyncio
import threading
import time
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

import httpx
import uvicorn
from starlette.applications import Starlette

T = TypeVar("T")


def _wait_until_serving(server: uvicorn.Server, deadline_s: float = 10.0) -> str:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if server.started and server.servers:
            port = server.servers[0].sockets[0].getsockname()[1]
            url = f"http://127.0.0.1:{port}"
            if httpx.get(f"{url}/health").status_code == 200:
                return url
        time.sleep(0.02)
    raise TimeoutError("uvicorn did not start within the deadline")


@contextmanager
def serving(app: Starlette) -> Iterator[str]:
    """Serve `app` until the block exits; yields the client's base URL (`http://...:PORT/v4`)."""
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield _wait_until_serving(server) + "/v4"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def run_async(work: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run(work)` in a thread of its own: a test process may already run an event loop
    in its main thread (Playwright's sync API does, for the rest of the session)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, work).result()
