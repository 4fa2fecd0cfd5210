"""`opennem crawl wem:<dataset>`: the CLI crawls a simulated AEMO WA site on loopback into the
configured warehouse, and a second crawl loads nothing new."""

from datetime import date
from pathlib import Path

import duckdb
import pytest

from cli.main import main
from opennem.settings import get_settings
from simulator import serve, simulate


def crawl(database: Path, base_url: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    argv = [
        "crawl",
        "wem:reference_trading_price",
        "--since",
        "2024-08-01",
        "--until",
        "2024-08-01",
    ]
    with pytest.MonkeyPatch.context() as env:
        env.setenv("OPENNEM_DATABASE_URL", f"duckdb:///{database}")
        get_settings.cache_clear()
        code = main([*argv, "--base-url", base_url])
    get_settings.cache_clear()
    return code, capsys.readouterr().out


def test_crawl_wem_dataset_from_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "sites"
    simulate(
        root, date(2024, 8, 1), date(2024, 8, 1), units=2, tables=["DISPATCH_UNIT_SCADA"], wem=True
    )
    database = tmp_path / "warehouse.duckdb"

    with serve(root) as base_url:
        first = crawl(database, base_url, capsys)
        second = crawl(database, base_url, capsys)

    with duckdb.connect(str(database)) as conn:
        (prices,) = conn.execute(
            "select count(*) from raw.wem_reference_trading_price"
        ).fetchone() or (0,)
    assert first[0] == 0 and "1 loaded" in first[1], first[1]
    assert prices == 48
    assert second[0] == 0 and "1 loaded" not in second[1], second[1]
