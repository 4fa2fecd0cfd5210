"""Raw -> dbt staging -> fct_region_temperature for the WEM, BOM and APVI sources.

Inputs: the real BOM Mildura feed, served as-is and, for the mart, as copies carrying the WMO
numbers of the Sydney and Perth capital stations (the observations are Mildura's; only `wmo` is
rewritten, since no capital-city feed is in the fixtures); the real APVI capture and the
documented `performance` shape; the documented-format WEMDE files of test_wem and the real
pulse.csv.
"""

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
from dbt.cli.main import dbtRunner

from ingest.loader import load_records
from ingest.sources import apvi, bom, wem
from ingest.sources.wem.parsers import (
    parse_facility_scada,
    parse_pulse,
    parse_reference_trading_price,
)
from ingest.stores.duckdb_store import DuckDBRawStore
from tests.conftest import REPO_ROOT
from tests.ingest.sources.test_apvi import PERFORMANCE_DOC
from tests.ingest.sources.test_wem import price_json, scada_json, zipped

TRANSFORM = REPO_ROOT / "transform"
SELECT = ["staging.wem", "staging.bom", "staging.apvi+1", "+fct_region_temperature_daily"]


def _as_station(feed: dict[str, object], wmo: int) -> bytes:
    copy = json.loads(json.dumps(feed))
    for row in copy["observations"]["data"]:
        row["wmo"] = wmo
    return json.dumps(copy).encode()


def _load(store: DuckDBRawStore, fixtures_dir: Path) -> None:
    mildura = (fixtures_dir / "bom/IDV60801.94693.json").read_bytes()
    feed = json.loads(mildura)
    for name, data in [
        ("IDV60801.94693.json", mildura),
        ("IDN60801.94768.json", _as_station(feed, 94768)),  # Sydney, NSW1
        ("IDW60801.94610.json", _as_station(feed, 94610)),  # Perth, WEM
    ]:
        assert load_records(store, name, bom.parse_observations, data=data).status == "loaded"
    capture = (fixtures_dir / "apvi/apvi_forecast_response.json").read_bytes()
    documented = json.dumps(PERFORMANCE_DOC).encode()
    wemde = zipped("SCADA_2024-12-01.json", scada_json("2024-12-01", [("08:00", "BW1", 1.25)]))
    for name, data, parse in [
        ("apvi-2-digit-2021-11-20.json", capture, apvi.parse_apvi),
        ("apvi-2-digit-2024-01-10.json", documented, apvi.parse_apvi),
        ("FacilityScada_20241201.zip", wemde, parse_facility_scada),
        ("ReferenceTradingPrice_2024-12-01.json", price_json("2024-12-01"),
         parse_reference_trading_price),
        ("pulse.csv", (fixtures_dir / "wem/pulse.csv").read_bytes(), parse_pulse),
    ]:  # fmt: skip
        assert load_records(store, name, parse, data=data).status == "loaded"


