"""Simulated marts for the API benchmark: a DuckDB serving file generated directly with SQL.

Building a year of 450 units through the pipeline takes too long, so the tables the API reads are
generated at their contract columns (each model's yml under transform/models/marts, latest
version) with `generate_series`, shaped like the simulator's output: utility and rooftop solar
follow the sun with a daily cloud factor, wind drifts over days, coal runs flat with a daily
swing, gas and batteries serve the evening peak, batteries charge at noon (negative power).
Prices follow the same evening/solar shape per region. Noise comes from `hash(seed, unit,
interval)`, so a size and seed give the same numbers on every run and machine.

Rows are inserted a month at a time, ordered by time, as incremental builds lay them out. The
file is written next to its final path and renamed into place, so a cache is never half-built.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import yaml

MARTS_DIR = Path(__file__).parents[1] / "transform" / "models" / "marts"
SEEDS_DIR = Path(__file__).parents[1] / "transform" / "seeds"
GENERATOR_VERSION = 1
LOADED_AT = datetime(2024, 8, 1)
NEM_REGIONS = ("NSW1", "QLD1", "SA1", "TAS1", "VIC1")
REGIONS = (*NEM_REGIONS, "WEM")
UNITS_PER_FACILITY = 3
MODELS = (
    "dim_fueltechs",
    "dim_facilities",
    "dim_units",
    "fct_unit_intervals",
    "fct_unit_intervals_daily",
    "fct_battery_storage_5m",
    "fct_fueltech_intervals_5m",
    "fct_fueltech_intervals_daily",
    "fct_fueltech_intervals_monthly",
    "fct_market_summary",
    "fct_market_summary_daily",
    "fct_market_summary_monthly",
    "fct_milestones",
)


@dataclass(frozen=True)
class Technology:
    fueltech_id: str
    share: float  # of facilities
    capacity_mw: tuple[int, int]
    emissions_factor: float
    shape: str  # SQL of the fraction of capacity produced; h: hour of day, noise/cloud: 0..1


_EVENING = "greatest(0.0, sin(pi() * (h - 15) / 8))"
_SUN = "greatest(0.0, sin(pi() * (h - 6) / 12))"
TECHNOLOGIES = (
    Technology("solar_utility", 0.24, (50, 300), 0.0, f"{_SUN} * (0.55 + 0.45 * cloud)"),
    Technology(
        "wind",
        0.24,
        (80, 450),
        0.0,
        "least(1.0, greatest(0.0, 0.35 + 0.25 * sin(day / 4.0 + unit_index)"
        " + 0.2 * (noise - 0.5)))",
    ),
    Technology(
        "coal_black",
        0.06,
        (500, 720),
        0.92,
        "0.75 + 0.1 * sin(2 * pi() * (h - 4) / 24) + 0.05 * noise",
    ),
    Technology("coal_brown", 0.03, (500, 560), 1.22, "0.85 + 0.05 * noise"),
    Technology("gas_ccgt", 0.06, (200, 400), 0.40, f"0.3 + 0.4 * {_EVENING} + 0.05 * noise"),
    Technology("gas_ocgt", 0.10, (40, 300), 0.62, f"0.02 + 0.6 * {_EVENING} * noise"),
    Technology("hydro", 0.08, (30, 500), 0.0, f"0.15 + 0.6 * {_EVENING} + 0.05 * noise"),
    Technology("battery_discharging", 0.07, (20, 300), 0.0, f"0.8 * {_EVENING} * noise"),
    Technology("battery_charging", 0.07, (20, 300), 0.0, f"-0.7 * {_SUN} * noise"),
    Technology("bioenergy_biomass", 0.05, (5, 60), 0.0, "0.5 + 0.1 * noise"),
)
ROOFTOP_MW = {"NSW1": 5500, "QLD1": 5800, "SA1": 2100, "TAS1": 250, "VIC1": 4300, "WEM": 2600}


def cache_path(data_dir: Path, units: int, days: int, seed: int) -> Path:
    name = f"marts-g{GENERATOR_VERSION}-u{units}-d{days}-s{seed}.serving.duckdb"
    return data_dir / name


def latest_table(model: str) -> tuple[str, str]:
    """`marts.<model>_v<latest>` and the DDL of its contract columns."""
    (spec,) = yaml.safe_load((MARTS_DIR / f"{model}.yml").read_text())["models"]
    types = {"double precision": "double"}
    columns = ", ".join(
        f"{column['name']} {types.get(column['data_type'], column['data_type'])}"
        for column in spec["columns"]
    )
    return f"marts.{model}_v{spec.get('latest_version', 1)}", columns


@dataclass(frozen=True)
class Unit:
    index: int
    unit_code: str
    facility_code: str
    network_region: str
    technology: Technology
    capacity_mw: float


def plan_units(units: int, seed: int) -> list[Unit]:
    """Facilities of three units of one technology and region, drawn with `seed`."""
    draw = random.Random(seed)
    planned: list[Unit] = []
    for facility in range(-(-units // UNITS_PER_FACILITY)):
        technology = draw.choices(TECHNOLOGIES, [t.share for t in TECHNOLOGIES])[0]
        region = "WEM" if draw.random() < 0.1 else draw.choice(NEM_REGIONS)
        capacity = draw.randint(*technology.capacity_mw) / UNITS_PER_FACILITY
        code = f"BENCH{facility + 1:03d}"
        for number in range(1, UNITS_PER_FACILITY + 1):
            if len(planned) < units:
                unit_code = f"{code}_{number}"
                planned.append(Unit(len(planned), unit_code, code, region, technology, capacity))
    return planned


def facility_codes(units: int, seed: int) -> list[str]:
    return list(dict.fromkeys(unit.facility_code for unit in plan_units(units, seed)))


def _create_tables(conn: duckdb.DuckDBPyConnection) -> dict[str, str]:
    conn.execute("create schema marts")
    tables = {}
    for model in MODELS:
        table, ddl = latest_table(model)
        conn.execute(f"create table {table} ({ddl})")
        tables[model] = table
    return tables


def _insert(conn: duckdb.DuckDBPyConnection, table: str, select: str) -> None:
    """The rows of `select` into `table`, by name: the columns the table does not have are left
    out, those `select` does not have are null."""
    target = {row[0] for row in conn.execute(f"describe {table}").fetchall()}
    source = [row[0] for row in conn.execute(f"describe {select}").fetchall()]
    columns = ", ".join(column for column in source if column in target)
    conn.execute(f"insert into {table} by name select {columns} from ({select})")


def _dimensions(conn: duckdb.DuckDBPyConnection, tables: dict[str, str], units: list[Unit]) -> None:
    conn.execute(
        f"""
