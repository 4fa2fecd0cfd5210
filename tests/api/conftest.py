"""A tiny serving file with the mart tables (exact contract columns) for API tests."""

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

import duckdb
import pytest
import yaml
from starlette.testclient import TestClient

from api.app import create_app
from api.reader import DuckDBServingReader

MARTS_DIR = Path(__file__).parents[2] / "transform" / "models" / "marts"


def contract_ddl(model: str) -> str:
    """The columns of the latest version of `model`'s contract (its yml's top-level columns)."""
    (spec,) = yaml.safe_load((MARTS_DIR / f"{model}.yml").read_text())["models"]
    types = {"double precision": "double"}
    return ", ".join(
        f"{column['name']} {types.get(column['data_type'], column['data_type'])}"
        for column in spec["columns"]
    )


_FUELTECH = "network_id varchar, network_region varchar, fueltech_id varchar, "
_FUELTECH += "fueltech_group_id varchar, is_renewable boolean"
_VALUES = "energy_mwh double, emissions_t double, market_value double"
MART_DDL = {
    "fct_fueltech_intervals_5m_v1": f"interval_start timestamp, {_FUELTECH}, power_mw double, "
    f"{_VALUES}, _loaded_at timestamp",
    "fct_fueltech_intervals_daily_v1": f"interval_day date, {_FUELTECH}, {_VALUES}, "
    "interval_count integer, _loaded_at timestamp",
    "fct_fueltech_intervals_monthly_v1": f"interval_month date, {_FUELTECH}, {_VALUES}, "
    "interval_count integer, _loaded_at timestamp",
    "fct_market_summary_v2": contract_ddl("fct_market_summary"),
    "fct_market_summary_daily_v1": contract_ddl("fct_market_summary_daily"),
    "fct_market_summary_monthly_v1": contract_ddl("fct_market_summary_monthly"),
    "fct_region_flows_v1": contract_ddl("fct_region_flows"),
    "fct_unit_intervals_v1": "interval_start timestamp, network_id varchar, "
    "network_region varchar, facility_code varchar, unit_code varchar, fueltech_id varchar, "
    "fueltech_group_id varchar, is_renewable boolean, power_mw double, "
    f"{_VALUES}, _loaded_at timestamp",
    "fct_unit_intervals_daily_v1": "interval_day date, network_id varchar, "
    "network_region varchar, facility_code varchar, unit_code varchar, fueltech_id varchar, "
    f"fueltech_group_id varchar, is_renewable boolean, {_VALUES}, max_power_mw double, "
    "first_interval_start timestamp, last_interval_start timestamp, interval_count integer, "
    "energy_storage_mwh double, _loaded_at timestamp",
    "fct_battery_storage_5m_v1": "interval_start timestamp, network_id varchar, "
    "network_region varchar, facility_code varchar, unit_code varchar, fueltech_id varchar, "
    "fueltech_group_id varchar, energy_storage_mwh double, _loaded_at timestamp",
    "dim_units_v1": "unit_code varchar, facility_code varchar, network_id varchar, "
    "network_region varchar, fueltech_id varchar, fueltech_group_id varchar, is_renewable boolean, "
    "dispatch_type varchar, capacity_registered_mw double, emissions_factor_co2 double, "
    "emissions_factor_source varchar, status_id varchar, capacity_maximum_mw double, "
    "capacity_storage_mwh double",
    "dim_facilities_v1": "facility_code varchar, facility_name varchar, network_id varchar, "
    "network_region varchar, participant varchar, lat double, lng double, description varchar",
    "dim_fueltechs_v1": "fueltech_id varchar, label varchar, is_renewable boolean, "
    "fueltech_group_id varchar, fueltech_group_label varchar, color varchar, is_load boolean",
    "fct_data_quality_findings_v1": "check_name varchar, severity varchar, subject varchar, "
    "network_region varchar, first_interval_start timestamp, last_interval_start timestamp, "
    "detail varchar, checked_at timestamp",
    "fct_region_temperature_v1": contract_ddl("fct_region_temperature"),
    "fct_region_temperature_daily_v1": contract_ddl("fct_region_temperature_daily"),
    "fct_milestones_v1": "instance_id varchar, record_id varchar, network_id varchar, "
    "network_region varchar, fueltech_group varchar, metric varchar, period varchar, "
    "aggregate varchar, interval_start timestamp, value double, unit varchar, "
    "previous_instance_id varchar, previous_value double, change_pct double, "
    "significance integer, _loaded_at timestamp",
}

Row = Sequence[object] | Mapping[str, object]
Rows = dict[str, Iterable[Row]]


def _insert(conn: duckdb.DuckDBPyConnection, table: str, row: Row) -> None:
    """A positional row holds the first columns (but _loaded_at) in order, a mapping names its
    columns; the others are null. `_loaded_at` is the insert time."""
    if isinstance(row, Mapping):
        columns, values = list(row), list(row.values())
    else:
        names = [column.split()[0] for column in MART_DDL[table].split(",")]
        columns = [name for name in names if name != "_loaded_at"][: len(row)]
        values = list(row)
    marks = ["?"] * len(values)
    if "_loaded_at" in MART_DDL[table]:
        columns.append("_loaded_at")
        marks.append("now()")
    conn.execute(
        f"insert into marts.{table} ({', '.join(columns)}) values ({', '.join(marks)})", values
    )


def write_marts(path: Path, rows: Rows) -> Path:
    """Create every mart table at `path` and insert `rows` (table -> rows without _loaded_at)."""
    with duckdb.connect(str(path)) as conn:
        conn.execute("create schema if not exists marts")
        for table, ddl in MART_DDL.items():
            conn.execute(f"create or replace table marts.{table} ({ddl})")
        for table, values in rows.items():
            for row in values:
                _insert(conn, table, row)
    return path


@pytest.fixture
def make_client(tmp_path: Path) -> Callable[[Rows], TestClient]:
    """Build a tiny app over a fresh serving file holding `rows`."""

    def build(rows: Rows) -> TestClient:
        path = write_marts(tmp_path / "warehouse.serving.duckdb", rows)
        return TestClient(create_app(DuckDBServingReader(path)))

    return build
