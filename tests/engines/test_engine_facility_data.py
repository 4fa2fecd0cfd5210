"""`/v4/data/facilities/{network}` on the PostgreSQL and ClickHouse (chDB) readers: the unit marts
created with the API tests' columns and rows, the same numbers as on DuckDB."""

from collections.abc import Sequence
from datetime import date, datetime

import pytest
from starlette.testclient import TestClient

from api.app import create_app, reader_for
from opennem.warehouse import WarehouseUrl, connect_clickhouse, connect_postgres
from tests.api.conftest import MART_DDL
from tests.api.series_rows import dim_unit, storage_5m, unit_5m, unit_daily

T0 = datetime(2024, 7, 1)
ROWS: dict[str, Sequence[tuple[object, ...]]] = {
    "fct_unit_intervals_v1": unit_5m(T0, 24, "HPR1", "SA1", "battery_discharging", 50.0)
    + unit_5m(T0, 24, "HPR1", "SA1", "battery_charging", -20.0, skip=(3,)),
    "fct_unit_intervals_daily_v1": [
        unit_daily(date(2024, 6, 30), "HPR1", "SA1", "battery_discharging", 600.0, storage=80.0)
    ],
    "fct_battery_storage_5m_v1": storage_5m(T0, [100.0 + 10 * i for i in range(12)], "HPR1", "SA1"),
    "dim_units_v1": [dim_unit("HPR1", "SA1", "battery_discharging", "operating")],
}


def _columns(table: str) -> list[tuple[str, str]]:
    """(name, DuckDB type) of the table's columns but `_loaded_at`, as the API tests write them."""
    pairs = [tuple(column.split()) for column in MART_DDL[table].split(", ")]
    return [(name, kind) for name, kind in pairs if name != "_loaded_at"]


def _filled(columns: list[tuple[str, str]], rows: Sequence[tuple[object, ...]]) -> list[str]:
    """The leading columns the rows give (later columns stay null, as in the API tests)."""
    return [name for name, _ in columns][: len(rows[0])]


def _create_postgres(warehouse: WarehouseUrl) -> None:
    with connect_postgres(warehouse) as conn:
        conn.execute("create schema marts")
        for table, rows in ROWS.items():
            columns = _columns(table)
            ddl = ", ".join(f"{n} {'double precision' if k == 'double' else k}" for n, k in columns)
            conn.execute(f"create table marts.{table} ({ddl})")
            names = _filled(columns, rows)
            marks = ", ".join("%s" for _ in names)
            with conn.cursor() as cursor:
                cursor.executemany(
                    f"insert into marts.{table} ({', '.join(names)}) values ({marks})", rows
                )


def _create_clickhouse(warehouse: WarehouseUrl) -> None:
    client = connect_clickhouse(warehouse)
    try:
        client.command("create database marts")
        for table, rows in ROWS.items():
            columns = _columns(table)
            ddl = ", ".join(f"{name} Nullable({kind})" for name, kind in columns)
            client.command(
                f"create table marts.{table} ({ddl}) engine = MergeTree order by tuple()"
            )
            client.insert(f"marts.{table}", rows, column_names=_filled(columns, rows))
    finally:
        client.close()


@pytest.fixture
def client(engine_warehouse: WarehouseUrl) -> TestClient:
    if engine_warehouse.engine == "postgres":
        _create_postgres(engine_warehouse)
    else:
        _create_clickhouse(engine_warehouse)
    return TestClient(create_app(reader_for(engine_warehouse)))


def _values(client: TestClient, **params: object) -> dict[str, list[object]]:
    response = client.get("/v4/data/facilities/NEM", params={"unit_code": "HPR1", **params})
    assert response.status_code == 200, response.text
    return {
        r["name"]: [v for _, v in r["data"]] for i in response.json()["data"] for r in i["results"]
    }


def test_facility_data_on_each_engine(client: TestClient) -> None:
    five = _values(client, metrics="power", date_start="2024-07-01", date_end="2024-07-01T00:25")
    assert five == {"power_HPR1": [30.0, 30.0, 30.0, 50.0, 30.0]}  # parts summed; a part's gap
    hourly = _values(client, metrics=["power", "storage_battery"], interval="1h", date_start=T0)
    assert hourly["power_HPR1"] == pytest.approx([30.0 + 20 / 12, 30.0])
    assert hourly["storage_battery_HPR1"] == [155.0, None]
    daily = _values(
        client, metrics=["energy", "storage_battery"], interval="1d", date_start="2024-06-29"
    )
    assert daily == {"energy_HPR1": [None, 600.0], "storage_battery_HPR1": [None, 80.0]}
    unknown = client.get("/v4/data/facilities/NEM", params={"unit_code": "X1", "metrics": "power"})
    assert (unknown.status_code, unknown.json()["success"]) == (404, False)