create temp table fueltechs as
select f.fueltech_id, f.label, f.is_renewable, f.fueltech_group_id,
    g.label as fueltech_group_label, g.color, f.is_load
from read_csv('{SEEDS_DIR / "fueltechs.csv"}') as f
left join read_csv('{SEEDS_DIR / "fueltech_groups.csv"}') as g using (fueltech_group_id)
"""
    )
    _insert(conn, tables["dim_fueltechs"], "select * from fueltechs")
    conn.execute(
        "create temp table units (unit_index integer, unit_code varchar, facility_code varchar, "
        "network_id varchar, network_region varchar, region_index integer, fueltech_id varchar, "
        "capacity_mw double, emissions_factor double, shape varchar)"
    )
    conn.executemany(
        "insert into units values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                u.index,
                u.unit_code,
                u.facility_code,
                "WEM" if u.network_region == "WEM" else "NEM",
                u.network_region,
                REGIONS.index(u.network_region),
                u.technology.fueltech_id,
                u.capacity_mw,
                u.technology.emissions_factor,
                u.technology.fueltech_id,
            )
            for u in units
        ],
    )
    conn.execute(
        "create temp table unit_dims as select units.*, fueltech_group_id, is_renewable, is_load "
        "from units join fueltechs using (fueltech_id)"
    )
    _insert(
        conn,
        tables["dim_units"],
        """select unit_code, facility_code, network_id, network_region, fueltech_id,
            fueltech_group_id, is_renewable,
            case when is_load then 'LOAD' else 'GENERATOR' end as dispatch_type,
            capacity_mw as capacity_registered_mw, emissions_factor as emissions_factor_co2,
            'benchmark' as emissions_factor_source, 'operating' as status_id
        from unit_dims""",
    )
    _insert(
        conn,
        tables["dim_facilities"],
        """select facility_code, 'Benchmark facility ' || facility_code as facility_name,
            any_value(network_id) as network_id, any_value(network_region) as network_region,
            'Benchmark participant' as participant
        from units group by facility_code""",
    )


def _noise(*parts: str) -> str:
    return f"(hash(?, {', '.join(parts)}) % 10000) / 10000.0"


def _unit_power() -> str:
    cases = " ".join(f"when '{t.fueltech_id}' then {t.shape}" for t in TECHNOLOGIES)
    return f"capacity_mw * (case fueltech_id {cases} end)"


def _price() -> str:
    """$/MWh of a region and interval: evening peaks, solar troughs, noise."""
    return (
        f"60 + 110 * {_EVENING} - 50 * {_SUN} + 40 * {_noise('region_index', 'epoch')}"
        " + 8 * region_index"
    )


def _months(start: date, end: date) -> list[tuple[datetime, datetime]]:
    """[first, last) month windows covering start..end (end exclusive)."""
    windows = []
    first = datetime.combine(start, datetime.min.time())
    stop = datetime.combine(end, datetime.min.time())
    while first < stop:
        following = (first.replace(day=1) + timedelta(days=32)).replace(day=1)
        windows.append((first, min(following, stop)))
        first = following
    return windows


def _grid(first: datetime, last: datetime, start: date) -> str:
    return f"""grid as (
    select ts as interval_start, hour(ts) + minute(ts) / 60.0 as h, epoch(ts) as epoch,
        datediff('day', date '{start}', ts) as day
    from generate_series(timestamp '{first}', timestamp '{last}' - interval 5 minute,
        interval 5 minute) as t(ts)
)"""


def _month_of_units(
    conn: duckdb.DuckDBPyConnection,
    tables: dict[str, str],
    window: tuple[datetime, datetime],
    start: date,
    seed: int,
) -> None:
    first, last = window
    noise, cloud = _noise("unit_index", "epoch"), _noise("unit_index", "day")
    conn.execute(
        f"""
