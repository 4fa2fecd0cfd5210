"""A serving file for the page: eight days of 5-minute data of every NEM region and the WEM
(fueltechs with daily shapes, rooftop PV, battery charging and pumps below zero, prices,
demand, interconnector flows), the daily and monthly rollups built from them, facilities with
their units' output, and records. Built with SQL in DuckDB in about a second, no dbt."""

from datetime import datetime
from pathlib import Path

import duckdb

from tests.api.conftest import write_marts
from tests.api.series_rows import dim_fueltechs

START = datetime(2026, 11, 22)
DAYS = 8
LAST = f"timestamp '{START}' + interval {DAYS} day - interval 5 minute"

# region, fueltech, group, renewable, MW, shape, tCO2e/MWh
FUELTECHS = """
('NSW1','coal_black','coal',false,5200,'flat',0.9),
('QLD1','coal_black','coal',false,4600,'flat',0.85),
('VIC1','coal_brown','coal',false,3600,'flat',1.2),
('WEM','coal_black','coal',false,700,'flat',0.95),
('QLD1','gas_ccgt','gas',false,600,'peak',0.4),
('SA1','gas_ccgt','gas',false,350,'peak',0.4),
('WEM','gas_ccgt','gas',false,700,'peak',0.45),
('SA1','gas_ocgt','gas',false,120,'peak',0.6),
('TAS1','hydro','hydro',true,1100,'peak',0),
('NSW1','hydro','hydro',true,350,'peak',0),
('VIC1','hydro','hydro',true,250,'peak',0),
('SA1','wind','wind',true,900,'wind',0),
('VIC1','wind','wind',true,1300,'wind',0),
('NSW1','wind','wind',true,700,'wind',0),
('TAS1','wind','wind',true,250,'wind',0),
('WEM','wind','wind',true,550,'wind',0),
('NSW1','solar_utility','solar',true,2200,'solar',0),
('QLD1','solar_utility','solar',true,2000,'solar',0),
('VIC1','solar_utility','solar',true,700,'solar',0),
('WEM','solar_utility','solar',true,350,'solar',0),
('NSW1','solar_rooftop','solar',true,2600,'solar',0),
('QLD1','solar_rooftop','solar',true,2700,'solar',0),
('SA1','solar_rooftop','solar',true,1000,'solar',0),
('VIC1','solar_rooftop','solar',true,1900,'solar',0),
('TAS1','solar_rooftop','solar',true,120,'solar',0),
('WEM','solar_rooftop','solar',true,1600,'solar',0),
('SA1','battery_discharging','battery_discharging',false,180,'peak',0),
('VIC1','battery_discharging','battery_discharging',false,220,'peak',0),
('WEM','battery_discharging','battery_discharging',false,160,'peak',0),
('SA1','battery_charging','battery_charging',false,-180,'solar',0),
('VIC1','battery_charging','battery_charging',false,-220,'solar',0),
('WEM','battery_charging','battery_charging',false,-160,'solar',0),
('NSW1','pumps','pumps',false,-250,'solar',0)
"""
# interconnector, from, to, MW amplitude, MW mean (positive from -> to)
INTERCONNECTORS = """
('NSW1-QLD1','NSW1','QLD1',500,-200), ('VIC1-NSW1','VIC1','NSW1',700,300),
('V-SA','VIC1','SA1',300,50), ('T-V-MNSP1','TAS1','VIC1',400,100)
"""
SHAPE = """case shape
    when 'flat' then 0.85 + 0.1 * cos(2 * pi() * hour / 24)
    when 'solar' then greatest(0, sin(pi() * (hour - 6) / 12))
    when 'peak' then 0.25 + 0.75 * exp(-pow(hour - 18.5, 2) / 6)
    else 0.55 + 0.4 * sin(2 * pi() * epoch_hours / 61 + length(region))
end"""
HOURS = "hour(t) + minute(t) / 60"
EPOCH_HOURS = "epoch(t) / 3600"
PRICE = (
    f"(95 + 60 * exp(-pow({HOURS} - 18.5, 2) / 6)"
    f" - 70 * greatest(0, sin(pi() * ({HOURS} - 6) / 12)))"
)


