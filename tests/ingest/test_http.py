"""The NEMWEB client against a real HTTP server on 127.0.0.1 serving real AEMO files."""

import http.client
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.http import HttpClient, HttpRefused, HttpUnavailable
from opennem.settings import get_settings
from tests.support.loopback import LoopbackServer
from tests.support.nemweb_tree import SCADA_FILE, NemwebTree, build_nemweb_tree

SCADA_PATH = f"/Reports/Current/Dispatch_SCADA/{SCADA_FILE}"


@pytest.fixture
def tree(tmp_path: Path, fixtures_dir: Path) -> NemwebTree:
    return build_nemweb_tree(tmp_path / "nemweb", fixtures_dir)


@pytest.fixture
def server(tree: NemwebTree) -> Iterator[LoopbackServer]:
    with LoopbackServer(tree.root) as running:
        yield running


def _client(
    server: LoopbackServer,
    *,
    retries: int = 4,
    timeout_s: float = 5.0,
    user_agent: str | None = None,
) -> HttpClient:
    """A client with test-fast back-off (10 ms base)."""
    return HttpClient(
        server.base_url,
        user_agent=user_agent,
        timeout_s=timeout_s,
        retries=retries,
        backoff_base_s=0.01,
    )


def test_download_sends_the_settings_user_agent(server: LoopbackServer, tree: NemwebTree) -> None:
    with _client(server) as client:
        data = client.get(SCADA_PATH)

    assert data == tree.current_scada.read_bytes()
    assert server.requests[-1].user_agent == get_settings().user_agent


def test_server_refuses_requests_without_user_agent(server: LoopbackServer) -> None:
    host, port = server.base_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=5)
    connection.putrequest("GET", SCADA_PATH, skip_accept_encoding=True)
    connection.endheaders()  # http.client adds no User-Agent of its own
    assert connection.getresponse().status == 403
    connection.close()


def test_403_gives_up_at_once_naming_url_and_status(server: LoopbackServer) -> None:
    with _client(server, user_agent="") as client, pytest.raises(HttpRefused) as caught:
        client.get(SCADA_PATH)

    assert caught.value.status == 403
    assert caught.value.url == server.base_url + SCADA_PATH
    assert f"{server.base_url}{SCADA_PATH} failed with HTTP 403" in str(caught.value)
    assert server.hits(SCADA_PATH) == 1


def test_404_gives_up_at_once(server: LoopbackServer) -> None:
    missing = "/Reports/Current/Dispatch_SCADA/PUBLIC_DISPATCHSCADA_209901010005_0.zip"
    with _client(server) as client, pytest.raises(HttpRefused, match="HTTP 404") as caught:
        client.get(missing)

    assert caught.value.status == 404
    assert server.hits(missing) == 1


def test_503_twice_then_success(server: LoopbackServer, tree: NemwebTree) -> None:
    server.fail(SCADA_PATH, 503, times=2)
    with _client(server, retries=3) as client:
        assert client.get(SCADA_PATH) == tree.current_scada.read_bytes()

    assert server.hits(SCADA_PATH) == 3


def test_retries_are_bounded(server: LoopbackServer) -> None:
    server.fail(SCADA_PATH, 502)
    with _client(server, retries=2) as client, pytest.raises(HttpUnavailable) as caught:
        client.get(SCADA_PATH)

    assert server.hits(SCADA_PATH) == 3
    assert caught.value.attempts == 3
    assert "last error: HTTP 502" in str(caught.value)
    assert SCADA_PATH in str(caught.value)


def test_timeout_is_retried(server: LoopbackServer, tree: NemwebTree) -> None:
    server.slow(SCADA_PATH, 2.0, times=1)
    started = time.monotonic()
    with _client(server, timeout_s=0.2, retries=1) as client:
        assert client.get(SCADA_PATH) == tree.current_scada.read_bytes()

    assert time.monotonic() - started < 1.5  # the slow answer was not waited for
    assert server.hits(SCADA_PATH) == 2


def test_persistent_timeouts_give_up(server: LoopbackServer) -> None:
    server.slow(SCADA_PATH, 2.0)
    with (
        _client(server, timeout_s=0.1, retries=1) as client,
        pytest.raises(HttpUnavailable) as caught,
    ):
        client.get(SCADA_PATH)

    assert "ReadTimeout" in caught.value.last_error
    assert server.hits(SCADA_PATH) == 2


def test_connection_refused_is_retried_then_reported(tmp_path: Path) -> None:
    server = LoopbackServer(tmp_path).start()
    url = server.base_url
    server.stop()  # nothing listens on that port any more
    client = HttpClient(url, retries=1, backoff_base_s=0.01)
    with client, pytest.raises(HttpUnavailable, match="ConnectError") as caught:
        client.get("/Reports/Current/")
    assert caught.value.attempts == 2


def test_backoff_is_exponential_and_capped() -> None:
    with HttpClient("http://127.0.0.1:9", backoff_base_s=0.5, backoff_max_s=3.0) as client:
        assert [client.backoff_s(retry) for retry in range(5)] == [0.5, 1.0, 2.0, 3.0, 3.0]


def test_base_url_comes_from_settings_by_default() -> None:
    with HttpClient() as client:
        assert client.base_url == get_settings().nemweb_url.rstrip("/")
        assert client.url("Reports/Current/") == f"{client.base_url}/Reports/Current/"
        assert client.url("http://127.0.0.1:1/x") == "http://127.0.0.1:1/x"


def test_retries_wait_with_exponential_backoff(
    server: LoopbackServer, tree: NemwebTree, caplog: pytest.LogCaptureFixture
) -> None:
    server.fail(SCADA_PATH, 500, times=2)
    client = HttpClient(server.base_url, retries=2, backoff_base_s=0.1)
    started = time.monotonic()
    with client, caplog.at_level("WARNING", logger="ingest.http"):
        assert client.get(SCADA_PATH) == tree.current_scada.read_bytes()

    assert time.monotonic() - started >= 0.1 + 0.2
    assert [record.getMessage().rsplit(" ", 1)[-1] for record in caplog.records] == [
        "0.10s",
        "0.20s",
    ]
    assert "HTTP 500; retry 1" in caplog.records[0].getMessage()