create or replace temp table month_units as
with {_grid(first, last, start)},
shaped as (
    select grid.*, unit_dims.*, {noise} as noise, {cloud} as cloud
    from grid cross join unit_dims
),
powered as (
    select *, {_unit_power()} as power_mw, {_price()} as price
    from shaped
)
select interval_start, network_id, network_region, region_index, facility_code, unit_code,
    fueltech_id, fueltech_group_id, is_renewable, is_load, h, day, epoch, capacity_mw, price,
    power_mw, power_mw / 12 as energy_mwh, power_mw / 12 * emissions_factor as emissions_t,
    power_mw / 12 * price as market_value, timestamp '{LOADED_AT}' as _loaded_at
from powered
order by interval_start, unit_code
""",
        [seed, seed, seed],
    )
    _insert(conn, tables["fct_unit_intervals"], "select * from month_units")
    _insert(
        conn,
        tables["fct_unit_intervals_daily"],
        """select cast(interval_start as date) as interval_day, network_id, network_region,
            facility_code, unit_code, fueltech_id, fueltech_group_id, is_renewable,
            sum(energy_mwh) as energy_mwh, sum(emissions_t) as emissions_t,
            sum(market_value) as market_value, max(power_mw) as max_power_mw,
            min(interval_start) as first_interval_start, max(interval_start) as last_interval_start,
            cast(count(*) as integer) as interval_count, any_value(_loaded_at) as _loaded_at
        from month_units group by all order by interval_day, unit_code""",
    )
    _insert(
        conn,
        tables["fct_battery_storage_5m"],
        """select interval_start, network_id, network_region, facility_code, unit_code,
            fueltech_id, fueltech_group_id,
            capacity_mw * 2 * (0.5 + 0.4 * sin(pi() * (h - 12) / 12)) as energy_storage_mwh,
            _loaded_at
        from month_units where fueltech_id = 'battery_discharging'""",
    )
    _month_of_fueltechs(conn, tables, window, start, seed)


def _month_of_fueltechs(
    conn: duckdb.DuckDBPyConnection,
    tables: dict[str, str],
    window: tuple[datetime, datetime],
    start: date,
    seed: int,
) -> None:
    rooftop = " ".join(f"when '{region}' then {mw}" for region, mw in ROOFTOP_MW.items())
    conn.execute(
        f"""
