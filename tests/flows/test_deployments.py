"""prefect.yaml against the source catalogue: every source's schedule is a deployment of its flow
and nothing else is (but the data-quality job); and the APVI deployment's flow, `crawl_recent`,
run on the real APVI capture served on loopback."""

import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest
from prefect.flows import load_flow_from_entrypoint

from flows.sources import crawl_recent
from flows.worker import FLOW_OF, deployment_specs, expected_deployments
from ingest.sources.catalog import SOURCES
from opennem.settings import PROJECT_ROOT, get_settings
from tests.ingest.sources.test_apvi import CAPTURE
from tests.support.loopback import LoopbackServer


def _comparable(spec: dict[str, Any]) -> dict[str, Any]:
    keys = ("name", "entrypoint", "parameters", "schedules")
    return {key: spec.get(key, {} if key == "parameters" else None) for key in keys}


def test_prefect_yaml_is_the_catalogue_schedules() -> None:
    written = sorted((_comparable(spec) for spec in deployment_specs()), key=lambda s: s["name"])
    expected = sorted(expected_deployments(), key=lambda spec: spec["name"])
    assert written == expected


def test_every_deployment_runs_one_at_a_time_on_the_work_pool() -> None:
    for spec in deployment_specs():
        assert spec["concurrency_limit"] == {"limit": 1, "collision_strategy": "ENQUEUE"}
        assert spec["work_pool"] == {"name": "opennem"}


def test_every_source_has_a_schedule_and_its_flow_loads() -> None:
    assert set(FLOW_OF) <= set(SOURCES)
    assert all(source.schedules for source in SOURCES.values())
    for entrypoint in {spec["entrypoint"] for spec in expected_deployments()}:
        assert load_flow_from_entrypoint(str(PROJECT_ROOT / entrypoint)).name
    names = {spec["name"] for spec in deployment_specs()}
    assert "apvi-rooftop" in names


@pytest.fixture
def apvi_site(tmp_path: Path, fixtures_dir: Path) -> LoopbackServer:
    """The real capture served as today's APVI response."""
    day_file = tmp_path / "site" / "api/v2/2-digit/today.json"
    day_file.parent.mkdir(parents=True)
    shutil.copy(fixtures_dir / CAPTURE, day_file)
    return LoopbackServer(tmp_path / "site")


def test_apvi_deployment_flow_loads_the_day_then_skips_it(
    prefect_api_url: str, apvi_site: LoopbackServer, tmp_path: Path
) -> None:
    database = tmp_path / "warehouse.duckdb"
    with pytest.MonkeyPatch.context() as env, apvi_site as server:
        env.setenv("OPENNEM_DATABASE_URL", f"duckdb:///{database}")
        env.setenv("OPENNEM_APVI_URL", server.base_url)
        get_settings.cache_clear()
        first = crawl_recent("apvi", days_back=0)
        again = crawl_recent("apvi", days_back=0)
    get_settings.cache_clear()
    assert first == ["apvi_capacity", "apvi_performance"]
    assert again == []  # the same bytes: the ledger skips them, nothing to transform
    with duckdb.connect(str(database)) as conn:
        rows = conn.execute("select count(*) from raw.apvi_performance").fetchone()
        built = conn.execute("select count(*) from staging.stg_apvi__performance").fetchone()
    assert rows == (1615,)
    assert built == (1615,)
    assert server.hits("/api/v2/2-digit/today.json") == 2
