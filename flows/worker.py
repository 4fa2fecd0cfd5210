"""`opennem worker` and `opennem dev`: serve every deployment of prefect.yaml in one process.

prefect.yaml is the file Prefect reads: `prefect deploy --all` registers it for a work pool, and
`serve_deployments` builds the same deployments for `prefect.serve` (each flow run in its own
subprocess, so a code change reaches the next run without a restart). Its deployments are the
schedules of the sources in `ingest.sources.catalog` (`expected_deployments`, each source's flow
from `FLOW_OF`) plus the check jobs (data-quality, dbt-tests); a test fails if the file drifts
from them.
"""

import os
import subprocess
import sys
from contextlib import suppress
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped]
from prefect import Flow, serve
from prefect.client.schemas.objects import ConcurrencyLimitConfig
from prefect.deployments.runner import RunnerDeployment
from prefect.flows import load_flow_from_entrypoint
from prefect.schedules import Cron

from ingest.sources.catalog import AEST, SOURCES, Schedule
from opennem.settings import PROJECT_ROOT, get_settings

PREFECT_YAML = PROJECT_ROOT / "prefect.yaml"
# The flow that runs a source's schedules: its own where it has one, else `crawl_recent` (any
# source crawled whole or by day, given the source's name).
CRAWL_RECENT = "flows/sources.py:crawl_recent"
FLOW_OF = {
    "nemweb": "flows/nem.py:nem_reports",
    "mmsdm": "flows/nem.py:nem_mmsdm",
    "registration": "flows/sources.py:registry",
}
DATA_QUALITY = Schedule("data-quality", "20 * * * *", AEST)
DATA_QUALITY_FLOW = "flows/data_quality.py:data_quality"
# Every data test and unit test of the dbt project, once a day (off the 5-minute path).
DBT_TESTS = Schedule("dbt-tests", "40 4 * * *", AEST)
DBT_TESTS_FLOW = "flows/data_quality.py:dbt_tests"
# Linux's handle on this process's session scheduling group, and the lowest priority it takes
AUTOGROUP = Path("/proc/self/autogroup")
LOWEST_NICENESS = 19


def expected_deployments() -> list[dict[str, Any]]:
    """Every deployment the sources' schedules (and the two check jobs) call for, as
    prefect.yaml writes it (name, entrypoint, parameters, schedules)."""
    specs = [
        _spec(schedule, FLOW_OF.get(source.name, CRAWL_RECENT), source.name)
        for source in SOURCES.values()
        for schedule in source.schedules
    ]
    return [
        *specs,
        _spec(DATA_QUALITY, DATA_QUALITY_FLOW, None),
        _spec(DBT_TESTS, DBT_TESTS_FLOW, None),
    ]


def _spec(schedule: Schedule, entrypoint: str, source: str | None) -> dict[str, Any]:
    parameters = dict(schedule.parameters)
    if entrypoint == CRAWL_RECENT:
        parameters = {"source": source, **parameters}
    return {
        "name": schedule.deployment,
        "entrypoint": entrypoint,
        "parameters": parameters,
        "schedules": [{"cron": schedule.cron, "timezone": schedule.timezone}],
    }


def deployment_specs(path: Path = PREFECT_YAML) -> list[dict[str, Any]]:
    specs: list[dict[str, Any]] = yaml.safe_load(path.read_text())["deployments"]
    return specs


def runner_deployment(spec: dict[str, Any]) -> RunnerDeployment:
    """One prefect.yaml deployment as a deployment `prefect.serve` can run."""
    flow: Flow[..., Any] = load_flow_from_entrypoint(str(PROJECT_ROOT / spec["entrypoint"]))
    limit = spec.get("concurrency_limit")
    deployment: RunnerDeployment = flow.to_deployment(
        name=spec["name"],
        parameters=spec.get("parameters", {}),
        schedules=[Cron(s["cron"], timezone=s["timezone"]) for s in spec.get("schedules", [])],
        concurrency_limit=ConcurrencyLimitConfig(**limit) if limit else None,
    )  # type: ignore[assignment]  # sync in a sync context
    return deployment


def lower_priority(niceness: int, idle: bool) -> None:
    """Run every thread of this process at `niceness` at least and, if `idle`, under Linux's
    SCHED_IDLE policy (threads and flow-run processes started later inherit both), so an API on
    the same machine gets the CPU first; 0 and False leave it as it was."""
    tasks = Path("/proc/self/task")
    threads = [int(task.name) for task in tasks.iterdir()] if tasks.is_dir() else [0]
    for thread in threads:
        if niceness > os.getpriority(os.PRIO_PROCESS, thread):
            os.setpriority(os.PRIO_PROCESS, thread, niceness)
        if idle:
            os.sched_setscheduler(thread, os.SCHED_IDLE, os.sched_param(0))


def lower_session_priority(niceness: int) -> None:
    """If this process leads its own session (a systemd service, `setsid`), lower the niceness
    of the session's scheduling group to `niceness` at least. Linux schedules a session as one
    group (its autogroup) against the others, so a thread's niceness and policy rank it only
    inside its own group, and a worker's group would otherwise share the CPU equally with the
    API's. (A cgroup of its own is the service manager's to lower: docs/operators.md.)"""
    if os.getsid(0) != os.getpid() or not AUTOGROUP.exists():
        return
    # a container's /proc may refuse the write; there the container's cgroup is the group
    with suppress(OSError):
        current = session_group_niceness()
        if current is not None and niceness > current:
            AUTOGROUP.write_text(f"{niceness}\n")


def session_group_niceness() -> int | None:
    """The niceness of this process's session group (`AUTOGROUP` reads "/autogroup-85 nice 0"),
    or None in the root group (init's session and those it never split off, which read empty)."""
    fields = AUTOGROUP.read_text().split()
    return int(fields[-1]) if fields else None


def lower_worker_priority(own_session: bool) -> None:
    """This process (and what it starts) below the API's CPU priority, as the settings say: its
    threads and, when `own_session` (no API started in its session), its session's group too."""
    settings = get_settings()
    niceness, idle = settings.flow_niceness, settings.flow_sched_idle
    lower_priority(niceness, idle)
    if own_session:
        lower_session_priority(LOWEST_NICENESS if idle else niceness)


def serve_deployments(own_session: bool = True) -> None:
    lower_worker_priority(own_session)
    serve(*(runner_deployment(spec) for spec in deployment_specs()))


def run_dev(host: str | None, port: int | None) -> int:
    """The API with uvicorn's reload in a child process, and the worker in this one."""
    settings = get_settings()
    api = subprocess.Popen(
        [
            *(sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory", "--reload"),
            *("--host", host or settings.api_host, "--port", str(port or settings.api_port)),
        ],
        cwd=PROJECT_ROOT,
    )
    try:
        serve_deployments(own_session=False)  # the API runs in this session
    finally:
        api.terminate()
        api.wait(timeout=10)
    return 0
