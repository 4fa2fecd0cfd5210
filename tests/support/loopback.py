"""A real HTTP server on 127.0.0.1 serving a directory tree the way NEMWEB does.

Directories answer with IIS-style listing pages in the format of the real NEMWEB listings
(`fixtures/nemweb/dirlisting/`), files with their bytes. Faults can be scripted per URL path for
tests: N answers with a status (e.g. 3 x 503, then success), slow answers (for timeouts), and a
403 for requests without a User-Agent, as AEMO does. Every request is recorded.

    with LoopbackServer(tmp_path) as server:
        server.fail("/Reports/Current/Dispatch_SCADA/", 503, times=2)
        client = HttpClient(server.base_url)
"""

import html
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Self
from urllib.parse import quote, unquote, urlsplit

AEST = timezone(timedelta(hours=10))


@dataclass
class Fault:
    status: int | None
    delay_s: float
    remaining: int | None


@dataclass(frozen=True)
class RecordedRequest:
    path: str
    user_agent: str | None


class LoopbackServer:
    """Serve `root` on an ephemeral 127.0.0.1 port in a background thread."""

    def __init__(self, root: Path, *, require_user_agent: bool = True) -> None:
        self.root = root.resolve()
        self.require_user_agent = require_user_agent
        self.requests: list[RecordedRequest] = []
        self._faults: dict[str, list[Fault]] = {}
        self._lock = threading.Lock()
        self._released = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def fail(self, path: str, status: int, *, times: int | None = None) -> None:
        """Answer `path` with `status` for the next `times` requests (always when None)."""
        self._add(path, Fault(status, 0.0, times))

    def slow(self, path: str, seconds: float, *, times: int | None = None) -> None:
        """Wait `seconds` before answering `path`, for the next `times` requests."""
        self._add(path, Fault(None, seconds, times))

    def hits(self, path: str) -> int:
        return sum(1 for request in self.requests if request.path == path)

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._released.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def _add(self, path: str, fault: Fault) -> None:
        with self._lock:
            self._faults.setdefault(path, []).append(fault)

    def _take_fault(self, path: str) -> Fault | None:
        with self._lock:
            faults = self._faults.get(path, [])
            if not faults:
                return None
            fault = faults[0]
            if fault.remaining is not None:
                fault.remaining -= 1
                if fault.remaining <= 0:
                    faults.pop(0)
            return fault

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def _wait(self, seconds: float) -> None:
        self._released.wait(seconds)


def _handler_for(server: LoopbackServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = unquote(urlsplit(self.path).path)
            user_agent = self.headers.get("User-Agent")
            server._record(RecordedRequest(path, user_agent))
            if server.require_user_agent and not user_agent:
                self._send(HTTPStatus.FORBIDDEN, b"403 Forbidden: no User-Agent", "text/plain")
                return
            fault = server._take_fault(path)
            if fault is not None:
                server._wait(fault.delay_s)
                if fault.status is not None:
                    self._send(fault.status, f"{fault.status} (scripted)".encode(), "text/plain")
                    return
            self._serve(path)

        def _serve(self, path: str) -> None:
            target = (server.root / path.lstrip("/")).resolve()
            if not target.is_relative_to(server.root) or not target.exists():
                self._send(HTTPStatus.NOT_FOUND, b"404 Not Found", "text/plain")
            elif target.is_dir():
                page = iis_listing(target, path, host=self.headers.get("Host", "127.0.0.1"))
                self._send(HTTPStatus.OK, page.encode(), "text/html; charset=utf-8")
            else:
                self._send(HTTPStatus.OK, target.read_bytes(), "application/octet-stream")

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                return  # the client gave up (e.g. its timeout fired)

        def log_message(self, format: str, *args: object) -> None:
            return  # keep test output quiet; requests are recorded instead

    return Handler


def iis_listing(directory: Path, url_path: str, *, host: str) -> str:
    """A listing page in NEMWEB's IIS format for `directory`, served at `url_path`."""
    base = url_path if url_path.endswith("/") else f"{url_path}/"
    parent = base.rstrip("/").rsplit("/", 1)[0] + "/"
    title = f"{html.escape(host)} - {html.escape(base)}"
    lines = [_iis_line(entry, base) for entry in sorted(directory.iterdir())]
    return (
        f"<html><head><title>{title}</title></head><body><H1>{title}</H1><hr>\n\n"
        f'<pre><A HREF="{quote(parent)}">[To Parent Directory]</A><br><br>'
        + "".join(lines)
        + "</pre><hr></body></html>"
    )


def _iis_line(entry: Path, base: str) -> str:
    modified = datetime.fromtimestamp(entry.stat().st_mtime, AEST)
    hour = modified.hour % 12 or 12
    stamp = (
        f"{modified:%A}, {modified:%B} {modified.day}, {modified.year} "
        f"{hour:>2}:{modified:%M} {modified:%p}"
    )
    size = "&lt;dir&gt;" if entry.is_dir() else str(entry.stat().st_size)
    href = quote(base + entry.name) + ("/" if entry.is_dir() else "")
    pad = 13 - (5 if entry.is_dir() else len(size))
    return f'{stamp:>38}{" " * pad}{size} <A HREF="{href}">{html.escape(entry.name)}</A><br>'
