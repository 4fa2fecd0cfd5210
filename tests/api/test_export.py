"""`/v4/export/{dataset}/{YYYY-MM}.{parquet|csv}` over a tiny serving file: months cut in network
time, files equal to a direct SQL query, bad requests answered 4xx JSON."""

import io
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest
import yaml
from starlette.testclient import TestClient

from api.exports.datasets import DATASETS
from tests.api.conftest import MARTS_DIR, Rows

JULY_LAST = datetime(2024, 7, 31, 23, 55)


def _unit_rows() -> list[tuple[object, ...]]:
    """Two units either side of the July/August edge (network time), one WEM row."""
    rows: list[tuple[object, ...]] = []
    for step in range(-2, 2):
        start = JULY_LAST + timedelta(minutes=5 * (step + 1))
        for unit, power in (("BAYSW1", 600.0 + step), ("ER01", None)):
            rows.append(
                (
                    start,
                    "NEM",
                    "NSW1",
                    "BAYSW",
                    unit,
                    "coal_black",
                    "coal",
                    False,
                    power,
                    None if power is None else power / 12,
                    1.0,
                    50.0,
                )
            )
    rows.append(
        (
            datetime(2024, 7, 15, 12),
            "WEM",
            "WEM",
            "COLLIE",
            "COLLIE_G1",
            "coal_black",
            "coal",
            False,
            300.0,
            25.0,
            23.0,
            1000.0,
        )
    )
    return rows


ROWS: Rows = {
    "fct_unit_intervals_v1": _unit_rows(),
    "fct_fueltech_intervals_5m_v1": [
        (JULY_LAST, "NEM", "NSW1", "coal_black", "coal", False, 600.0, 50.0, 45.0, 4000.0),
        (
            JULY_LAST + timedelta(minutes=5),
            "NEM",
            "NSW1",
            "coal_black",
            "coal",
            False,
            601.0,
            50.1,
            45.1,
            4001.0,
        ),
    ],
    "fct_market_summary_v2": [
        {
            "interval_start": JULY_LAST,
            "network_id": "NEM",
            "network_region": "NSW1",
            "price": 88.5,
            "demand": 7000.0,
        },
    ],
}


@pytest.fixture
def client(make_client: Callable[[Rows], TestClient]) -> TestClient:
    return make_client(ROWS)


def _direct(client: TestClient, dataset: str, start: str, end: str) -> list[dict[str, object]]:
    spec = DATASETS[dataset]
    path: Path = client.app.state.reader.path  # type: ignore[attr-defined]
    with duckdb.connect(str(path), read_only=True) as conn:
        table = conn.sql(
            f"select {', '.join(spec.columns)} from {spec.table}"
            " where interval_start >= ? and interval_start < ?"
            f" order by {', '.join(spec.order_by)}",
            params=[start, end],
        ).to_arrow_table()
    return table.to_pylist()


@pytest.mark.parametrize("dataset", list(DATASETS))
def test_parquet_month_equals_direct_sql(client: TestClient, dataset: str) -> None:
    response = client.get(f"/v4/export/{dataset}/2024-07.parquet")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/vnd.apache.parquet"
    assert f"{dataset}-2024-07.parquet" in response.headers["content-disposition"]
    table = pq.read_table(io.BytesIO(response.content))
    assert table.schema.equals(DATASETS[dataset].schema)
    assert table.to_pylist() == _direct(client, dataset, "2024-07-01", "2024-08-01")


def test_month_edges_are_network_time(client: TestClient) -> None:
    july = pq.read_table(io.BytesIO(client.get("/export/unit_intervals/2024-07.parquet").content))
    august = pq.read_table(
        io.BytesIO(client.get("/v4/export/unit_intervals/2024-08.parquet").content)
    )
    assert max(july["interval_start"].to_pylist()) == JULY_LAST
    assert min(august["interval_start"].to_pylist()) == datetime(2024, 8, 1)
    assert july.num_rows + august.num_rows == len(ROWS["fct_unit_intervals_v1"])  # type: ignore[arg-type]
    assert "WEM" in july["network_id"].to_pylist()