create or replace temp table month_fueltechs as
with {_grid(*window, start)},
rooftop as (
    select grid.interval_start, regions.network_id, regions.network_region,
        regions.region_index, grid.h, grid.epoch,
        (case regions.network_region {rooftop} end) * {_SUN}
            * (0.6 + 0.4 * {_noise("regions.region_index", "grid.day")}) as power_mw
    from grid cross join (select distinct network_id, network_region, region_index from units)
        as regions
),
rooftop_rows as (
    select interval_start, network_id, network_region, region_index, 'solar_rooftop' as fueltech_id,
        'solar' as fueltech_group_id, true as is_renewable, false as is_load,
        {_price()} as price, power_mw, power_mw / 12 as energy_mwh,
        0.0 as emissions_t, power_mw / 12 * ({_price()}) as market_value
    from rooftop
),
unit_rows as (
    select interval_start, network_id, network_region, region_index, fueltech_id,
        fueltech_group_id, is_renewable, is_load, any_value(price) as price,
        sum(power_mw) as power_mw, sum(energy_mwh) as energy_mwh, sum(emissions_t) as emissions_t,
        sum(market_value) as market_value
    from month_units group by all
)
select *, timestamp '{LOADED_AT}' as _loaded_at
from (select * from unit_rows union all select * from rooftop_rows)
order by interval_start, network_region, fueltech_id
""",
        [seed, seed, seed],
    )
    _insert(
        conn,
        tables["fct_fueltech_intervals_5m"],
        "select * from month_fueltechs",
    )
    _insert(
        conn,
        tables["fct_fueltech_intervals_daily"],
        """select cast(interval_start as date) as interval_day, network_id, network_region,
            fueltech_id, fueltech_group_id, is_renewable, sum(energy_mwh) as energy_mwh,
            sum(emissions_t) as emissions_t, sum(market_value) as market_value,
            cast(count(*) as integer) as interval_count, any_value(_loaded_at) as _loaded_at
        from month_fueltechs group by all order by interval_day""",
    )
    _month_of_market(conn, tables)


_MARKET_MW = (
    "demand",
    "demand_total",
    "rooftop",
    "demand_gross",
    "generation",
    "generation_renewable",
    "generation_renewable_with_storage",
    "curtailment",
    "curtailment_solar_utility",
    "curtailment_wind",
    "flow_imports",
    "flow_exports",
)
_MARKET_ENERGY = (
    "demand_energy",
    "demand_gross_energy",
    "demand_market_value",
    "generation_energy",
    "generation_renewable_energy",
    "generation_renewable_with_storage_energy",
    "emissions",
    "curtailment_energy",
    "curtailment_solar_utility_energy",
    "curtailment_wind_energy",
    "flow_imports_energy",
    "flow_exports_energy",
    "flow_imports_emissions",
    "flow_exports_emissions",
    "flow_imports_market_value",
    "flow_exports_market_value",
)


_ENERGIES_OF_MW = [column for column in _MARKET_ENERGY if column.endswith("_energy")]


def _share(numerator: str, denominator: str) -> str:
    return f"least(100.0, greatest(0.0, {numerator} * 100 / nullif({denominator}, 0)))"


def _month_of_market(conn: duckdb.DuckDBPyConnection, tables: dict[str, str]) -> None:
    conn.execute(
        f"""
