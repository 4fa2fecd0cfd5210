"""The core's warehouse URLs: one setting picks the engine; dbt's profile variables follow it."""

from pathlib import Path

import pytest

from opennem.serving import serving_path
from opennem.transform_runner import dbt_environment, engine_args
from opennem.warehouse import WarehouseUrl


@pytest.mark.parametrize(
    ("url", "engine"),
    [
        ("duckdb:///data/opennem.duckdb", "duckdb"),
        ("postgresql://u:p@127.0.0.1:5432/opennem", "postgres"),
        ("postgresql+psycopg://u@host/opennem", "postgres"),
        ("clickhouse://default@host:8123/default", "clickhouse"),
        ("chdb:///tmp/chdb", "clickhouse"),
    ],
)
def test_the_scheme_picks_the_engine(url: str, engine: str) -> None:
    assert WarehouseUrl.parse(url).engine == engine


def test_an_unknown_scheme_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unsupported OPENNEM_DATABASE_URL scheme 'sqlite'"):
        WarehouseUrl.parse("sqlite:///x.db")


def test_duckdb_paths_relative_and_absolute_and_the_serving_copy() -> None:
    assert WarehouseUrl.parse("duckdb:///data/w.duckdb").duckdb_path == Path("data/w.duckdb")
    absolute = WarehouseUrl.parse("duckdb:////srv/w.duckdb").duckdb_path
    assert absolute == Path("/srv/w.duckdb")
    assert serving_path(absolute) == Path("/srv/w.serving.duckdb")


def test_postgres_dsn_drops_the_driver_suffix() -> None:
    url = WarehouseUrl.parse("postgresql+psycopg://u:p@db:5433/opennem")
    assert url.postgres_dsn == "postgresql://u:p@db:5433/opennem"


def test_dbt_profile_variables_follow_the_url() -> None:
    env = dbt_environment(WarehouseUrl.parse("clickhouse+https://me:pw@ch.example:8443/energy"))
    assert env["OPENNEM_DBT_TARGET"] == "clickhouse"
    assert (env["OPENNEM_DBT_HOST"], env["OPENNEM_DBT_PORT"]) == ("ch.example", "8443")
    assert (env["OPENNEM_DBT_USER"], env["OPENNEM_DBT_DATABASE"]) == ("me", "energy")
    assert env["OPENNEM_DBT_SECURE"] == "True"


def test_unit_tests_run_on_duckdb_only() -> None:
    postgres = WarehouseUrl.parse("postgresql://u@h/db")
    assert engine_args(["build"], postgres) == ["--exclude-resource-type", "unit_test"]
    assert engine_args(["build"], WarehouseUrl.parse("duckdb:///w.duckdb")) == []
    assert engine_args(["docs", "generate"], postgres) == []
