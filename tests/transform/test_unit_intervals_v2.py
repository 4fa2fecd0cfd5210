"""fct_unit_intervals v2 is incremental and keeps the source precedence when the metered energy
arrives after the SCADA: the next-day meter file turns the intervals it covers into meter_data
ones, SCADA loaded later does not turn them back, and the result equals a full rebuild.

Real: the 2026 registration list and CO2EII factors. The SCADA file is written in the layout of
DISPATCH.UNIT_SCADA version 1 (as the simulator does) for the dates of the documented
Next_Day_Actual_Gen file (tests/ingest/sources/nemweb/test_next_day.py: HDWF2 and AGLHAL on
2026-05-14).
"""

import io
import zipfile
from pathlib import Path

import duckdb
import pytest

from flows.downstream import run_transform
from ingest.loader import load_file
from ingest.sources.registration import load_registration_list
from ingest.stores.duckdb_store import DuckDBRawStore
from opennem.warehouse import WarehouseUrl
from tests.ingest.sources.nemweb.test_next_day import ACTUAL_GEN_NAME, actual_gen_zip
from tests.transform.conftest import CO2EII, NO_LOOKBACK, REGISTRY

MODELS_ONLY = ["--exclude-resource-type", "test", "unit_test"]
RUN = ["build", "--select", "+fct_unit_intervals", *MODELS_ONLY, *NO_LOOKBACK]
V2 = """
select unit_code, strftime(interval_start, '%H:%M'), source, round(energy_mwh, 4)
from marts.fct_unit_intervals_v2
order by all
"""


def scada_zip(name: str, interval_ends: list[str]) -> bytes:
    """A Dispatch_SCADA file: HDWF2 at 30 MW and AGLHAL at 12 MW at each interval end."""
    lines = [
        "C,NEMP.WORLD,DISPATCHSCADA,AEMO,PUBLIC,2026/05/14,04:00:00,0000000517700000,"
        "DISPATCHSCADA,0000000517700000",
        "I,DISPATCH,UNIT_SCADA,1,SETTLEMENTDATE,DUID,SCADAVALUE",
    ]
    for end in interval_ends:
        lines += [
            f'D,DISPATCH,UNIT_SCADA,1,"{end}",HDWF2,30',
            f'D,DISPATCH,UNIT_SCADA,1,"{end}",AGLHAL,12',
        ]
    lines.append(f'C,"END OF REPORT",{len(lines) + 1}')
    sink = io.BytesIO()
    with zipfile.ZipFile(sink, "w") as archive:
        archive.writestr(name.replace(".zip", ".CSV"), "\r\n".join(lines) + "\r\n")
    return sink.getvalue()


def load(path: Path, name: str, data: bytes) -> None:
    with duckdb.connect(str(path)) as conn:
        result = load_file(DuckDBRawStore(conn), "test", name=name, data=data)
    assert result.status == "loaded", result.reason


def query(path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path)) as conn:
        return conn.execute(sql).fetchall()


@pytest.fixture(scope="module")
def warehouse(fixtures_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """SCADA of 04:00 and 04:05 built, then the meter file and SCADA of 04:10 run in."""
    path = tmp_path_factory.mktemp("v2") / "warehouse.duckdb"
    url = WarehouseUrl.parse(f"duckdb:///{path}")
    with duckdb.connect(str(path)) as conn:
        store = DuckDBRawStore(conn)
        load_registration_list(store, fixtures_dir / REGISTRY)
        assert load_file(store, fixtures_dir / CO2EII, check_count=False).status == "loaded"
    first = "PUBLIC_DISPATCHSCADA_202605140410_0000000517700001.zip"
    load(path, first, scada_zip(first, ["2026/05/14 04:05:00", "2026/05/14 04:10:00"]))
    run_transform(RUN, url)
    load(path, ACTUAL_GEN_NAME, actual_gen_zip())
    later = "PUBLIC_DISPATCHSCADA_202605140415_0000000517700002.zip"
    load(path, later, scada_zip(later, ["2026/05/14 04:15:00"]))
    run_transform(RUN, url)
    return path


def test_metered_energy_wins_over_scada_built_before_it(warehouse: Path) -> None:
    assert query(warehouse, V2) == [
        ("AGLHAL", "04:00", "meter_data", 0.0),
        ("AGLHAL", "04:05", "scada", 1.0),  # (12 + 12) / 2 / 12
        ("AGLHAL", "04:10", "scada", 1.0),
        ("HDWF2", "04:00", "meter_data", 2.625),
        ("HDWF2", "04:05", "meter_data", 2.5),
        ("HDWF2", "04:10", "scada", 2.5),  # (30 + 30) / 2 / 12
    ]


def test_incremental_v2_equals_a_full_rebuild(warehouse: Path) -> None:
    incremental = query(
        warehouse, "select * exclude (_loaded_at) from marts.fct_unit_intervals_v2 order by all"
    )
    run_transform([*RUN, "--full-refresh"], WarehouseUrl.parse(f"duckdb:///{warehouse}"))
    rebuilt = query(
        warehouse, "select * exclude (_loaded_at) from marts.fct_unit_intervals_v2 order by all"
    )
    assert incremental == rebuilt
    assert len(rebuilt) == 6
