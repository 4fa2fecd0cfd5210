"""An ASGI app served by uvicorn on an ephemeral 127.0.0.1 port in a background thread."""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import uvicorn


def _wait_until_serving(server: uvicorn.Server, probe: str, deadline_s: float) -> str:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if server.started and server.servers:
            port = server.servers[0].sockets[0].getsockname()[1]
            url = f"http://127.0.0.1:{port}"
            if httpx.get(url + probe).status_code < 500:
                return url
        time.sleep(0.02)
    raise TimeoutError("uvicorn did not start within the deadline")


@contextmanager
def live_server(app: Any, probe: str = "/openapi.json", deadline_s: float = 10.0) -> Iterator[str]:
    """Serve `app`; yields its base URL once `probe` answers."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield _wait_until_serving(server, probe, deadline_s)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
