"""`/docs` in a real browser (Debian chromium, headless): Swagger UI renders the served document
from the vendored assets, with no request leaving the machine."""

from pathlib import Path

from playwright.sync_api import Page

from tests.api.conftest import write_marts
from tests.page.server import serving


def test_swagger_ui_lists_the_operations(tmp_path: Path, page: Page) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    with serving(tmp_path, lambda path: write_marts(path, {})) as base_url:
        page.goto(f"{base_url}/docs")
        page.wait_for_selector(".opblock-summary-path", timeout=15_000)
        paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/v4/networks" in path for path in paths)
    assert any("/v4/data/network/{network_code}" in path for path in paths)
    assert requested and all(url.startswith(base_url) for url in requested)
    assert page.console_errors == []  # type: ignore[attr-defined]
