"""The API serves the numbers a direct SQL query on the marts gives, for every metric of
`/v4/data/network` and `/v4/market/network`, every network, the intervals 5m, 1h, 1d and 1M,
and every grouping, over the warehouse the real pipeline built (tests/e2e/conftest.py). The
expected numbers come from tests/support/mart_sql.py, written apart from the API's query builder.
"""

from typing import Any

import pytest

from tests.support.e2e_warehouse import Pipeline
from tests.support.mart_sql import (
    GENERATION_METRICS,
    MARKET_METRICS,
    SECONDARY,
    WINDOWS,
    Expected,
    Window,
    generation,
    market,
    served,
    storage,
)

pytestmark = pytest.mark.e2e

NETWORKS = ("NEM", "WEM", "AU")
GROUPINGS = (None, *SECONDARY)


def grouping_params(secondary: str | None) -> dict[str, str]:
    if secondary is None:
        return {"primary_grouping": "network"}
    return {"primary_grouping": "network_region", "secondary_grouping": secondary}


def get(pipeline: Pipeline, path: str, params: dict[str, Any]) -> dict[str, Expected]:
    """The served values per metric (no values where the marts hold no rows)."""
    response = pipeline.api.get(path, params=params)
    assert response.status_code == 200, response.text
    return served(response.json())


def assert_same(found: dict[str, Expected], expected: dict[str, Expected]) -> None:
    for metric, values in expected.items():
        assert found[metric].keys() == values.keys(), metric
        assert found[metric] == pytest.approx(values, rel=1e-9, abs=1e-6), metric


@pytest.mark.parametrize("window", WINDOWS, ids=lambda w: w.interval)
@pytest.mark.parametrize("network", NETWORKS)
def test_network_data_is_the_marts(pipeline: Pipeline, network: str, window: Window) -> None:
    database = str(pipeline.database.with_name("warehouse.serving.duckdb"))
    checked = 0
    for secondary in GROUPINGS:
        params = {**window.params(), **grouping_params(secondary)}
        found = get(
            pipeline, f"/v4/data/network/{network}", {**params, "metrics": GENERATION_METRICS}
        )
        expected = generation(database, network, window, secondary)
        assert_same(found, expected)
        checked += sum(len(values) for values in expected.values())

        battery = get(
            pipeline, f"/v4/data/network/{network}", {**params, "metrics": "storage_battery"}
        )
        assert_same(battery, {"storage_battery": storage(database, network, window, secondary)})
    assert checked > 0


@pytest.mark.parametrize("window", WINDOWS, ids=lambda w: w.interval)
@pytest.mark.parametrize("network", NETWORKS)
def test_market_is_the_marts(pipeline: Pipeline, network: str, window: Window) -> None:
    database = str(pipeline.database.with_name("warehouse.serving.duckdb"))
    for by_region in (False, True):
        params = {
            **window.params(),
            "primary_grouping": "network_region" if by_region else "network",
            "metrics": MARKET_METRICS,
        }
        found = get(pipeline, f"/v4/market/network/{network}", params)
        expected = market(database, network, window, by_region)
        assert expected["price"], "the marts hold prices to compare"
        assert_same(found, expected)
