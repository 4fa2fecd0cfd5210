"""The page in headless Chromium over the API on loopback: it loads without console errors,
every chart has data points, region and period choices change the data and the URL, the
facilities search filters; each view's screenshot is written to test-output/page/."""

from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page

from tests.api.conftest import write_marts
from tests.page.server import serving

CHARTS = ("generation", "price", "demand", "renewables", "intensity", "flows")
UNITS_PATH = "/v4/data/facilities/{network_code}"


def open_view(page: Page, url: str) -> None:
    page.goto(url)
    wait_rendered(page)


def wait_rendered(page: Page) -> None:
    page.wait_for_function("document.body.dataset.ready === location.search", timeout=20_000)


def points(page: Page, chart: str) -> int:
    return int(page.get_attribute(f"#{chart}-chart", "data-points") or 0)


def shoot(page: Page, folder: Path, name: str) -> None:
    page.screenshot(path=folder / f"{name}.png", full_page=True)


def test_loads_without_console_errors_and_every_chart_has_points(
    page: Page, base_url: str, screenshots: Path
) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    open_view(page, base_url + "/")

    shoot(page, screenshots, "nem-7d")
    assert page.console_errors == []  # type: ignore[attr-defined]
    assert {chart: points(page, chart) > 0 for chart in CHARTS} == dict.fromkeys(CHARTS, True)
    assert page.locator("#summary-table tbody tr").count() >= 8
    assert page.locator("#records-latest tbody tr").count() > 0
    assert "+10:00" in page.inner_text("#range")
    assert [url for url in requested if not url.startswith(base_url)] == []  # works offline


def test_the_units_chart_draws_where_the_api_serves_facility_data(
    page: Page, base_url: str
) -> None:
    open_view(page, base_url + "/?network=NEM&period=1d")

    served = UNITS_PATH in httpx.get(base_url + "/openapi.json").json()["paths"]
    if served:
        assert points(page, "facility") > 0
    else:
        assert "does not serve /v4/data/facilities" in page.inner_text("#facility-message")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_region_and_period_choices_change_the_data_and_the_url(
    page: Page, base_url: str, screenshots: Path
) -> None:
    open_view(page, base_url + "/")
    nem_summary = page.inner_text("#summary-table")

    page.select_option("#place", "NEM.SA1")
    wait_rendered(page)
    shoot(page, screenshots, "sa1-7d")
    sa_summary = page.inner_text("#summary-table")
    page.select_option("#period", "1d")
    wait_rendered(page)
    shoot(page, screenshots, "sa1-1d")

    assert "region=SA1" in page.url and "period=1d" in page.url and "interval=5m" in page.url
    assert sa_summary != nem_summary and "Coal" not in sa_summary
    assert points(page, "generation") > 0 and points(page, "flows") > 0
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_each_period_draws_its_interval(page: Page, base_url: str, screenshots: Path) -> None:
    for period, interval in (("1d", "5m"), ("7d", "1h"), ("1y", "1d"), ("all", "1M")):
        open_view(page, f"{base_url}/?network=NEM&period={period}&interval={interval}")
        shoot(page, screenshots, f"nem-{period}")

        assert page.input_value("#interval") == interval
        assert points(page, "generation") > 0, period
        assert points(page, "price") > 0, period
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_au_sums_both_grids(page: Page, base_url: str) -> None:
    open_view(page, base_url + "/?network=AU&period=1d")

    assert points(page, "generation") > 0 and points(page, "price") > 0
    assert page.locator("#facilities-table tbody tr").count() == 9  # the NEM's and the WEM's
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_a_shared_url_opens_its_view_in_network_time(
    page: Page, base_url: str, screenshots: Path
) -> None:
    open_view(page, base_url + "/?network=WEM&period=1d")
    shoot(page, screenshots, "wem-1d")

    assert page.input_value("#place") == "WEM"
    assert "+08:00" in page.inner_text("#range")
    assert points(page, "generation") > 0
    assert "no interregional flows" in page.inner_text("#flows-message")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_the_facilities_search_and_filters_narrow_the_table(page: Page, base_url: str) -> None:
    open_view(page, base_url + "/")
    rows = page.locator("#facilities-table tbody tr")
    everything = rows.count()

    page.fill("#facility-search", "bays")
    searched = rows.all_inner_texts()
    page.fill("#facility-search", "")
    page.select_option("#facility-status", "retired")
    retired = rows.all_inner_texts()

    assert everything == 8  # the NEM's facilities
    assert len(searched) == 1 and "Bayswater" in searched[0]
    assert len(retired) == 1 and "Hazelwood" in retired[0]


def test_the_legend_toggles_a_series(page: Page, base_url: str) -> None:
    open_view(page, base_url + "/")
    first = page.locator("#generation-chart .u-legend .u-series").nth(1)  # 0 is the time

    first.click()

    assert "u-off" in (first.get_attribute("class") or "")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_the_tooltip_shows_the_values_under_the_cursor(page: Page, base_url: str) -> None:
    open_view(page, base_url + "/?network=NEM&period=1d")
    box = page.locator("#generation-chart .u-over").bounding_box()
    assert box is not None

    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tooltip = page.locator("#generation-chart .tooltip")

    lines = tooltip.inner_text().splitlines()
    assert tooltip.is_visible()
    assert len(lines) > 5 and all(line.endswith(" MW") for line in lines[1:])


def test_a_record_link_shows_its_history(page: Page, base_url: str) -> None:
    open_view(page, base_url + "/")

    page.click("#records-all a >> text=NEM solar power interval high")
    page.wait_for_selector("#history-table tbody tr")

    assert page.locator("#history-table tbody tr").count() == 2
    assert "au.nem.solar.power.interval.high" in page.inner_text("#history-name")
    assert "/v4/milestones/history" not in page.url


def test_the_last_of_quick_choices_wins(page: Page, base_url: str) -> None:
    open_view(page, base_url + "/?network=NEM&period=1d")

    page.select_option("#place", "NEM.SA1")
    page.select_option("#place", "NEM.VIC1")
    wait_rendered(page)

    assert "region=VIC1" in page.url
    assert page.locator("#summary-table tbody tr").count() == 7  # VIC1's fueltechs, not SA1's 6
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_an_empty_warehouse_says_so_without_errors(
    page: Page, tmp_path_factory: pytest.TempPathFactory
) -> None:
    with serving(tmp_path_factory.mktemp("empty"), lambda path: write_marts(path, {})) as url:
        open_view(page, url + "/")

        assert "No data for NEM: no prices loaded yet" in page.inner_text("#range")
    assert page.console_errors == []  # type: ignore[attr-defined]
