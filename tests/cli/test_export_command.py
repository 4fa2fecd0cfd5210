"""`opennem export OUT_DIR --parquet DIR` over a tiny serving file: the v3 JSON has the public
files' structure (keys, id patterns, history shapes, units, compared with the real files in
fixtures/api/v3) and the marts' values (compared with direct SQL); the Parquet history is one
file per dataset and month."""

import json
import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest

from cli.main import main
from opennem.settings import get_settings
from tests.api.conftest import Rows, write_marts

START = datetime(2024, 1, 1)
FIVE = timedelta(minutes=5)
STEPS = 13  # 00:00 .. 01:00


def _fueltech_5m() -> Iterator[dict[str, object]]:
    for step in range(STEPS):
        at = START + step * FIVE
        for network, region, fueltech, power in (
            ("NEM", "NSW1", "coal_black", 4000.0 + step),
            ("NEM", "QLD1", "coal_black", 3000.0 - step),
            ("NEM", "NSW1", "solar_utility", None if step == 6 else 10.0 * step),
            ("WEM", "WEM", "gas_ccgt", 500.0),
        ):
            if power is not None:
                yield {
                    "interval_start": at,
                    "network_id": network,
                    "network_region": region,
                    "fueltech_id": fueltech,
                    "power_mw": power,
                    "emissions_t": power / 12,
                }


def _daily(column: str, network: str, region: str, **values: object) -> Iterator[dict[str, object]]:
    for day in (date(2023, 12, 31), date(2024, 1, 1)):
        yield {column: day, "network_id": network, "network_region": region, **values}


ROWS: Rows = {
    "fct_fueltech_intervals_5m_v1": list(_fueltech_5m()),
    "fct_market_summary_v2": [
        {
            "interval_start": START + step * FIVE,
            "network_id": "NEM",
            "network_region": region,
            "price": 50.0 + step,
            "demand": demand,
        }
        for step in range(STEPS)
        for region, demand in (("NSW1", 7000.0), ("QLD1", 6000.0))
    ],
    "fct_region_temperature_v1": [
        {
            "interval_start": START + timedelta(minutes=30 * n),
            "network_id": "NEM",
            "network_region": "NSW1",
            "station_code": "066214",
            "temperature_mean": 20.0 + n,
            "temperature_min": 20.0,
            "temperature_max": 22.0,
        }
        for n in range(3)
    ],
    "fct_fueltech_intervals_daily_v1": [
        *_daily(
            "interval_day",
            "NEM",
            "NSW1",
            fueltech_id="coal_black",
            energy_mwh=96000.0,
            emissions_t=90000.0,
            market_value=7e6,
        ),
        *_daily(
            "interval_day",
            "NEM",
            "QLD1",
            fueltech_id="coal_black",
            energy_mwh=72000.0,
            emissions_t=70000.0,
            market_value=5e6,
        ),
    ],
    "fct_fueltech_intervals_monthly_v1": [
        {
            "interval_month": month,
            "network_id": "NEM",
            "network_region": "NSW1",
            "fueltech_id": "coal_black",
            "energy_mwh": 3e6,
            "emissions_t": 2.8e6,
            "market_value": 2e8,
        }
        for month in (date(2023, 11, 1), date(2024, 1, 1))
    ],
    "fct_market_summary_daily_v1": list(
        _daily("interval_day", "NEM", "NSW1", demand_energy=168000.0, demand_market_value=1.2e7)
    ),
    "fct_market_summary_monthly_v1": [
        {
            "interval_month": date(2024, 1, 1),
            "network_id": "NEM",
            "network_region": "NSW1",
            "demand_energy": 5e6,
            "demand_market_value": 4e8,
        },
    ],
    "fct_region_temperature_daily_v1": list(
        _daily(
            "interval_day",
            "NEM",
            "NSW1",
            temperature_mean=23.0,
            temperature_min=18.0,
            temperature_max=29.0,
        )
    ),
    "fct_region_flows_v1": [
        {
            "interval_start": START + step * FIVE,
            "network_id": "NEM",
            "interconnector_id": ic,
            "region_from": "NSW1",
            "region_to": "QLD1",
            "power_mw": power,
        }
        for step in range(3)
        for ic, power in (("N-Q-MNSP1", 50.0), ("NSW1-QLD1", -300.0 + step))
    ],
    "fct_unit_intervals_v1": [
        {
            "interval_start": START + step * FIVE,
            "network_id": "NEM",
            "network_region": "NSW1",
            "facility_code": "BAYSW",
            "unit_code": "BW01",
            "power_mw": 600.0,
        }
        for step in range(STEPS)
    ],
    "dim_units_v1": [
        {
            "unit_code": "BW01",
            "facility_code": "BAYSW",
            "network_id": "NEM",
            "network_region": "NSW1",
            "fueltech_id": "coal_black",
            "status_id": "operating",
        }
    ],
    "dim_facilities_v1": [
        {
            "facility_code": "BAYSW",
            "facility_name": "Bayswater",
            "network_id": "NEM",
            "network_region": "NSW1",
        }
    ],
}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, Path]]:
    """(serving file, website dir, parquet dir) after one `opennem export` run."""
    root = tmp_path_factory.mktemp("export")
    serving = write_marts(root / "warehouse.serving.duckdb", ROWS)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OPENNEM_DATABASE_URL", f"duckdb:///{root / 'warehouse.duckdb'}")
        get_settings.cache_clear()
        try:
            assert main(["export", str(root / "site"), "--parquet", str(root / "bulk")]) == 0
        finally:
            get_settings.cache_clear()
    yield serving, root / "site", root / "bulk"


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text())  # type: ignore[no-any-return]


