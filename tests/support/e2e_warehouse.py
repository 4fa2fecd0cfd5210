"""The warehouse the whole-pipeline tests read: simulated NEMWEB and WEM on loopback -> crawl ->
load -> registry -> dbt build, built ONCE per test run (the build is the suite's slowest step).

pytest-xdist runs modules in several processes: the first to ask builds the warehouse in a folder
the run's processes share, under a file lock the others wait on; each process then works on its
own copy of the DuckDB files (tests load into it, and DuckDB allows one writing process a file).
"""

import fcntl
import os
import pickle
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.reader import DuckDBServingReader
from cli.commands import build_registry
from flows.downstream import build
from opennem.serving import serving_path
from opennem.settings import get_settings
from opennem.warehouse import WarehouseUrl
from simulator import Simulation, serve, simulate
from simulator.layouts import TABLES
from simulator.registry import REGISTRY_PATH
from tests.support.pipeline_checks import (
    FIRST_DAY,
    LAST_DAY,
    NEM_CRAWLS,
    NEXT_DAY_CRAWLS,
    WEM_CRAWLS,
    crawl_all,
)

WAREHOUSE = "warehouse.duckdb"


@dataclass
class Pipeline:
    simulation: Simulation
    database: Path
    base_url: str
    api: TestClient


def _build(work: Path) -> Simulation:
    """Simulate two days of the NEM and the WEM into `work` and build its warehouse there."""
    database = work / WAREHOUSE
    simulation = simulate(
        work / "nemweb",
        FIRST_DAY,
        LAST_DAY,
        units=14,
        archive_days_before=LAST_DAY,
        wem=True,
        tables=(*TABLES, "DISPATCHLOAD"),
    )
    with pytest.MonkeyPatch.context() as env, serve(simulation.root) as base_url:
        env.setenv("OPENNEM_DATABASE_URL", f"duckdb:///{database}")
        get_settings.cache_clear()
        warehouse = WarehouseUrl.parse(f"duckdb:///{database}")
        crawl_all(warehouse, base_url, NEM_CRAWLS + NEXT_DAY_CRAWLS + WEM_CRAWLS)
        build_registry(xlsx=f"{base_url}/{REGISTRY_PATH.as_posix()}", co2eii=None)
        build(warehouse=warehouse)
    get_settings.cache_clear()
    return simulation


def _built_once(shared: Path) -> Simulation:
    """The simulation behind the warehouse in `shared`, built by the first process to ask."""
    shared.mkdir(parents=True, exist_ok=True)
    truth = shared / "simulation.pickle"
    with (shared / "build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not truth.exists():
            truth.write_bytes(pickle.dumps(_build(shared)))
    simulation: Simulation = pickle.loads(truth.read_bytes())
    return simulation


def _shared_folder(factory: pytest.TempPathFactory) -> Path:
    base = factory.getbasetemp()
    # each xdist worker has its own base folder inside the run's
    return (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "e2e-warehouse"


@contextmanager
def shared_pipeline(factory: pytest.TempPathFactory) -> Iterator[Pipeline]:
    """This process's copy of the run's warehouse, with its simulated sources served."""
    shared = _shared_folder(factory)
    simulation = _built_once(shared)
    work = factory.mktemp("e2e")
    for built in shared.glob(f"{Path(WAREHOUSE).stem}*.duckdb*"):
        shutil.copyfile(built, work / built.name)
    database = work / WAREHOUSE
    with serve(simulation.root) as base_url:
        api = TestClient(create_app(DuckDBServingReader(serving_path(database))))
        yield Pipeline(simulation, database, base_url, api)
