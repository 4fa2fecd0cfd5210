"""Regenerate the README's screenshots of the page: `uv run python -m tests.page.screenshot`
serves the test warehouse (tests/page/warehouse.py) on loopback and writes docs/page.png (a
laptop, 1280 px wide) and docs/page-phone.png (a phone, 390 px wide) of the NEM's last 7 days."""

import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.page.conftest import CHROMIUM
from tests.page.server import serving

DOCS = Path(__file__).parents[2] / "docs"
VIEWPORTS = {"page.png": (1280, 900), "page-phone.png": (390, 844)}


def main() -> None:
    with (
        tempfile.TemporaryDirectory() as folder,
        serving(Path(folder)) as url,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for name, (width, height) in VIEWPORTS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(f"{url}/?network=NEM&period=7d&interval=1h")
            page.wait_for_function("document.body.dataset.ready === location.search")
            page.screenshot(path=DOCS / name, full_page=True)
            print(DOCS / name)
        browser.close()


if __name__ == "__main__":
    main()