def _series(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {series["id"]: series for series in document["data"]}


def _sql(serving: Path, sql: str, params: list[object]) -> Any:
    with duckdb.connect(str(serving), read_only=True) as conn:
        return conn.execute(sql, params).fetchone()[0]  # type: ignore[index]


def test_the_files_are_the_public_layout(exported: tuple[Path, Path, Path]) -> None:
    _, site, _ = exported
    written = sorted(str(p.relative_to(site)) for p in site.rglob("*.json"))
    for expected in (
        "v3/stats/au/NEM/NSW1/power/7d.json",
        "v3/stats/au/NEM/QLD1/power/7d.json",
        "v3/stats/au/NEM/power/7d.json",
        "v3/stats/au/WEM/power/7d.json",
        "v3/stats/au/NEM/NSW1/energy/2023.json",
        "v3/stats/au/NEM/NSW1/energy/2024.json",
        "v3/stats/au/NEM/NSW1/energy/all.json",
        "v3/stats/au/NEM/flows/7d.json",
        "v3/geo/au_facilities.json",
    ):
        assert expected in written
    assert not list(site.rglob("*.partial"))


# One id pattern per kind of series: each of ours matches one, and the real file holds a series
# of the same kind and type.
_SCOPE = r"au\.(nem\.[a-z]+1|wem)"
ID_PATTERNS = {
    "fuel_tech": _SCOPE + r"\.fuel_tech\.[a-z_]+\.(power|emissions|energy|market_value)",
    "demand": r"au\.nem\.[a-z]+1\.demand(\.energy|\.market_value)?",
    "price": r"au\.nem\.[a-z]+1\.price",
    "temperature": _SCOPE + r"\.temperature(_mean|_min|_max)?",
    "flow": r"au\.nem\.regional_trade\.[A-Z]+1->[A-Z]+1\.power",
}


def _kind(ident: str) -> str | None:
    """The kind of series an id names (None: a series we do not export, e.g. emissions_factor)."""
    return next((k for k, pattern in ID_PATTERNS.items() if re.fullmatch(pattern, ident)), None)


def _history_length(history: dict[str, Any]) -> int:
    start, last = (datetime.fromisoformat(history[key]) for key in ("start", "last"))
    if history["interval"] == "1M":
        return (last.year - start.year) * 12 + last.month - start.month + 1
    step = {"5m": FIVE, "30m": timedelta(minutes=30), "1d": timedelta(days=1)}
    return (last - start) // step[history["interval"]] + 1


@pytest.mark.parametrize(
    ("ours", "real"),
    [
        ("v3/stats/au/NEM/NSW1/power/7d.json", "nem_nsw1_7d.json"),
        ("v3/stats/au/NEM/NSW1/energy/2024.json", "nem_nsw1_1y.json"),
        ("v3/stats/au/NEM/NSW1/energy/all.json", "nem_nsw1_all.json"),
        ("v3/stats/au/WEM/power/7d.json", "OPENNEM_AU-WA.json"),
    ],
)
def test_structure_matches_the_real_files(
    exported: tuple[Path, Path, Path], fixtures_dir: Path, ours: str, real: str
) -> None:
    mine, theirs = _load(exported[1] / ours), _load(fixtures_dir / "api" / "v3" / real)
    assert {"type", "version", "network", "code", "region", "created_at", "data"} <= set(theirs)
    assert set(mine) == {"type", "version", "network", "code", "region", "created_at", "data"}
    assert (mine["type"], mine["network"], mine["region"]) == (
        theirs["type"],
        theirs["network"],
        theirs["region"],
    )
    real_by_kind = {(_kind(s["id"]), s["type"]): s for s in theirs["data"]}
    for series in mine["data"]:
        assert _kind(series["id"]) is not None, f"{series['id']} matches no id pattern"
        twin = real_by_kind.get((_kind(series["id"]), series["type"]))
        assert twin is not None, f"the real file has no series like {series['id']}"
        assert set(series) == set(twin) - {"forecast"}
        assert series["units"] == twin["units"]
        assert (
            set(series["history"]) == set(twin["history"]) == {"start", "last", "interval", "data"}
        )
        assert series["history"]["interval"] == twin["history"]["interval"]
        assert len(series["history"]["data"]) == _history_length(series["history"])
    for series in theirs["data"]:
        assert len(series["history"]["data"]) == _history_length(series["history"])


def test_flows_match_the_real_flow_series(
    exported: tuple[Path, Path, Path], fixtures_dir: Path
) -> None:
    real = _load(fixtures_dir / "api" / "v3" / "power_flow_set.json")
    (flow,) = _load(exported[1] / "v3/stats/au/NEM/flows/7d.json")["data"]
    assert re.fullmatch(ID_PATTERNS["flow"], real["id"])
    assert set(flow) - {"region"} == set(real)
    assert flow["id"] == "au.nem.regional_trade.NSW1->QLD1.power"
    assert (flow["code"], flow["units"], flow["history"]["interval"]) == ("NSW1->QLD1", "MW", "5m")
    assert flow["history"]["data"] == [50.0 - 300.0 + step for step in range(3)]


def test_power_values_equal_the_marts(exported: tuple[Path, Path, Path]) -> None:
    serving, site, _ = exported
    series = _series(_load(site / "v3/stats/au/NEM/NSW1/power/7d.json"))
    coal = series["au.nem.nsw1.fuel_tech.coal_black.power"]["history"]
    assert coal["start"] == "2024-01-01T00:00:00+10:00"
    assert coal["last"] == "2024-01-01T01:00:00+10:00"
    at = START + 4 * FIVE
    assert coal["data"][4] == _sql(
        serving,
        "select sum(power_mw) from marts.fct_fueltech_intervals_5m_v1"
        " where network_region = 'NSW1' and fueltech_id = 'coal_black' and interval_start = ?",
        [at],
    )
    solar = series["au.nem.nsw1.fuel_tech.solar_utility.power"]["history"]["data"]
    assert solar[6] is None and solar[5] == 50.0  # a gap is null, never 0
    assert series["au.nem.nsw1.price"]["history"]["data"][2] == 52.0
    assert series["au.nem.nsw1.demand"]["units"] == "MW"
    temperature = series["au.nem.nsw1.temperature"]
    assert (temperature["code"], temperature["history"]["interval"]) == ("066214", "30m")
    assert temperature["history"]["data"] == [20.0, 21.0, 22.0]
    network = _series(_load(site / "v3/stats/au/NEM/power/7d.json"))
    assert network["au.nem.demand"]["history"]["data"][0] == 13000.0  # regions add up
    assert network["au.nem.price"]["history"]["data"][0] == 50.0  # the mean of regional prices
    assert "au.nem.temperature" not in network


def test_energy_values_equal_the_marts(exported: tuple[Path, Path, Path]) -> None:
    serving, site, _ = exported
    year = _series(_load(site / "v3/stats/au/NEM/NSW1/energy/2023.json"))
    energy = year["au.nem.nsw1.fuel_tech.coal_black.energy"]
    assert energy["units"] == "GWh"
    assert energy["history"]["data"] == [
        _sql(
            serving,
            "select sum(energy_mwh) / 1000 from marts.fct_fueltech_intervals_daily_v1"
            " where network_region = 'NSW1' and interval_day = ?",
            [date(2023, 12, 31)],
        )
    ]
    assert year["au.nem.nsw1.demand.market_value"]["history"]["data"] == [1.2e7]
    assert year["au.nem.nsw1.temperature_max"]["history"]["data"] == [29.0]
    months = _series(_load(site / "v3/stats/au/NEM/NSW1/energy/all.json"))
    monthly = months["au.nem.nsw1.fuel_tech.coal_black.energy"]["history"]
    assert (monthly["start"], monthly["interval"]) == ("2023-11-01T00:00:00+10:00", "1M")
    assert monthly["data"] == [3000.0, None, 3000.0]  # December 2023 is missing: null


def test_facilities_are_geojson(exported: tuple[Path, Path, Path]) -> None:
    document = _load(exported[1] / "v3/geo/au_facilities.json")
    assert document["type"] == "FeatureCollection"
    (feature,) = document["features"]
    assert feature["properties"]["code"] == "BAYSW"
    assert feature["properties"]["units"][0]["code"] == "BW01"


def test_parquet_history_is_one_file_per_dataset_and_month(
    exported: tuple[Path, Path, Path],
) -> None:
    serving, _, bulk = exported
    files = sorted(str(p.relative_to(bulk)) for p in bulk.rglob("*.parquet"))
    assert files == [
        "fueltech_intervals/2024-01.parquet",
        "market_summary/2024-01.parquet",
        "unit_intervals/2024-01.parquet",
    ]
    table = pq.read_table(bulk / "fueltech_intervals/2024-01.parquet")
    assert table.num_rows == _sql(
        serving, "select count(*) from marts.fct_fueltech_intervals_5m_v1", []
    )


def test_export_needs_a_destination(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export"]) == 2
    assert "OUT_DIR" in capsys.readouterr().err
