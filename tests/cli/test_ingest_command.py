"""`opennem ingest PATH_OR_URL...` on every real source file in the fixtures, into a DuckDB
warehouse: each is recognised as its source's kind and lands in that source's raw tables.

The NEMOSIS files (fixtures/PROVENANCE.md) are filtered copies whose END OF REPORT count is the
original file's, so they are rejected unless `--no-count-check` is given. So is OpenNEM's copy of
`PUBLIC_DVD_INTERCONNECTOR_202006010000.CSV`: it holds six rows (LASTCHANGED 2022) added after
AEMO counted 11 lines.
"""

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import duckdb
import pytest

from cli.main import main
from ingest.formats.archives import file_name_of
from opennem.settings import get_settings
from tests.support.loopback import LoopbackServer

SOURCE_DIRS = ("nemweb/current", "mmsdm", "wem", "bom", "apvi", "registry")
FILTERED = (
    "nemweb/current/Daily_Reports/",
    "nemweb/current/Next_Day_Dispatch/",
    "nemweb/current/Next_Day_Intermittent_Gen_Scada/",
    "mmsdm/2021_09/",
    "mmsdm/2021_10/",
    "mmsdm/2024_07/",
    "mmsdm/2024_08/",
    "mmsdm/2020_06/PUBLIC_DVD_INTERCONNECTOR_202006010000.CSV",
)
# AEMO's Generation Information workbook: no source reads it.
NO_SOURCE = ("registry/Generation_Information_SA_05062017.xlsx",)
LINE = re.compile(r"^(loaded|rejected|skipped)\s+(\S+): (.*)$")
BOM = "bom/IDV60801.94693.json"
PULSE = "wem/pulse.csv"
SCADA = "nemweb/current/Dispatch_SCADA/PUBLIC_DISPATCHSCADA_202109021255_0000000348376188.zip"


@pytest.fixture
def warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    database = tmp_path / "w.duckdb"
    monkeypatch.setenv("OPENNEM_DATABASE_URL", f"duckdb:///{database}")
    get_settings.cache_clear()
    yield database
    get_settings.cache_clear()


def ingest(
    capsys: pytest.CaptureFixture[str], *arguments: str
) -> tuple[int, dict[str, tuple[str, str]]]:
    """Exit code, and per file name its (status, reason or row count) as printed."""
    code = main(["ingest", *arguments])
    lines = [LINE.match(line) for line in capsys.readouterr().out.splitlines()]
    return code, {m[2]: (m[1], m[3]) for m in lines if m}


def source_files(fixtures_dir: Path) -> list[str]:
    """Every file of the source folders, relative to the fixtures."""
    paths = (path for folder in SOURCE_DIRS for path in (fixtures_dir / folder).rglob("*"))
    return sorted(str(path.relative_to(fixtures_dir)) for path in paths if path.is_file())


def is_filtered(relative: str) -> bool:
    return relative.startswith(FILTERED)


def count(database: Path, query: str) -> int:
    with duckdb.connect(str(database), read_only=True) as conn:
        row = conn.execute(query).fetchone()
    assert row is not None
    return int(row[0])


def rows(database: Path, table: str) -> int:
    return count(database, f"select count(*) from raw.{table}")


