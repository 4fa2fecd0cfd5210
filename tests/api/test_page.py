from collections.abc import Callable

from starlette.testclient import TestClient


def test_home_page_draws_from_the_v4_api(make_client: Callable[..., TestClient]) -> None:
    client = make_client({})

    response = client.get("/")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "/v4/data/network/NEM?metrics=power" in response.text
