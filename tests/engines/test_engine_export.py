"""`/v4/export/...` on PostgreSQL (a server-side cursor) and ClickHouse (chDB, an Arrow stream):
the month's Parquet file holds the mart's rows, cut at the month's edges in network time, with the
same schema as on DuckDB."""

import io
from datetime import datetime

import psycopg
import pyarrow.parquet as pq
from starlette.testclient import TestClient

from api.app import create_app, reader_for
from api.exports.datasets import DATASETS
from api.reader import BATCH_ROWS
from opennem.warehouse import WarehouseUrl, connect_clickhouse

COLUMNS = "interval_start, network_id, network_region, fueltech_id, power_mw"
EDGE_ROWS = [
    (datetime(2024, 6, 30, 23, 55), "NEM", "NSW1", "coal_black", 1.0),
    (datetime(2024, 7, 1, 0, 0), "NEM", "NSW1", "coal_black", 2.0),
    (datetime(2024, 7, 31, 23, 55), "NEM", "NSW1", "coal_black", None),
    (datetime(2024, 8, 1, 0, 0), "NEM", "NSW1", "coal_black", 4.0),
]
MANY = BATCH_ROWS + 10  # one day holding more than a batch


def _july(warehouse: WarehouseUrl) -> list[dict[str, object]]:
    response = TestClient(create_app(reader_for(warehouse))).get(
        "/v4/export/fueltech_intervals/2024-07.parquet"
    )
    assert response.status_code == 200
    table = pq.read_table(io.BytesIO(response.content))
    assert table.schema.equals(DATASETS["fueltech_intervals"].schema)
    return table.to_pylist()


def _check(rows: list[dict[str, object]]) -> None:
    edges = [row for row in rows if row["network_region"] == "NSW1"]
    assert [(row["interval_start"], row["power_mw"]) for row in edges] == [
        (datetime(2024, 7, 1, 0, 0), 2.0),
        (datetime(2024, 7, 31, 23, 55), None),
    ]
    assert len(rows) == 2 + MANY


def test_postgres_streams_a_month(postgres_warehouse: WarehouseUrl) -> None:
    ddl = ", ".join(
        f"{name} {'timestamp' if name == 'interval_start' else 'varchar'}"
        for name in DATASETS["fueltech_intervals"].columns
    )
    ddl = ddl.replace("is_renewable varchar", "is_renewable boolean")
    for column in ("power_mw", "energy_mwh", "emissions_t", "market_value"):
        ddl = ddl.replace(f"{column} varchar", f"{column} double precision")
    with psycopg.connect(postgres_warehouse.postgres_dsn, autocommit=True) as conn:
        conn.execute("create schema marts")
        conn.execute(f"create table marts.fct_fueltech_intervals_5m_v1 ({ddl})")
        with conn.cursor() as cursor:
            cursor.executemany(
                f"insert into marts.fct_fueltech_intervals_5m_v1 ({COLUMNS})"
                " values (%s, %s, %s, %s, %s)",
                EDGE_ROWS,
            )
        conn.execute(
            f"insert into marts.fct_fueltech_intervals_5m_v1 ({COLUMNS})"
            " select timestamp '2024-07-10 12:00', 'NEM', 'R' || n, 'wind', n"
            " from generate_series(1, %s) as n",
            [MANY],
        )
    _check(_july(postgres_warehouse))


def test_chdb_streams_a_month(chdb_warehouse: WarehouseUrl) -> None:
    client = connect_clickhouse(chdb_warehouse)
    try:
        client.command("create database marts")
        client.command(
            "create table marts.fct_fueltech_intervals_5m_v1 (interval_start DateTime64(6),"
            " network_id String, network_region String, fueltech_id String,"
            " fueltech_group_id Nullable(String), is_renewable Nullable(Bool),"
            " power_mw Nullable(Float64), energy_mwh Nullable(Float64),"
            " emissions_t Nullable(Float64), market_value Nullable(Float64))"
            " engine = MergeTree order by interval_start"
        )
        values = ", ".join(
            f"('{at:%Y-%m-%d %H:%M:%S}', '{net}', '{region}', '{ft}', {'NULL' if p is None else p})"
            for at, net, region, ft, p in EDGE_ROWS
        )
        client.command(
            f"insert into marts.fct_fueltech_intervals_5m_v1 ({COLUMNS}) values {values}"
        )
        client.command(
            f"insert into marts.fct_fueltech_intervals_5m_v1 ({COLUMNS})"
            " select toDateTime64('2024-07-10 12:00:00', 6), 'NEM', concat('R', toString(number)),"
            f" 'wind', number from numbers({MANY})"
        )
    finally:
        client.close()
    _check(_july(chdb_warehouse))


MARKET_DDL = {
    "postgres": "interval_start timestamp, network_id varchar, network_region varchar,"
    " demand double precision, price double precision",
    "clickhouse": "interval_start DateTime64(6), network_id String, network_region String,"
    " demand Nullable(Float64), price Nullable(Float64)",
}


def test_website_series_read_on_the_engine(engine_warehouse: WarehouseUrl) -> None:
    """The v3 JSON's queries (a series per scope, grouped by time only) run on the engine."""
    from api.exports.v3 import Scope
    from api.exports.website import POWER_SOURCES, scope_series
    from opennem.networks import NEM

    reader = reader_for(engine_warehouse)
    engine = engine_warehouse.engine
    suffix = " engine = MergeTree order by interval_start" if engine == "clickhouse" else ""
    for statement in (
        "create schema marts" if engine == "postgres" else "create database marts",
        f"create table marts.fct_market_summary_v2 ({MARKET_DDL[engine]}){suffix}",
        "insert into marts.fct_market_summary_v2 values"
        " ('2024-07-01 00:00:00', 'NEM', 'NSW1', 7000, 80),"
        " ('2024-07-01 00:00:00', 'NEM', 'QLD1', 6000, 60),"
        " ('2024-07-01 00:10:00', 'NEM', 'NSW1', 7100, 90)",
    ):
        _execute(engine_warehouse, statement)
    market = (POWER_SOURCES[1],)
    series = {
        one["id"]: one["history"]["data"]
        for one in scope_series(
            reader, market, Scope(NEM), datetime(2024, 7, 1), datetime(2024, 7, 2)
        )
    }
    assert series == {"au.nem.demand": [13000.0, None, 7100.0], "au.nem.price": [70.0, None, 90.0]}


def _execute(warehouse: WarehouseUrl, statement: str) -> None:
    if warehouse.engine == "postgres":
        with psycopg.connect(warehouse.postgres_dsn, autocommit=True) as conn:
            conn.execute(statement)
        return
    client = connect_clickhouse(warehouse)
    try:
        client.command(statement)
    finally:
        client.close()
