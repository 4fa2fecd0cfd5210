"""The registry and data-quality flows on PostgreSQL, chosen only by OPENNEM_DATABASE_URL (no
DuckDB file): the simulated registration list over loopback -> dim_units; dbt
checks -> raw.data_quality_checks -> the findings mart the flow reads back."""

from collections.abc import Iterator

import pytest

from flows.data_quality import data_quality
from flows.sources import registry
from ingest.stores import open_store
from opennem.settings import get_settings
from opennem.warehouse import WarehouseUrl, current
from simulator import serve, simulate
from simulator.registry import REGISTRY_PATH
from tests.engines.conftest import postgres_database
from tests.flows.test_flows import DAY


@pytest.fixture
def configured(
    prefect_api_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[WarehouseUrl]:
    simulation = simulate(tmp_path_factory.mktemp("nemweb"), DAY, DAY, units=4, tables=[])
    with (
        postgres_database() as warehouse,
        serve(simulation.root) as base_url,
        pytest.MonkeyPatch.context() as env,
    ):
        env.setenv("OPENNEM_DATABASE_URL", warehouse.url)
        env.setenv("OPENNEM_REGISTRY_URL", f"{base_url}/{REGISTRY_PATH.as_posix()}")
        get_settings.cache_clear()
        yield warehouse
    get_settings.cache_clear()


def test_registry_then_data_quality_on_postgres(configured: WarehouseUrl) -> None:
    assert current() == configured

    registry()
    findings = data_quality()

    with open_store(configured) as store:
        (units,) = store.fetch_rows("select count(*) from marts.dim_units_v1")[0]
        checks = store.fetch_rows("select check_name, subject from raw.data_quality_checks")
        (published,) = store.fetch_rows("select count(*) from marts.fct_data_quality_findings_v1")[
            0
        ]
    assert units > 0
    assert ("source_freshness", "aemo.dispatch_unit_scada") in checks
    assert findings == published > 0  # the empty SCADA table is stale at least
