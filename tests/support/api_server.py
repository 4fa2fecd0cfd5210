"""The API served by a real uvicorn server on 127.0.0.1 (a free port), as the public
`openelectricity` client's tests need it: the client speaks HTTP, not ASGI."""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import uvicorn
from starlette.applications import Starlette


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
