"""The API on a loopback port in a background thread, over a page warehouse
(tests/page/warehouse.py)."""

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from api.app import create_app
from api.cache import cache_for
from api.protection import Protection
from api.reader import DuckDBServingReader
from tests.page.warehouse import build

STARTUP_SECONDS = 20.0


@contextmanager
def serving(
    folder: Path,
    warehouse: Callable[[Path], Path] = build,
    protection: Protection | None = None,
) -> Iterator[str]:
    """The base URL of the API serving a fresh `warehouse` (by default the page's) in `folder`."""
    path = warehouse(folder / "warehouse.serving.duckdb")
    app = create_app(DuckDBServingReader(path), cache_for(None), protection)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_SECONDS
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the API did not start")
        time.sleep(0.05)  # polling the server's own flag, bounded by the deadline
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
