"""The served OpenAPI document covers every route the app serves, every parameter the endpoints
accept and every status they answer, with the error body; `/docs` renders it offline."""

import re
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
import schemathesis
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.testclient import TestClient

from api.app import create_app, routes
from api.facilities import FILTERS
from api.facility_data import FACILITY_DATA_PARAMS
from api.flows import FLOW_PARAMS
from api.milestones import RECORD_PARAMS
from api.params import MARKET_PARAMS, SERIES_PARAMS
from api.reader import DuckDBServingReader
from tests.api.conftest import write_marts

ERROR = {"$ref": "#/components/schemas/Error"}
KNOWN_STATUSES = {"200", "400", "401", "404", "429", "503"}


def _template(path: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", path)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    path = write_marts(tmp_path_factory.mktemp("openapi") / "w.serving.duckdb", {})
    return TestClient(create_app(DuckDBServingReader(path)))


@pytest.fixture(scope="module")
def document(client: TestClient) -> dict[str, Any]:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    return response.json()


def _operations(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(path, item["get"]) for path, item in document["paths"].items()]


def test_every_served_route_is_documented_and_nothing_else(document: dict[str, Any]) -> None:
    served = [route for route in routes() if isinstance(route, Route)]
    documented = {_template(path): item for path, item in document["paths"].items()}
    for route in served:
        assert _template(route.path) in documented, route.path
        assert set(documented[_template(route.path)]) == {
            method.lower() for method in route.methods or () if method != "HEAD"
        }
    assert set(documented) == {_template(route.path) for route in served}
    mounts = [route for route in routes() if not isinstance(route, Route)]
    assert all(isinstance(m, Mount) and isinstance(m.app, StaticFiles) for m in mounts)


def test_every_operation_has_its_path_parameters_and_a_body_schema(
    document: dict[str, Any],
) -> None:
    for path, operation in _operations(document):
        declared = {p["name"] for p in operation["parameters"] if p["in"] == "path"}
        assert declared == set(re.findall(r"\{([^}]*)\}", path)), path
        responses = operation["responses"]
        assert set(responses) <= KNOWN_STATUSES, path
        assert all(content["schema"] for content in responses["200"]["content"].values())
        if "{" in path:
            assert "404" in responses, path


def test_errors_are_documented_with_the_error_body(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    assert schemas["Error"]["properties"]["success"] == {"const": False}
    for path, operation in _operations(document):
        for status, response in operation["responses"].items():
            if status in ("400", "404") or (status == "503" and "health" not in path):
                assert response["content"]["application/json"]["schema"] == ERROR, (path, status)


@pytest.mark.parametrize(
    ("path", "accepted"),
    [
        ("/v4/data/network/{network_code}", SERIES_PARAMS),
        ("/v4/market/network/{network_code}", MARKET_PARAMS),
        ("/v4/data/facilities/{network_code}", FACILITY_DATA_PARAMS),
        ("/v4/flows/network/{network_code}", FLOW_PARAMS),
        ("/v4/facilities/", set(FILTERS)),
        ("/v4/milestones/records", RECORD_PARAMS),
        ("/v4/networks", set()),
        ("/v4/fueltechs", set()),
        ("/v4/metrics", set()),
    ],
)
def test_every_accepted_query_parameter_is_documented(
    document: dict[str, Any], path: str, accepted: set[str]
) -> None:
    operation = document["paths"][path]["get"]
    assert {p["name"] for p in operation["parameters"] if p["in"] == "query"} == accepted
    assert "400" in operation["responses"]


def test_interval_30m_is_documented(document: dict[str, Any]) -> None:
    params = document["paths"]["/v4/data/network/{network_code}"]["get"]["parameters"]
    (interval,) = [p for p in params if p["name"] == "interval"]
    assert "30m" in interval["schema"]["enum"]


def test_root_aliases_share_the_v4_operation(document: dict[str, Any]) -> None:
    alias = document["paths"]["/data/network/{network_code}"]["get"]
    original = document["paths"]["/v4/data/network/{network_code}"]["get"]
    assert alias["tags"] == ["root aliases"]
    assert alias["parameters"] == original["parameters"]
    assert alias["responses"] == original["responses"]


def test_docs_page_and_its_assets_are_served_locally(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assets = re.findall(r'(?:src|href)="(/[^"]+)"', page.text)
    assert assets and all(asset.startswith("/static/swagger-ui/") for asset in assets)
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200, asset
        assert len(response.content) > 10_000
    license_text = client.get("/static/swagger-ui/LICENSE").text
    assert "Apache License" in license_text
    assert client.get("/static/swagger-ui/absent.js").status_code == 404


def test_vendored_files_are_only_the_needed_ones() -> None:
    folder = Path(__file__).parents[2] / "api" / "static" / "swagger-ui"
    assert {p.name for p in folder.iterdir()} == {
        "swagger-ui-bundle.js",
        "swagger-ui-bundle.js.LICENSE.txt",
        "swagger-ui.css",
        "LICENSE",
        "NOTICE",
        "README.md",
    }


def test_the_document_is_valid_openapi_3_1(document: dict[str, Any]) -> None:
    loaded = schemathesis.openapi.from_dict(document)
    loaded.validate()  # raises on a document off the OpenAPI 3.1 meta-schema
    broken = {**document, "paths": {"/x": {"get": {"responses": "none"}}}}
    with pytest.raises(jsonschema_rs.ValidationError):
        schemathesis.openapi.from_dict(broken).validate()
