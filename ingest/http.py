"""The HTTP client every source fetches through (NEMWEB, AEMO WA, BOM, APVI): User-Agent,
timeouts, bounded retries with exponential back-off.

AEMO answers 403 without a User-Agent. 5xx, 429, timeouts and connection errors are retried
`retries` times with back-off `backoff_base_s * 2**attempt` (capped); any other 4xx (403, 404 ...)
gives up at once with `HttpRefused` naming the URL and status.
"""

import logging
import time
from pathlib import Path
from types import TracebackType
from typing import Self

from ingest.formats.listing import ListingEntry, parse_listing
from opennem.settings import get_settings

logger = logging.getLogger(__name__)

REMOTE_PREFIXES = ("http://", "https://")
_RETRY_STATUSES = frozenset({429})


class HttpError(Exception):
    """A request that did not give a usable answer."""


class HttpRefused(HttpError):
    """A definitive refusal (403, 404 ...): not retried."""

    def __init__(self, url: str, status: int) -> None:
        super().__init__(f"GET {url} failed with HTTP {status}; not retrying")
        self.url = url
        self.status = status


class HttpUnavailable(HttpError):
    """Still failing (5xx, timeout, connection error) after every retry."""

    def __init__(self, url: str, attempts: int, last_error: str) -> None:
        super().__init__(f"GET {url} failed after {attempts} attempts; last error: {last_error}")
        self.url = url
        self.attempts = attempts
        self.last_error = last_error


class HttpClient:
    """A synchronous client (default base URL: NEMWEB); unset arguments come from
    `opennem.settings`."""

    def __init__(
        self,
        base_url: str | None = None,
        *,
        user_agent: str | None = None,
        timeout_s: float | None = None,
        retries: int | None = None,
        backoff_base_s: float = 1.0,
        backoff_max_s: float = 60.0,
    ) -> None:
        settings = get_settings()
        self.base_url = (base_url or settings.nemweb_url).rstrip("/")
        self.retries = settings.http_retries if retries is None else retries
        self.backoff_base_s = backoff_base_s
        self.backoff_max_s = backoff_max_s
        agent = settings.user_agent if user_agent is None else user_agent
        import httpx  # here, not at the top: `opennem ingest` of local files never needs it

        self._transient_errors = (
            httpx.TimeoutException,
            httpx.NetworkError,
            httpx.RemoteProtocolError,
        )
        self._http = httpx.Client(
            headers={"User-Agent": agent},
            timeout=settings.http_timeout_s if timeout_s is None else timeout_s,
            follow_redirects=True,
        )

    def url(self, path_or_url: str) -> str:
        """An absolute URL: a path is taken relative to the base URL."""
        if path_or_url.startswith(REMOTE_PREFIXES):
            return path_or_url
        return f"{self.base_url}/{path_or_url.lstrip('/')}"

    def get(self, path_or_url: str) -> bytes:
        """The body of a successful GET, retrying transient failures."""
        url = self.url(path_or_url)
        last_error = ""
        for attempt in range(self.retries + 1):
            if attempt:
                wait_s = self.backoff_s(attempt - 1)
                logger.warning("GET %s: %s; retry %d in %.2fs", url, last_error, attempt, wait_s)
                time.sleep(wait_s)
            try:
                response = self._http.get(url)
            except self._transient_errors as error:
                last_error = f"{type(error).__name__}: {error}"
                continue
            if response.is_success:
                return response.content
            if not _retryable(response.status_code):
                raise HttpRefused(url, response.status_code)
            last_error = f"HTTP {response.status_code}"
        raise HttpUnavailable(url, self.retries + 1, last_error)

    def backoff_s(self, retry: int) -> float:
        """Seconds to wait before retry number `retry` (0-based)."""
        return min(self.backoff_base_s * 2**retry, self.backoff_max_s)

    def list_dir(self, path_or_url: str) -> list[ListingEntry]:
        url = self.url(path_or_url)
        return parse_listing(self.get(url).decode("utf-8", errors="replace"), url)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def read_source(client: HttpClient, source: str) -> bytes:
    """The body of a URL (through `client`), or the bytes of a local file."""
    if source.startswith(REMOTE_PREFIXES):
        return client.get(source)
    return Path(source).read_bytes()


def _retryable(status: int) -> bool:
    return status >= 500 or status in _RETRY_STATUSES
