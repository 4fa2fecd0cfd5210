"""`opennem publish [--full]`: the configured DuckDB warehouse's marts published for the API."""

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from cli.main import main
from opennem.serving import read_manifest, serving_dir, serving_path
from opennem.settings import get_settings


@pytest.fixture
def configured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A warehouse with one 5-minute mart of two days, configured as OPENNEM_DATABASE_URL."""
    database = tmp_path / "w.duckdb"
    with duckdb.connect(str(database)) as conn:
        conn.execute("create schema marts")
        conn.execute(
            "create table marts.fct_things_5m_v1 as select ts as interval_start, 1.0 as power_mw, "
            "timestamp '2024-07-03' as _loaded_at from generate_series(timestamp '2024-07-01', "
            "timestamp '2024-07-02 23:55', interval 5 minute) as g(ts)"
        )
    monkeypatch.setenv("OPENNEM_DATABASE_URL", f"duckdb:///{database}")
    get_settings.cache_clear()
    yield database
    get_settings.cache_clear()


def generations(database: Path) -> set[str]:
    table = read_manifest(serving_dir(database)).tables["fct_things_5m_v1"]
    return {partition.file.split(".")[-2] for partition in table.partitions.values()}


def test_publish_then_full_rewrites_every_partition(
    configured: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["publish"]) == 0
    assert main(["publish"]) == 0  # nothing changed: nothing rewritten
    assert generations(configured) == {"1"}

    assert main(["publish", "--full"]) == 0

    assert generations(configured) == {"2"}  # the next generation after the files on disk
    assert f"published the marts: {serving_path(configured)}" in capsys.readouterr().out
    with duckdb.connect(str(serving_path(configured)), read_only=True) as conn:
        assert conn.execute("select count(*) from marts.fct_things_5m_v1").fetchall() == [(576,)]


def test_publish_on_postgres_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("OPENNEM_DATABASE_URL", "postgresql://u@127.0.0.1:5432/none")
    get_settings.cache_clear()
    try:
        assert main(["publish"]) == 1
    finally:
        get_settings.cache_clear()
    assert "only a DuckDB warehouse is published" in capsys.readouterr().err
