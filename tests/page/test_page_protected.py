"""The page under the protection `opennem api` applies by default (anonymous visitors, no key):
every view draws without an error, its requests counted on the page plan, not refused as a
community caller's would be (a view reads about ten endpoints at once, and all time by month)."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from api.keys import KeyStore
from api.limits import MemoryLimiter
from api.plans import DEFAULT_PLANS
from api.protection import Protection
from tests.page.server import serving

VIEWS = [
    "period=1d&interval=5m",
    "period=7d&interval=1h",
    "period=1y&interval=1d",
    "period=all&interval=1M",
]


@pytest.fixture(scope="module")
def protected_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("protected-page")
    guard = Protection(
        KeyStore(folder / "keys.sqlite"), MemoryLimiter(), DEFAULT_PLANS, "community", "page"
    )
    with serving(folder, protection=guard) as url:
        yield url


def test_every_view_draws_under_the_default_protection(page: Page, protected_url: str) -> None:
    refused: list[str] = []
    page.on(
        "response", lambda r: refused.append(f"{r.status} {r.url}") if r.status >= 400 else None
    )
    for view in VIEWS:
        page.goto(f"{protected_url}/?network=NEM&{view}")
        page.wait_for_function("document.body.dataset.ready === location.search", timeout=20_000)
    assert refused == []
    assert page.console_errors == []  # type: ignore[attr-defined]
    me = page.evaluate("fetch('/v4/me').then((r) => r.json())")
    assert me["data"]["plan"] == "page"
    assert me["data"]["rate_limit"]["remaining"] < 5000
