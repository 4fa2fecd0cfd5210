"""transform/selectors.yml: `marts` (what a plain `opennem transform` builds) holds every model
and seed but no check; `checks` holds the data tests, unit tests and data-quality models; a plain
`dbt test` still runs every test."""

import contextlib
import io
import json
from pathlib import Path

import pytest

from flows.downstream import with_default_selector
from opennem.transform_runner import invoke
from opennem.warehouse import WarehouseUrl


@pytest.fixture(scope="module")
def listed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[tuple[str, str]]]:
    """(resource type, name) of what each way of selecting lists (`dbt ls`)."""
    path = tmp_path_factory.mktemp("selectors") / "warehouse.duckdb"
    warehouse = WarehouseUrl.parse(f"duckdb:///{path}")
    ways = {
        "transform": with_default_selector(["build"])[1:],
        "checks": ["--selector", "checks"],
        "test": ["--resource-type", "test", "unit_test"],
    }
    return {way: resources(warehouse, args) for way, args in ways.items()}


def resources(warehouse: WarehouseUrl, args: list[str]) -> set[tuple[str, str]]:
    keys = ["--output", "json", "--output-keys", "resource_type", "name"]
    with contextlib.redirect_stdout(io.StringIO()):
        result = invoke(["ls", *args, *keys, "--quiet"], warehouse)
    assert result.success, result.exception
    return {(row["resource_type"], row["name"]) for row in map(json.loads, result.result)}


def test_a_plain_transform_builds_models_and_seeds_but_no_check(listed: dict) -> None:
    kinds = {kind for kind, _ in listed["transform"]}
    assert kinds == {"model", "seed"}
    assert ("model", "fct_unit_intervals") in listed["transform"]
    assert ("seed", "fueltechs") in listed["transform"]
    assert ("model", "fct_data_quality_findings") not in listed["transform"]


def test_the_checks_are_every_test_and_the_data_quality_models(listed: dict) -> None:
    assert ("model", "fct_data_quality_findings") in listed["checks"]
    tests = {item for item in listed["checks"] if item[0] != "model"}
    assert tests == listed["test"]
    assert ("test", "assert_fueltech_daily_matches_5m") in tests  # a rollup_reconciles test
    assert any(kind == "unit_test" for kind, _ in tests)
