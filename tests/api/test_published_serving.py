"""The API over published marts (`opennem.serving`: views over Parquet partitions) answers what it
answers over the mart tables themselves."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.reader import DuckDBServingReader
from opennem.serving import publish_marts
from tests.api.conftest import write_marts
from tests.api.sample_marts import sample_rows

WINDOW = {"date_start": "2024-07-01T00:00:00", "date_end": "2024-07-03T00:00:00"}
REQUESTS = [
    ("/v4/data/network/NEM", {"metrics": "power", "secondary_grouping": "fueltech", **WINDOW}),
    ("/v4/data/network/NEM", {"metrics": "energy", "interval": "1d", **WINDOW}),
    ("/v4/data/network/NEM", {"metrics": "energy", "interval": "1M", "date_start": "2024-07-01"}),
    ("/v4/market/network/NEM", {"metrics": "price", **WINDOW}),
    ("/v4/flows/network/NEM", WINDOW),
    ("/v4/data/facilities/NEM", {"facility_code": "BW01", "metrics": "power", **WINDOW}),
    ("/v4/facilities/", {}),
    ("/v4/fueltechs", {}),
    ("/v4/milestones/records", {}),
]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Mart tables as dbt leaves them in the working warehouse."""
    return write_marts(tmp_path_factory.mktemp("published") / "w.duckdb", sample_rows())


@pytest.fixture
def clients(warehouse: Path) -> Iterator[tuple[TestClient, TestClient]]:
    """The API over the tables, and over the published partitions."""
    tables, published = (
        DuckDBServingReader(warehouse),
        DuckDBServingReader(publish_marts(warehouse)),
    )
    yield TestClient(create_app(tables)), TestClient(create_app(published))
    tables.close()
    published.close()


@pytest.mark.parametrize(("path", "params"), REQUESTS)
def test_published_marts_answer_as_the_tables_do(
    clients: tuple[TestClient, TestClient], path: str, params: dict[str, str]
) -> None:
    over_tables, over_published = clients

    expected = over_tables.get(path, params=params)
    answered = over_published.get(path, params=params)

    assert expected.status_code == 200, expected.text
    assert answered.status_code == 200, answered.text
    assert answered.json()["data"] == expected.json()["data"]
    assert expected.json()["data"]  # something was compared