@pytest.fixture(scope="module")
def warehouse(fixtures_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    tmp = tmp_path_factory.mktemp("records_dbt")
    path = tmp / "warehouse.duckdb"
    with duckdb.connect(str(path)) as conn:
        store = DuckDBRawStore(conn)
        for ensure in (wem.ensure_raw_tables, bom.ensure_raw_tables, apvi.ensure_raw_tables):
            ensure(store)
        _load(store, fixtures_dir)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OPENNEM_DBT_DUCKDB_PATH", str(path))
        patch.setenv("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
        result = dbtRunner().invoke(
            ["build", "--project-dir", str(TRANSFORM), "--profiles-dir", str(TRANSFORM),
             "--target-path", str(tmp / "target"), "--log-path", str(tmp / "logs"),
             "--select", *SELECT]
        )  # fmt: skip
    failed = [r.node.name for r in result.result or [] if r.status not in ("success", "pass")]
    assert result.success, failed or result.exception
    yield path


def _query(path: Path, sql: str) -> list[tuple[object, ...]]:
    with duckdb.connect(str(path)) as conn:
        return conn.execute(sql).fetchall()


def test_region_temperature_in_network_local_time(warehouse: Path) -> None:
    rows = _query(
        warehouse,
        "select network_id, network_region, station_code, interval_start, temperature_mean,"
        " temperature_min, temperature_max, observation_count from marts.fct_region_temperature_v1"
        " where (network_region, interval_start) in"
        " (('NSW1', '2016-07-06 21:00:00'), ('WEM', '2016-07-06 19:00:00'))"
        " order by network_region, interval_start",
    )
    # the observation at 2016-07-06 11:00 UTC (10.0 C): 21:00 AEST in NSW1, 19:00 AWST in WEM
    assert rows == [
        ("NEM", "NSW1", "066214", datetime(2016, 7, 6, 21, 0), 10.0, 10.0, 10.0, 1),
        ("WEM", "WEM", "009021", datetime(2016, 7, 6, 19, 0), 10.0, 10.0, 10.0, 1),
    ]
    counts = _query(
        warehouse,
        "select network_region, count(*), sum(observation_count)"
        " from marts.fct_region_temperature_v1 group by 1 order by 1",
    )
    # 162 observations (18 of them off the half hour) in the 144 half-hours of 3 days; the
    # Mildura feed itself (94693) maps to no region
    assert counts == [("NSW1", 144, 162), ("WEM", 144, 162)]


def test_daily_region_temperature_rolls_up_the_half_hours(warehouse: Path) -> None:
    days = _query(
        warehouse,
        "select network_region, count(*), sum(observation_count),"
        " bool_and(temperature_min <= temperature_mean and temperature_mean <= temperature_max)"
        " from marts.fct_region_temperature_daily_v1 group by 1 order by 1",
    )
    extremes = _query(
        warehouse,
        "select d.temperature_min = min(t.temperature_min),"
        " d.temperature_max = max(t.temperature_max)"
        " from marts.fct_region_temperature_daily_v1 d join marts.fct_region_temperature_v1 t"
        " on t.network_region = d.network_region"
        " and cast(t.interval_start as date) = d.interval_day"
        " group by d.network_region, d.interval_day, d.temperature_min, d.temperature_max",
    )
    # the feed runs 2016-07-03 21:30 to 07-06 21:00 local: 4 network-local days, holding the
    # same 162 observations as the half-hours
    assert days == [("NSW1", 4, 162, True), ("WEM", 4, 162, True)]
    assert set(extremes) == {(True, True)}


def test_wem_staging_converts_energy_and_keeps_zero_price(warehouse: Path) -> None:
    scada = _query(warehouse, "select interval_start, energy_mwh, power_mw"
                              " from staging.stg_wem__facility_scada")  # fmt: skip
    assert scada == [(datetime(2024, 12, 1, 8, 0), 1.25, 15.0)]
    zero = _query(warehouse, "select interval_start from staging.stg_wem__reference_trading_price"
                             " where price = 0")  # fmt: skip
    assert zero == [(datetime(2024, 12, 1, 9, 30),)]
    pulse = _query(warehouse, "select is_forecast, count(*) from staging.stg_wem__pulse group by 1"
                              " order by 1")  # fmt: skip
    assert [flag for flag, _ in pulse] == [False, True]
    assert sum(int(str(n)) for _, n in pulse) == 145


def test_apvi_rooftop_mw(warehouse: Path) -> None:
    documented = _query(
        warehouse,
        "select network_region, interval_start, power_mw, energy_mwh"
        " from intermediate.int_apvi_rooftop__aggregated_to_regions"
        " where interval_start >= '2024-01-01' order by 1, 2",
    )
    assert documented == [
        ("NSW1", datetime(2024, 1, 10, 14, 0), 255.0, 63.75),  # 25.5 % of 1000 MW, AEST
        ("WEM", datetime(2024, 1, 10, 12, 0), 200.0, 50.0),  # 50 % of 400 MW; 66 (non-SWIS) out
        ("WEM", datetime(2024, 1, 10, 12, 15), 0.0, 0.0),
    ]
    capture = _query(
        warehouse,
        "select round(power_mw, 3) from intermediate.int_apvi_rooftop__aggregated_to_regions"
        " where network_region = 'WEM' and interval_start = '2021-11-21 11:00:00'",
    )
    # 03:00 UTC = 11:00 AWST: performance % x postcodeCapacity of prefixes 60, 61, 62, 63, 65
    wa = 63 * 759.031069 + 60 * 693.42552 + 47 * 240.023072 + 53 * 52.356209 + 69 * 94.966213
    assert capture == [(round(wa / 100, 3),)]
