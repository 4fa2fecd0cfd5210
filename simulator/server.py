"""Serve a simulated tree on loopback as a NEMWEB look-alike: the files, and directory pages in
NEMWEB's IIS listing format. Like AEMO, it answers 403 to a request without a User-Agent."""

import html
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from opennem.networks import NEM

_JOIN_SECONDS = 5.0


def listing_date(seconds: float) -> str:
    """`Thursday, September 2, 2021 12:55 PM` in AEST, as IIS prints it (hour space-padded)."""
    moment = datetime.fromtimestamp(seconds, NEM.tz)
    hour = moment.hour % 12 or 12
    return (
        f"{moment:%A}, {moment:%B} {moment.day}, {moment.year} "
        f"{hour:>2}:{moment:%M} {'AM' if moment.hour < 12 else 'PM'}"
    )


def listing_html(host: str, url_path: str, folder: Path) -> str:
    """NEMWEB's IIS directory page for `folder`, served at `url_path` (ending in `/`)."""
    title = html.escape(f"{host} - {url_path}")
    lines = [
        f"<html><head><title>{title}</title></head><body><H1>{title}</H1><hr>\r\n\r\n<pre>",
    ]
    if url_path != "/":
        parent = url_path.rstrip("/").rsplit("/", 1)[0] + "/"
        lines.append(f'<A HREF="{quote(parent)}">[To Parent Directory]</A><br><br>')
    entries = sorted(folder.iterdir(), key=lambda p: (not p.is_dir(), p.name))
    for entry in entries:
        stat = entry.stat()
        is_dir = entry.is_dir()
        href = quote(url_path + entry.name + ("/" if is_dir else ""))
        size = "&lt;dir&gt;" if is_dir else str(stat.st_size)
        pad = " " * (13 - (5 if is_dir else len(size)))
        lines.append(
            f'{listing_date(stat.st_mtime):>38}{pad}{size} <A HREF="{href}">'
            f"{html.escape(entry.name)}</A><br>"
        )
    lines.append("</pre><hr></body></html>")
    return "".join(lines)


class NemwebHandler(SimpleHTTPRequestHandler):
    """Files as they are; directories as IIS listing pages."""

    def send_head(self) -> Any:
        if not self.headers.get("User-Agent"):
            self.send_error(HTTPStatus.FORBIDDEN, "a User-Agent header is required")
            return None
        return super().send_head()

    def list_directory(self, path: str | os.PathLike[str]) -> BytesIO | None:
        url_path = unquote(urlsplit(self.path).path)
        host = self.headers.get("Host", "localhost")
        body = listing_html(host, url_path, Path(path)).encode("utf-8")
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return BytesIO(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the tests and the demo do not want a line per request."""


@contextmanager
def serve(root: Path, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve `root` until the block exits; yields the base URL (`http://127.0.0.1:PORT`)."""
    if not Path(root).is_dir():
        raise FileNotFoundError(f"no simulated tree at {root}")
    handler = partial(NemwebHandler, directory=str(root))
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="nemweb-sim", daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(_JOIN_SECONDS)
