"""The CLI on PostgreSQL and ClickHouse (chDB), chosen only by OPENNEM_DATABASE_URL: `opennem
ingest` of a real SCADA file, `opennem crawl` of a simulated NEMWEB on loopback, and `opennem
registry` (real registration list and CO2EII file -> dbt -> the unmapped-DUID report)."""

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from cli.commands import warehouse_summary
from cli.main import main
from ingest.sources.registration import unmapped_scada_duids
from ingest.stores import open_store
from opennem.settings import get_settings
from opennem.warehouse import WarehouseUrl
from simulator import serve, simulate
from tests.ingest.sources.test_registration_build import CO2EII, REGISTRATION, SCADA

DAY = date(2024, 8, 1)


@pytest.fixture
def configured(
    engine_warehouse: WarehouseUrl, monkeypatch: pytest.MonkeyPatch
) -> Iterator[WarehouseUrl]:
    """`engine_warehouse` as the configured warehouse (OPENNEM_DATABASE_URL)."""
    monkeypatch.setenv("OPENNEM_DATABASE_URL", engine_warehouse.url)
    get_settings.cache_clear()
    yield engine_warehouse
    get_settings.cache_clear()


def scalar(warehouse: WarehouseUrl, query: str) -> object:
    with open_store(warehouse) as store:
        return store.fetch_rows(query)[0][0]


def test_ingest_loads_once_into_the_configured_engine(
    configured: WarehouseUrl, fixtures_dir: Path
) -> None:
    assert main(["ingest", str(fixtures_dir / SCADA)]) == 0
    assert main(["ingest", str(fixtures_dir / SCADA)]) == 0

    assert int(str(scalar(configured, "select count(*) from raw.dispatch_unit_scada"))) > 0
    assert warehouse_summary() == "1 files loaded"


def test_crawl_loads_the_simulated_day(configured: WarehouseUrl, tmp_path: Path) -> None:
    root = tmp_path / "nemweb"
    simulate(root, DAY, DAY, units=2, archive_days_before=DAY + timedelta(days=1))
    (root / "Reports" / "Current" / "Dispatch_SCADA").mkdir(parents=True, exist_ok=True)

    with serve(root) as base_url:
        args = ["crawl", "dispatch_scada", "--base-url", base_url, "--since", "2024-08-01"]
        assert main(args) == 0

    assert scalar(configured, "select count(*) from raw.dispatch_unit_scada") == 2 * 288


def test_registry_builds_units_and_reports_unmapped_scada(
    configured: WarehouseUrl, fixtures_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ingest", str(fixtures_dir / SCADA)]) == 0
    args = ["--xlsx", str(fixtures_dir / REGISTRATION), "--co2eii", str(fixtures_dir / CO2EII)]

    assert main(["registry", *args]) == 0

    assert int(str(scalar(configured, "select count(*) from marts.dim_units_v1"))) > 0
    with open_store(configured) as store:
        unmapped = unmapped_scada_duids(store)
    # as on DuckDB (tests/ingest/sources/test_registration_build.py): Liddell (retired) and the
    # 2021 split-battery DUIDs resolve through the legacy registry; only AEMO's placeholder
    # DUIDs, which carry no power, are unmapped, and the report leaves them out
    assert unmapped == []
    resolved = scalar(
        configured,
        "select count(*) from marts.dim_units_v1 where unit_code in ('LD01', 'HPRG1', 'HPRL1')",
    )
    assert int(str(resolved)) == 3
    placeholders = scalar(
        configured,
        "select count(*) from intermediate.int_units__unmapped_scada where is_placeholder",
    )
    assert int(str(placeholders)) == 31
    assert "not in the registry" not in capsys.readouterr().out
    with open_store(configured) as store:
        codes = store.fetch_rows(
            "select unit_code, facility_code, capacity_storage_mwh from marts.dim_units_v1"
            " where unit_code in ('BW01', 'HPR1', 'TARBESS1') order by unit_code"
        )
        eraring = store.fetch_rows(
            "select facility_name, lat, lng from marts.dim_facilities_v1"
            " where facility_code = 'ERARING'"
        )
    # OpenElectricity's codes (seed legacy_stations), a derived code for a station it lacks
    assert [tuple(row) for row in codes] == [
        ("BW01", "BAYSW", None),
        ("HPR1", "HORNSDPR", 194.0),
        ("TARBESS1", "TARONG_BESS", 600.0),
    ]
    assert [tuple(row) for row in eraring] == [
        ("Eraring", pytest.approx(-33.0615, abs=1e-4), pytest.approx(151.5246, abs=1e-4))
    ]


def test_unmapped_report_needs_the_build(engine_warehouse: WarehouseUrl) -> None:
    with (
        open_store(engine_warehouse) as store,
        pytest.raises(RuntimeError, match="int_units__unmapped_scada does not exist"),
    ):
        unmapped_scada_duids(store)
