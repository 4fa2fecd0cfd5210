"""The demo's output: dbt runs inside `dbt_progress` log to the named file, not the console, and
their finished nodes are counted; a failing run names that file."""

from pathlib import Path

import pytest

from cli.demo import summary_lines
from cli.demo_output import dbt_progress
from opennem.settings import get_settings
from opennem.transform_runner import TransformError, run_dbt
from opennem.warehouse import WarehouseUrl

SEEDS = ["seed", "--select", "fueltechs", "fueltech_groups"]


@pytest.fixture
def warehouse(tmp_path: Path) -> WarehouseUrl:
    return WarehouseUrl.parse(f"duckdb:///{tmp_path / 'w.duckdb'}")


def test_dbt_logs_to_the_file_and_counts_its_nodes(
    warehouse: WarehouseUrl, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    log_dir = tmp_path / "logs"
    with dbt_progress("seeds", log_dir) as nodes:
        run_dbt(SEEDS, warehouse)
    printed = capfd.readouterr()
    assert nodes.finished == 2
    assert nodes.failed == 0
    assert "fueltech_groups" in (log_dir / "dbt.log").read_text()
    assert "fueltech_groups" not in printed.out + printed.err


def test_a_failing_run_names_the_log_file(warehouse: WarehouseUrl, tmp_path: Path) -> None:
    log_dir = tmp_path / "logs"
    with dbt_progress("seeds", log_dir), pytest.raises(TransformError) as failure:
        run_dbt(["run", "--select", "no_such_model", "--fail-fast", "--warn-error"], warehouse)
    assert str(log_dir / "dbt.log") in str(failure.value)


def test_the_summary_names_the_warehouse_log_and_urls_on_one_screen(
    warehouse: WarehouseUrl, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("OPENNEM_DATABASE_URL", warehouse.url)
    get_settings.cache_clear()
    try:
        lines = summary_lines(925, 86_706, tmp_path / "logs", 8000, serving=True)
    finally:
        get_settings.cache_clear()
    assert lines["page"] == "http://127.0.0.1:8000/"
    assert lines["dbt log"] == str(tmp_path / "logs" / "dbt.log")
    assert str(warehouse.duckdb_path) in lines["warehouse"]
    assert lines["loaded"].startswith("925 files, 86,706 rows")
    assert len(lines) <= 12
