"""The flows on a simulated NEMWEB over loopback, under one Prefect test harness: registry ->
NEM report crawl (state-driven) -> incremental dbt -> data-quality findings -> /v4/health/data;
overlapping runs; and `prefect deploy --all` of prefect.yaml against the harness server."""

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.reader import DuckDBServingReader
from flows.data_quality import data_quality
from flows.nem import nem_reports
from flows.sources import registry
from ingest.sources.nemweb.crawl_state import statuses
from ingest.sources.nemweb.times import now_aest
from ingest.stores.duckdb_store import DuckDBRawStore
from opennem.serving import serving_path
from opennem.settings import PROJECT_ROOT, get_settings
from simulator import Simulation, serve, simulate
from simulator.registry import REGISTRY_PATH

DAY = date(2024, 8, 1)
SCADA = "Reports/Current/Dispatch_SCADA"
MISSING = ("202408011005", "202408011010", "202408011015")  # interval ends AEMO never published
# the first run starts `lookback` before now: reach back to the simulated day
LOOKBACK_HOURS = (now_aest() - datetime(2024, 8, 1)).total_seconds() / 3600 + 1


@dataclass
class Run:
    simulation: Simulation
    database: Path
    loaded: list[str]
    rerun_loaded: list[str]
    findings: int


def scada_files(simulation: Simulation) -> list[Path]:
    return sorted((simulation.root / SCADA).glob("*.zip"))


def use_warehouse(env: pytest.MonkeyPatch, database: Path, base_url: str) -> None:
    env.setenv("OPENNEM_DATABASE_URL", f"duckdb:///{database}")
    env.setenv("OPENNEM_NEMWEB_URL", base_url)
    env.setenv("OPENNEM_REGISTRY_URL", f"{base_url}/{REGISTRY_PATH.as_posix()}")
    get_settings.cache_clear()


def query(database: Path, sql: str) -> list[tuple[Any, ...]]:
    # the same configuration as dbt's open handle in this process (duckdb refuses another)
    with duckdb.connect(str(database)) as conn:
        return conn.execute(sql).fetchall()


@pytest.fixture(scope="module")
def simulation(tmp_path_factory: pytest.TempPathFactory) -> Simulation:
    sim = simulate(
        tmp_path_factory.mktemp("nemweb"), DAY, DAY, units=6, tables=["DISPATCH_UNIT_SCADA"]
    )
    (sim.root / "Reports/Archive/Dispatch_SCADA").mkdir(parents=True)  # listed, empty
    for path in scada_files(sim):
        if any(f"_{stamp}_" in path.name for stamp in MISSING):
            path.unlink()
    return sim


@pytest.fixture(scope="module")
def run(
    prefect_api_url: str, simulation: Simulation, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Run]:
    database = tmp_path_factory.mktemp("warehouse") / "warehouse.duckdb"
    with pytest.MonkeyPatch.context() as env, serve(simulation.root) as base_url:
        use_warehouse(env, database, base_url)
        registry()
        loaded = nem_reports(["dispatch_scada"], lookback_hours=LOOKBACK_HOURS)
        rerun = nem_reports(["dispatch_scada"], lookback_hours=LOOKBACK_HOURS)
        findings = data_quality()
        yield Run(simulation, database, loaded, rerun, findings)
    get_settings.cache_clear()


def test_report_flow_loads_every_published_file_once(run: Run) -> None:
    published = {path.name for path in scada_files(run.simulation)}
    assert set(run.loaded) == published and len(run.loaded) == len(published) == 288 - 3
    assert run.rerun_loaded == []
    (rows,) = query(run.database, "select count(*) from raw.dispatch_unit_scada")[0]
    assert rows == 6 * len(published)


def test_crawl_state_records_every_file_as_loaded(run: Run) -> None:
    with duckdb.connect(str(run.database)) as conn:
        store = DuckDBRawStore(conn)
        state = statuses(store, "dispatch_scada")
    assert set(state.values()) == {"loaded"}
    assert len(state) == 288 - 3


def test_transform_built_the_marts_downstream_of_scada(run: Run) -> None:
    (intervals,) = query(
        run.database, "select count(distinct interval_start) from marts.fct_unit_intervals_v1"
    )[0]
    assert intervals == 288 - 3


def test_gap_is_a_finding_served_at_health_data(run: Run) -> None:
    api = TestClient(create_app(DuckDBServingReader(serving_path(run.database))))

    body = api.get("/v4/health/data").json()

    gaps = [f for f in body["findings"] if f["check_name"] == "interval_gap"]
    assert run.findings == len(body["findings"]) >= 1
    assert [(g["subject"], g["first_interval_start"], g["last_interval_start"]) for g in gaps] == [
        ("dispatch_unit_scada", "2024-08-01T10:00:00", "2024-08-01T10:10:00")
    ]
    assert gaps[0]["detail"].startswith("3 missing intervals of dispatch_unit_scada")


def test_overlapping_runs_of_one_flow_load_each_file_once(
    prefect_api_url: str, simulation: Simulation, tmp_path: Path
) -> None:
    database = tmp_path / "warehouse.duckdb"
    results: list[list[str]] = []
    with pytest.MonkeyPatch.context() as env, serve(simulation.root) as base_url:
        use_warehouse(env, database, base_url)
        runs = [
            threading.Thread(
                target=lambda: results.append(
                    nem_reports(["dispatch_scada"], lookback_hours=LOOKBACK_HOURS, transform=False)
                )
            )
            for _ in range(2)
        ]
        for thread in runs:
            thread.start()
        for thread in runs:
            thread.join(timeout=120)
    get_settings.cache_clear()

    assert sorted(len(loaded) for loaded in results) == [0, 288 - 3]
    assert query(database, "select count(*), count(distinct file_name) from raw.load_ledger") == [
        (288 - 3, 288 - 3)
    ]


def test_prefect_deploy_all_registers_every_deployment(prefect_api_url: str) -> None:
    env = {**os.environ, "PREFECT_API_URL": prefect_api_url, "OPENNEM_HOME": str(PROJECT_ROOT)}
    env["COLUMNS"] = "240"  # rich tables truncate long deployment names in narrow terminals
    prefect = [sys.executable, "-m", "prefect", "--no-prompt"]

    def run_prefect(*args: str) -> str:
        done = subprocess.run(
            [*prefect, *args], env=env, cwd=PROJECT_ROOT, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    run_prefect("work-pool", "create", "opennem", "--type", "process", "--overwrite")
    run_prefect("deploy", "--all")
    listed = run_prefect("deployment", "ls")

    for name in ("nem-dispatch-scada", "nem-next-day-actual-gen", "nem-mmsdm-monthly", "wem-daily"):
        assert name in listed