create or replace temp table month_market as
with regional as (
    select interval_start, network_id, network_region, any_value(price) as price,
        sum(power_mw) filter (where fueltech_id <> 'solar_rooftop') as demand,
        sum(power_mw) filter (where fueltech_id = 'solar_rooftop') as rooftop,
        sum(power_mw) filter (where not is_load and fueltech_id <> 'solar_rooftop') as generation,
        sum(power_mw) filter (where is_renewable) as generation_renewable,
        sum(power_mw) filter (where is_renewable or fueltech_id = 'battery_discharging')
            as generation_renewable_with_storage,
        sum(power_mw) filter (where fueltech_id = 'solar_utility') * 0.04
            as curtailment_solar_utility,
        sum(power_mw) filter (where fueltech_id = 'wind') * 0.02 as curtailment_wind,
        sum(emissions_t) as emissions
    from month_fueltechs group by all
),
filled as (
    select interval_start, network_id, network_region, price, demand, demand as demand_total,
        rooftop, demand + rooftop as demand_gross, generation, generation_renewable,
        generation_renewable_with_storage,
        coalesce(curtailment_solar_utility, 0) + coalesce(curtailment_wind, 0) as curtailment,
        coalesce(curtailment_solar_utility, 0) as curtailment_solar_utility,
        coalesce(curtailment_wind, 0) as curtailment_wind, 0.0 as flow_imports,
        0.0 as flow_exports, emissions
    from regional
)
select *,
    {", ".join(f"{c.removesuffix('_energy')} / 12 as {c}" for c in _ENERGIES_OF_MW)},
    demand / 12 * price as demand_market_value, 0.0 as flow_imports_emissions,
    0.0 as flow_exports_emissions, 0.0 as flow_imports_market_value,
    0.0 as flow_exports_market_value,
    {_share("generation_renewable", "demand_gross")} as renewable_proportion,
    {_share("generation_renewable_with_storage", "demand_gross")}
        as renewable_with_storage_proportion,
    emissions / nullif(generation / 12, 0) as emissions_intensity,
    timestamp '{LOADED_AT}' as _loaded_at
from filled
order by interval_start, network_region
"""
    )
    _insert(conn, tables["fct_market_summary"], "select * from month_market")
    _insert(conn, tables["fct_market_summary_daily"], _market_rollup("day", "month_market"))


def _market_rollup(period: str, source: str) -> str:
    """The daily or monthly market rollup: mean MW, summed energies, shares from the sums."""
    column = f"interval_{period}"
    bucket = (
        "cast(interval_start as date)"
        if period == "day"
        else "cast(date_trunc('month', interval_start) as date)"
    )
    return f"""
select {bucket} as {column}, network_id, network_region, avg(price) as price,
    {", ".join(f"avg({c}) as {c}" for c in _MARKET_MW)},
    {", ".join(f"sum({c}) as {c}" for c in _MARKET_ENERGY)},
    {_share("sum(generation_renewable_energy)", "sum(demand_gross_energy)")}
        as renewable_proportion,
    {_share("sum(generation_renewable_with_storage_energy)", "sum(demand_gross_energy)")}
        as renewable_with_storage_proportion,
    sum(emissions) / nullif(sum(generation_energy), 0) as emissions_intensity,
    cast(count(*) as integer) as interval_count, any_value(_loaded_at) as _loaded_at
from {source} group by all order by {column}, network_region
"""


def _monthly_rollups(conn: duckdb.DuckDBPyConnection, tables: dict[str, str]) -> None:
    _insert(
        conn,
        tables["fct_fueltech_intervals_monthly"],
        f"""select cast(date_trunc('month', interval_day) as date) as interval_month, network_id,
            network_region, fueltech_id, fueltech_group_id, is_renewable,
            sum(energy_mwh) as energy_mwh, sum(emissions_t) as emissions_t,
            sum(market_value) as market_value, cast(sum(interval_count) as integer)
                as interval_count, any_value(_loaded_at) as _loaded_at
        from {tables["fct_fueltech_intervals_daily"]} group by all order by interval_month""",
    )
    _insert(
        conn,
        tables["fct_market_summary_monthly"],
        _market_rollup("month", tables["fct_market_summary"]),
    )


def generate(path: Path, units: int, start: date, days: int, seed: int) -> Path:
    """Write the serving file of `units` units over `days` days from `start` at `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    with duckdb.connect(str(partial)) as conn:
        conn.execute("set enable_progress_bar = false")
        tables = _create_tables(conn)
        _dimensions(conn, tables, plan_units(units, seed))
        for window in _months(start, start + timedelta(days=days)):
            _month_of_units(conn, tables, window, start, seed)
        _monthly_rollups(conn, tables)
        conn.execute("checkpoint")
    partial.rename(path)
    return path
