"""`opennem backfill --source nem-mmsdm --from 2009-07 --to 2009-08` against a loopback MMSDM
mirror (the simulator's archives, `PUBLIC_DVD_*` naming): the history loads, the tables AEMO did
not publish then are reported as such, and a second run loads nothing."""

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import pytest

from cli.main import main
from opennem.settings import get_settings
from simulator import Simulation, serve, simulate

UNITS = 3
DAYS = 31 + 31  # July and August 2009
TABLES = ("DISPATCH_UNIT_SCADA", "DISPATCHPRICE")


@pytest.fixture(scope="module")
def mirror(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Simulation, str]]:
    root = tmp_path_factory.mktemp("mmsdm")
    simulation = simulate(
        root, date(2009, 7, 1), date(2009, 8, 31), units=UNITS, mmsdm=True, current=False,
        tables=TABLES,
    )  # fmt: skip
    with serve(root) as base_url:
        yield simulation, base_url


def backfill(database: Path, base_url: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    with pytest.MonkeyPatch.context() as env:
        env.setenv("OPENNEM_DATABASE_URL", f"duckdb:///{database}")
        get_settings.cache_clear()
        argv = ["backfill", "--source", "nem-mmsdm", "--from", "2009-07", "--to", "2009-08"]
        code = main([*argv, "--base-url", base_url])
    get_settings.cache_clear()
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_history_loads_once_and_resumes(
    mirror: tuple[Simulation, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    simulation, base_url = mirror
    database = tmp_path / "warehouse.duckdb"

    code, first = backfill(database, base_url, capsys)
    again, second = backfill(database, base_url, capsys)

    assert code == 0, first
    with duckdb.connect(str(database)) as conn:
        files = [
            name
            for (name,) in conn.execute(
                "select file_name from raw.load_ledger order by 1"
            ).fetchall()
        ]
        (scada_rows,) = conn.execute("select count(*) from raw.dispatch_unit_scada").fetchone() or (
            0,
        )
    topology = "PUBLIC_DVD_INTERCONNECTOR_200907010000.zip"  # written for the first month
    assert files == sorted(
        [
            topology,
            *(
                f"PUBLIC_DVD_{table}_{month}010000.zip"
                for table in TABLES
                for month in ("200907", "200908")
            ),
        ]
    )
    assert scada_rows == UNITS * DAYS * 288 == len(simulation.units) * DAYS * 288
    assert "not published" in first and "failed" in first
    assert " 0 failed," in first
    assert again == 0 and "5 already loaded, 0 loaded" in second