def test_every_real_source_file_loads_except_filtered_copies(
    fixtures_dir: Path, warehouse: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = source_files(fixtures_dir)
    assert {BOM, PULSE, "apvi/apvi_forecast_response.json"} <= set(files)

    code, printed = ingest(capsys, *(str(fixtures_dir / f) for f in files))

    assert code == 1  # the filtered copies are rejected
    assert len(printed) == len(files), printed
    for relative in files:
        status, detail = printed[file_name_of(relative)]
        if is_filtered(relative):
            assert status == "rejected" and "END OF REPORT says" in detail, (relative, detail)
        elif relative in NO_SOURCE:
            assert status == "rejected" and "not a file of any kind" in detail, (relative, detail)
        else:
            assert status == "loaded", (relative, detail)
    expected = {
        "bom_observations": 162,
        "apvi_performance": 1615,
        "apvi_capacity": 75,
        "wem_pulse": 145,
        "registration_units": 573,
        "dispatch_unit_scada": 390,
        "trading_regionsum": 7200,
        "co2eii_publishing": 386,
    }
    assert {table: rows(warehouse, table) for table in expected} == expected


def test_filtered_copies_load_with_no_count_check(
    fixtures_dir: Path, warehouse: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    filtered = [f for f in source_files(fixtures_dir) if is_filtered(f)]
    paths = [str(fixtures_dir / f) for f in filtered]
    without, _ = ingest(capsys, *paths)

    code, printed = ingest(capsys, "--no-count-check", *paths)

    assert without == 1 and code == 0, printed
    assert {status for status, _ in printed.values()} == {"loaded"}
    assert len(printed) == len(filtered)
    assert rows(warehouse, "dispatch_unit_scada") == 2 * 2880  # 2024-07 and 2024-08
    assert rows(warehouse, "trading_price") == 480 + 3 * 2880
    ledger = "select count(*) from raw.load_ledger where status = 'rejected'"
    assert count(warehouse, ledger) == 0  # each good load dropped its rejected row


def test_an_unknown_file_is_rejected_and_the_good_ones_beside_it_load(
    fixtures_dir: Path, warehouse: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a market file\n")
    other_json = fixtures_dir / "aemo_api" / "aemo_5min_data.json"  # real, but no source's
    missing = tmp_path / "missing.zip"

    code, printed = ingest(
        capsys, str(notes), str(fixtures_dir / BOM), str(other_json), str(missing)
    )

    assert code == 1
    for name in ("notes.txt", "aemo_5min_data.json"):
        status, reason = printed[name]
        assert status == "rejected"
        assert reason.startswith("not a file of any kind") and "BOM" in reason
    assert printed["missing.zip"][0] == "rejected" and "cannot read" in printed["missing.zip"][1]
    assert printed["IDV60801.94693.json"][0] == "loaded"
    assert rows(warehouse, "bom_observations") == 162
    ledger = (
        "select count(*) from raw.load_ledger where status = 'rejected' "
        "and file_name = 'notes.txt' and reason like 'notes.txt: %accepted: MMS CSV%'"
    )
    assert count(warehouse, ledger) == 1


@pytest.mark.parametrize(
    ("fixture", "renamed", "table", "expected"),
    [
        (BOM, "weather.json", "bom_observations", 162),
        (PULSE, "wa-balancing.csv", "wem_pulse", 145),
        (
            "mmsdm/2017_06/PUBLIC_DVD_STATION_201706010000.CSV",
            "stations.txt",
            "participant_registration_station",
            315,
        ),
    ],
)
def test_a_file_is_recognised_by_its_content_under_another_name(
    fixtures_dir: Path,
    warehouse: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    fixture: str,
    renamed: str,
    table: str,
    expected: int,
) -> None:
    copy = tmp_path / renamed
    copy.write_bytes((fixtures_dir / fixture).read_bytes())

    code, printed = ingest(capsys, str(copy))

    assert code == 0 and printed[renamed] == ("loaded", f"{expected} rows")
    assert rows(warehouse, table) == expected


def test_urls_served_on_loopback_load(
    fixtures_dir: Path, warehouse: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with LoopbackServer(fixtures_dir) as server:
        urls = [f"{server.base_url}/{quote(path)}" for path in (BOM, PULSE, SCADA)]
        code, printed = ingest(capsys, *urls)
        missing_code, missing = ingest(capsys, f"{server.base_url}/bom/IDV60801.00000.json")

    assert code == 0, printed
    assert [status for status, _ in printed.values()] == ["loaded"] * 3
    assert rows(warehouse, "wem_pulse") == 145 and rows(warehouse, "dispatch_unit_scada") == 390
    ledger = (
        f"select count(*) from raw.load_ledger where source = '{urls[0]}' and status = 'loaded'"
    )
    assert count(warehouse, ledger) == 1
    assert missing_code == 1
    status, reason = missing["IDV60801.00000.json"]
    assert status == "rejected" and "cannot read" in reason and "HTTP 404" in reason


def test_the_ingest_command_imports_no_scheduler_transform_or_other_engine_client() -> None:
    """`opennem ingest` of local files starts in a fraction of a second: its path imports
    neither Prefect, dbt, Arrow, the HTTP client, the xlsx reader nor other engines' clients
    (each is imported where it is used). A fresh interpreter, since this one has them all."""
    heavy = ("prefect", "dbt", "pyarrow", "httpx", "openpyxl", "psycopg", "clickhouse_connect")
    script = (
        "import sys, cli.main, cli.commands, ingest.sources.catalog, ingest.stores.duckdb_store;"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({heavy!r})))"
    )
    imported = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True
    ).stdout
    assert imported.strip() == "[]"
