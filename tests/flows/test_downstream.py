"""What a load flow's dbt run selects: descendants only on a built warehouse, with their inputs on a
new one, never the checks; and what a plain `opennem transform` builds."""

from pathlib import Path

import duckdb

from flows.downstream import changed_models, is_built, with_default_selector
from opennem.warehouse import WarehouseUrl


def test_a_build_or_run_without_a_selection_takes_the_marts_selector() -> None:
    assert with_default_selector(["build"]) == ["build", "--selector", "marts"]
    assert with_default_selector(["build", "--full-refresh"]) == [
        "build",
        "--full-refresh",
        "--selector",
        "marts",
    ]
    assert with_default_selector(["run"]) == ["run", "--selector", "marts"]


def test_an_explicit_selection_or_another_command_is_left_alone() -> None:
    assert with_default_selector(["build", "--select", "fct_market_summary+"]) == [
        "build",
        "--select",
        "fct_market_summary+",
    ]
    assert with_default_selector(["build", "--exclude", "tag:x"]) == ["build", "--exclude", "tag:x"]
    assert with_default_selector(["build", "--selector", "checks"]) == [
        "build",
        "--selector",
        "checks",
    ]
    assert with_default_selector(["test"]) == ["test"]
    assert with_default_selector(["docs", "generate"]) == ["docs", "generate"]


def test_a_built_warehouse_runs_the_descendants_of_the_changed_tables_only() -> None:
    assert changed_models(
        "aemo", ["dispatch_price", "dispatch_unit_scada", "dispatch_price"], built=True
    ) == [
        "run",
        "--select",
        "source:aemo.dispatch_price+",
        "source:aemo.dispatch_unit_scada+",
        "--exclude",
        "tag:data_quality",
    ]


def test_a_new_warehouse_builds_the_inputs_too_without_the_checks() -> None:
    assert changed_models("aemo", ["dispatch_unit_scada"], built=False) == [
        "build",
        "--select",
        "@source:aemo.dispatch_unit_scada",
        "--exclude",
        "resource_type:test",
        "resource_type:unit_test",
        "tag:data_quality",
    ]


def test_a_warehouse_is_built_once_it_has_dim_units(tmp_path: Path) -> None:
    path = tmp_path / "warehouse.duckdb"
    warehouse = WarehouseUrl.parse(f"duckdb:///{path}")
    assert not is_built(warehouse)
    with duckdb.connect(str(path)) as conn:
        conn.execute("create schema marts")
        conn.execute("create table marts.dim_units_v1 (unit_code varchar)")
    assert is_built(warehouse)
