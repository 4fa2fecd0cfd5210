from collections.abc import Callable

from starlette.testclient import TestClient

from api.page import PAGE, STATIC


def test_home_page_loads_its_scripts_and_the_vendored_chart_library(
    make_client: Callable[..., TestClient],
) -> None:
    client = make_client({})

    page = client.get("/")
    script = client.get("/static/page/page.js")
    library = client.get("/static/vendor/uplot/uPlot.iife.min.js")
    licence = client.get("/static/vendor/uplot/LICENSE")

    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert '<script type="module" src="/static/page/page.js">' in page.text
    assert script.status_code == 200 and "/v4/data/network/" in script.text
    assert library.status_code == 200 and "uPlot" in library.text
    assert "MIT" in licence.text or "Permission is hereby granted" in licence.text


def test_a_missing_static_file_is_a_json_404(make_client: Callable[..., TestClient]) -> None:
    response = make_client({}).get("/static/page/nothing.js")

    assert response.status_code == 404
    assert response.json()["success"] is False


def test_the_page_own_code_stays_small() -> None:
    own = [PAGE, *(STATIC / "page").iterdir()]

    assert sum(path.stat().st_size for path in own) < 40_000