def test_csv_has_header_and_rows(client: TestClient) -> None:
    response = client.get("/v4/export/unit_intervals/2024-08.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    lines = response.text.splitlines()
    assert lines[0].replace('"', "").split(",") == DATASETS["unit_intervals"].columns
    table = pa_csv.read_csv(io.BytesIO(response.content))
    assert table.num_rows == 4
    assert sorted(table["unit_code"].to_pylist()) == ["BAYSW1", "BAYSW1", "ER01", "ER01"]
    assert table["power_mw"].to_pylist().count(None) == 2  # gaps stay empty, never 0


def test_an_empty_month_is_a_file_with_the_schema(client: TestClient) -> None:
    response = client.get("/v4/export/market_summary/2019-01.parquet")
    assert response.status_code == 200
    table = pq.read_table(io.BytesIO(response.content))
    assert table.num_rows == 0
    assert table.schema.equals(DATASETS["market_summary"].schema)


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/v4/export/unit_power/2024-07.parquet", 404, "unknown dataset"),
        ("/v4/export/unit_intervals/2024-07.xlsx", 404, "unknown format"),
        ("/v4/export/unit_intervals/2024-07", 404, "unknown format"),
        ("/v4/export/unit_intervals/2024-13.parquet", 400, "month"),
        ("/v4/export/unit_intervals/1997-12.csv", 400, "month"),
        ("/v4/export/unit_intervals/9999-12.csv", 400, "month"),
        ("/v4/export/unit_intervals/\u0662\u0660\u0662\u0664-07.csv", 400, "month"),
        ("/v4/export/unit_intervals/2024-7.csv", 400, "month"),
        ("/v4/export/unit_intervals/2024-07';drop table x.csv", 400, "month"),
        ("/v4/export/fct_unit_intervals_v1 union select 1/2024-07.csv", 404, "unknown dataset"),
    ],
)
def test_bad_requests_are_json_errors(
    client: TestClient, path: str, status: int, message: str
) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert response.json()["success"] is False
    assert message in response.json()["error"]


def test_missing_mart_is_503_not_a_cut_stream(tmp_path: Path) -> None:
    from api.app import create_app
    from api.reader import DuckDBServingReader

    path = tmp_path / "empty.serving.duckdb"
    duckdb.connect(str(path)).close()
    response = TestClient(create_app(DuckDBServingReader(path))).get(
        "/v4/export/unit_intervals/2024-07.parquet"
    )
    assert response.status_code == 503
    assert response.json()["success"] is False


@pytest.mark.parametrize(
    ("dataset", "model"),
    [
        ("unit_intervals", "fct_unit_intervals"),
        ("fueltech_intervals", "fct_fueltech_intervals_5m"),
        ("market_summary", "fct_market_summary"),
    ],
)
def test_columns_are_the_contract_columns(dataset: str, model: str) -> None:
    (spec,) = yaml.safe_load((MARTS_DIR / f"{model}.yml").read_text())["models"]
    contract = [column["name"] for column in spec["columns"] if column["name"] != "_loaded_at"]
    assert DATASETS[dataset].columns == contract


def test_a_month_is_written_as_it_is_read(make_client: Callable[[Rows], TestClient]) -> None:
    """The first chunk leaves before the second day is queried: a file is never held whole."""
    from api.exports.files import parquet_chunks
    from api.exports.months import month_batches

    reader = make_client(ROWS).app.state.reader  # type: ignore[attr-defined]
    days: list[object] = []

    class Spy:
        def batches(self, sql: str, params: list[object]) -> Iterator[pa.RecordBatch]:
            days.append(params[0])
            return reader.batches(sql, params)  # type: ignore[no-any-return]

    dataset = DATASETS["unit_intervals"]
    chunks = parquet_chunks(dataset.schema, month_batches(Spy(), dataset, date(2024, 8, 1)))  # type: ignore[arg-type]
    assert next(chunks)[:4] == b"PAR1"
    assert days == [datetime(2024, 8, 1)]
    assert sum(1 for _ in chunks) >= 1
    assert len(days) == 31


def test_the_openapi_document_describes_the_export(client: TestClient) -> None:
    path = client.get("/openapi.json").json()["paths"]["/v4/export/{dataset}/{filename}"]["get"]
    dataset, filename = path["parameters"]
    assert dataset["schema"]["enum"] == list(DATASETS)
    assert filename["in"] == "path"
    assert set(path["responses"]["200"]["content"]) == {
        "application/vnd.apache.parquet",
        "text/csv",
    }
    assert {"400", "404"} <= set(path["responses"])