def _fueltech_5m(conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute(f"""
        insert into marts.fct_fueltech_intervals_5m_v1
        with grid as (
            select t, {HOURS} as hour, {EPOCH_HOURS} as epoch_hours
            from generate_series(timestamp '{START}', {LAST}, interval 5 minute) as g(t)
        ), rows as (
            select t, region, fueltech, grp, renewable, factor, mw * ({SHAPE}) as power
            from grid cross join (values {FUELTECHS})
                as f(region, fueltech, grp, renewable, mw, shape, factor)
        )
        select t, case region when 'WEM' then 'WEM' else 'NEM' end, region, fueltech, grp,
            renewable, power, power / 12, greatest(power, 0) / 12 * factor,
            power / 12 * {PRICE}, now()
        from rows
    """)


def _flows_5m(conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute(f"""
        insert into marts.fct_region_flows_v1
        select t, 'NEM', id, region_from, region_to, power, power / 12, abs(power) / 12 * 80,
            abs(power) / 12 * 0.6, abs(power) / 12 * 0.7, now()
        from (
            select t, id, region_from, region_to,
                mean + amplitude * sin(2 * pi() * {EPOCH_HOURS} / 24 + length(id)) as power
            from generate_series(timestamp '{START}', {LAST}, interval 5 minute) as g(t)
            cross join (values {INTERCONNECTORS}) as i(id, region_from, region_to, amplitude, mean)
        )
    """)


def _market_5m(conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute(f"""
        insert into marts.fct_market_summary_v2 (interval_start, network_id, network_region, price,
            demand, demand_energy, rooftop, demand_gross, demand_gross_energy, generation_renewable,
            generation_renewable_energy, flow_imports, flow_exports, flow_imports_energy,
            flow_exports_energy, _loaded_at)
        with directed as (
            select interval_start as t, region_to as region, greatest(power_mw, 0) as imports,
                greatest(-power_mw, 0) as exports from marts.fct_region_flows_v1
            union all
            select interval_start, region_from, greatest(-power_mw, 0), greatest(power_mw, 0)
            from marts.fct_region_flows_v1
        ), flows as (
            select t, region, sum(imports) as imports, sum(exports) as exports
            from directed group by all
        ), generation as (
            select interval_start as t, network_id, network_region as region,
                sum(power_mw) filter (where fueltech_id != 'solar_rooftop') as local,
                sum(power_mw) filter (where fueltech_id = 'solar_rooftop') as rooftop,
                sum(power_mw) filter (where is_renewable) as renewable
            from marts.fct_fueltech_intervals_5m_v1 group by all
        )
        select t, network_id, region, {PRICE} + length(region) * 3,
            local + coalesce(imports - exports, 0) as demand, demand / 12, rooftop,
            demand + rooftop, (demand + rooftop) / 12, renewable, renewable / 12,
            coalesce(imports, 0), coalesce(exports, 0), coalesce(imports, 0) / 12,
            coalesce(exports, 0) / 12, now()
        from generation left join flows using (t, region)
    """)


def _rollups(conn: duckdb.DuckDBPyConnection) -> None:
    values = "sum(energy_mwh), sum(emissions_t), sum(market_value), count(*)::integer, now()"
    dims = "network_id, network_region, fueltech_id, fueltech_group_id, is_renewable"
    conn.execute(f"""
        insert into marts.fct_fueltech_intervals_daily_v1
        select cast(interval_start as date), {dims}, {values}
        from marts.fct_fueltech_intervals_5m_v1 group by all
    """)
    conn.execute(f"""
        insert into marts.fct_fueltech_intervals_monthly_v1
        select cast(date_trunc('month', interval_day) as date), {dims}, sum(energy_mwh),
            sum(emissions_t), sum(market_value), sum(interval_count)::integer, now()
        from marts.fct_fueltech_intervals_daily_v1 group by all
    """)
    means = ["price", "demand", "rooftop", "demand_gross", "generation_renewable"]
    means += ["flow_imports", "flow_exports"]
    sums = ["demand_energy", "demand_gross_energy", "generation_renewable_energy"]
    sums += ["flow_imports_energy", "flow_exports_energy"]
    columns = ", ".join([*means, *sums])
    aggregates = ", ".join([f"avg({c})" for c in means] + [f"sum({c})" for c in sums])
    for table, period in (("daily", "day"), ("monthly", "month")):
        conn.execute(f"""
            insert into marts.fct_market_summary_{table}_v1 (interval_{period}, network_id,
                network_region, {columns}, interval_count, _loaded_at)
            select cast(date_trunc('{period}', interval_start) as date), network_id,
                network_region, {aggregates}, count(*)::integer, now()
            from marts.fct_market_summary_v2 group by all
        """)


# facility, name, region, fueltech, units, MW each, status
FACILITIES = (
    ("BAYSW", "Bayswater", "NSW1", "coal_black", 4, 660.0, "operating"),
    ("ERARING", "Eraring", "NSW1", "coal_black", 4, 720.0, "operating"),
    ("LOYYB", "Loy Yang B", "VIC1", "coal_brown", 2, 580.0, "operating"),
    ("HPR", "Hornsdale Power Reserve", "SA1", "battery_discharging", 1, 150.0, "operating"),
    ("SNOWTWN", "Snowtown Wind Farm", "SA1", "wind", 2, 135.0, "operating"),
    ("GORDON", "Gordon Power Station", "TAS1", "hydro", 3, 144.0, "operating"),
    ("DARLSF", "Darling Downs Solar Farm", "QLD1", "solar_utility", 1, 110.0, "committed"),
    ("HAZEL", "Hazelwood", "VIC1", "coal_brown", 8, 200.0, "retired"),
    ("COLLIE", "Collie Power Station", "WEM", "coal_black", 1, 340.0, "operating"),
)


def _facilities(conn: duckdb.DuckDBPyConnection) -> None:
    for code, name, region, fueltech, count, capacity, status in FACILITIES:
        network = "WEM" if region == "WEM" else "NEM"
        conn.execute(
            "insert into marts.dim_facilities_v1 values (?, ?, ?, ?, 'Participant', ?, ?, null)",
            [code, name, network, region, -33.0, 151.0],
        )
        for unit in range(1, count + 1):
            conn.execute(
                "insert into marts.dim_units_v1 values "
                "(?, ?, ?, ?, ?, ?, false, 'GENERATOR', ?, 0.9, 'aemo', ?, ?, null)",
                [
                    f"{code}{unit}",
                    code,
                    network,
                    region,
                    fueltech,
                    fueltech,
                    capacity,
                    status,
                    capacity,
                ],
            )
    conn.execute(f"""
        insert into marts.fct_unit_intervals_v1
        select t, u.network_id, u.network_region, u.facility_code, u.unit_code, u.fueltech_id,
            u.fueltech_group_id, u.is_renewable, power, power / 12, power / 12 * 0.9,
            power / 12 * 80, now()
        from marts.dim_units_v1 as u
        cross join generate_series(timestamp '{START}', {LAST}, interval 5 minute) as g(t)
        cross join lateral (
            select u.capacity_registered_mw * (
                0.7 + 0.25 * sin(2 * pi() * {EPOCH_HOURS} / 24 + ord(right(u.unit_code, 1)))
            ) as power
        )
        where u.status_id = 'operating'
    """)
    conn.execute("""
        insert into marts.fct_unit_intervals_daily_v1
        select cast(interval_start as date), network_id, network_region, facility_code,
            unit_code, fueltech_id, fueltech_group_id, is_renewable, sum(energy_mwh),
            sum(emissions_t), sum(market_value), max(power_mw), min(interval_start),
            max(interval_start), count(*)::integer, null, now()
        from marts.fct_unit_intervals_v1 group by all
    """)


def _milestone(record: str, region: str | None, value: float, unit: str, day: int) -> dict:
    network, fueltech, metric, period, aggregate = record.split(".")[1:2] + record.split(".")[-4:]
    return {
        "instance_id": f"00000000-0000-0000-0000-{day:04d}{len(record):08d}",
        "record_id": record,
        "network_id": network.upper(),
        "network_region": region,
        "fueltech_group": fueltech,
        "metric": metric,
        "period": period,
        "aggregate": aggregate,
        "interval_start": datetime(2026, 11, 22 + day, 13),
        "value": value,
        "unit": unit,
        "significance": 9 - day,
    }


MILESTONES = [
    _milestone("au.nem.solar.power.interval.high", None, 16200.0, "MW", 1),
    _milestone("au.nem.nsw1.wind.power.interval.high", "NSW1", 1830.0, "MW", 2),
    _milestone("au.nem.sa1.renewables.proportion.day.high", "SA1", 99.1, "%", 3),
    _milestone("au.nem.vic1.demand.power.interval.low", "VIC1", 2100.0, "MW", 4),
    _milestone("au.nem.solar.power.interval.high", None, 16950.0, "MW", 5),
    _milestone("au.wem.wem.solar.energy.day.high", "WEM", 9300.0, "MWh", 6),
]


def build(path: Path) -> Path:
    """Write the serving file at `path`."""
    write_marts(path, {"dim_fueltechs_v1": dim_fueltechs(), "fct_milestones_v1": MILESTONES})
    with duckdb.connect(str(path)) as conn:
        for step in (_fueltech_5m, _flows_5m, _market_5m, _rollups, _facilities):
            step(conn)
    return path
