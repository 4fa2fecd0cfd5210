"""What the API should answer, computed straight from the marts with SQL written here, apart from
the API's own query builder (api/metrics.py, api/queries.py), from the rules README "Querying the
API" documents:

- MW over a bucket is the mean over its 5-minute intervals (the series' total per interval,
  averaged); on the daily and monthly rollups a row's mean MW is its energy x 12 / its intervals,
  and a series adds its rows' means. Energies, emissions and market value are sums.
- Market metrics: a region's MW over a bucket is the mean of its intervals (on a rollup, the row
  means weighted by their interval counts); the network's is the sum of its regions'; the
  network's price is the mean of the regional prices; the proportions are 100 x the renewable sum
  over the gross demand sum of the bucket's rows, bounded to 0 .. 100.
- `storage_battery` is the batteries' summed state of charge, averaged over the bucket's
  intervals (days on the rollups).
- AU is NEM + WEM; on 5-minute data a WEM interval counts 2 hours later (AWST -> AEST).

Every function answers `{(series key, bucket label): value}`, the key being the values of the
series' `columns` in grouping order, so it compares with `served` of an API response.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb

from api.metrics import MARKET

MEMBERS = {"NEM": ("NEM",), "WEM": ("WEM",), "AU": ("NEM", "WEM")}
OFFSETS = {"NEM": "+10:00", "WEM": "+08:00", "AU": "+10:00"}
SECONDARY = {
    "fueltech": "fueltech_id",
    "fueltech_group": "fueltech_group_id",
    "status": "status_id",
    "renewable": "is_renewable",
}
GENERATION_METRICS = ("power", "energy", "emissions", "market_value")
MARKET_METRICS = tuple(MARKET.metrics)
LOADS = "(select fueltech_id from marts.dim_fueltechs_v1 where is_load)"

Expected = dict[tuple[tuple[Any, ...], str], float]


@dataclass(frozen=True)
class Window:
    """An interval asked for, its date range, the grain of the mart read and its bucket SQL."""

    interval: str
    date_start: str
    date_end: str
    grain: str  # "5m", "day" or "month"
    bucket: str  # SQL over the rows' naive time `t`

    def params(self) -> dict[str, str]:
        return {"interval": self.interval, "date_start": self.date_start, "date_end": self.date_end}


WINDOWS = (
    Window("5m", "2024-08-02T00:00:00", "2024-08-02T12:00:00", "5m", "t"),
    Window("1h", "2024-08-02T00:00:00", "2024-08-03T00:00:00", "5m", "date_trunc('hour', t)"),
    Window("1d", "2024-08-01T00:00:00", "2024-08-03T00:00:00", "day", "t"),
    Window("1M", "2024-08-01T00:00:00", "2024-09-01T00:00:00", "month", "t"),
)


def on_network_clock(network: str, grain: str, rows: str) -> str:
    """`rows` (with a naive time `t` and `network_id`) on the network's clock: in AU a WEM
    5-minute row moves 2 hours later (AWST -> AEST)."""
    if network != "AU" or grain != "5m":
        return rows
    shifted = "case when network_id = 'WEM' then t + interval 2 hour else t end"
    return f"select * replace ({shifted} as t) from ({rows}) as local_rows"


def _read(database: str, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with duckdb.connect(database, read_only=True) as conn:
        return conn.execute(sql, params).fetchall()


def _labelled(network: str, rows: list[tuple[Any, ...]], width: int, column: int) -> Expected:
    """Rows `(bucket, *key, *values)`: the non-null values of metric column `column`."""
    return {
        (tuple(row[1 : 1 + width]), f"{row[0].isoformat()}{OFFSETS[network]}"): row[column]
        for row in rows
        if row[column] is not None
    }


def served_end(database: str, network: str, table: str) -> datetime | None:
    """The end of the newest interval every member network has in the 5-minute mart `table`
    (the API serves nothing later); None without rows."""
    rows = f"select interval_start as t, network_id from {table}"
    sql = f"""
select min(latest) + interval 5 minute from (
    select max(t) as latest from ({on_network_clock(network, "5m", rows)}) as rows
    where network_id in ({", ".join("?" for _ in MEMBERS[network])})
    group by network_id
) as members"""
    end: datetime | None = _read(database, sql, list(MEMBERS[network]))[0][0]
    return end


def _in_window(network: str, window: Window, end: datetime | None) -> tuple[str, list[Any]]:
    members = MEMBERS[network]
    sql = f"network_id in ({', '.join('?' for _ in members)}) and t >= ? and t < ?"
    wanted_end = min(datetime.fromisoformat(window.date_end), end or datetime.max)
    return sql, [*members, datetime.fromisoformat(window.date_start), wanted_end]


# Generation: one row per (time, region, fueltech or unit) with its MW (a rollup row's mean),
# energy, emissions and market value; `k` is the secondary grouping's value.
def _fueltech_rows(network: str, grain: str, key: str) -> str:
    if grain == "5m":
        t, table, power = "interval_start", "marts.fct_fueltech_intervals_5m_v1", "power_mw"
    else:
        t = f"cast(interval_{grain} as timestamp)"
        table = f"marts.fct_fueltech_intervals_{'daily' if grain == 'day' else 'monthly'}_v1"
        power = "energy_mwh * 12 / interval_count"
    return on_network_clock(
        network,
        grain,
        f"""
select {t} as t, network_id, network_region, fueltech_id, {key} as k, {power} as power,
    energy_mwh as energy, emissions_t as emissions, market_value
from {table}""",
    )


def _status_rows(network: str, grain: str, end: datetime | None) -> str:
    """Unit rows with each unit's status now, and rooftop PV (no unit) as `operating`."""
    if grain == "5m":
        units = "marts.fct_unit_intervals_v1"
        t, power = "u.interval_start", "u.power_mw"
    else:
        # a unit's mean MW over the bucket: its energy x 12 / its intervals (days summed)
        units = f"""(select date_trunc('{grain}', interval_day) as interval_day, network_id,
            network_region, unit_code, fueltech_id, sum(energy_mwh) as energy_mwh,
            sum(emissions_t) as emissions_t, sum(market_value) as market_value,
            sum(interval_count) as interval_count
        from marts.fct_unit_intervals_daily_v1
        where interval_day < timestamp '{(end or datetime.max).isoformat()}'
        group by all)"""
        t, power = "cast(u.interval_day as timestamp)", "u.energy_mwh * 12 / u.interval_count"
    rooftop = _fueltech_rows(network, grain, "'operating'")
    units_rows = f"""
select {t} as t, u.network_id, u.network_region, u.fueltech_id,
    d.status_id as k, {power} as power, u.energy_mwh as energy, u.emissions_t as emissions,
    u.market_value
from {units} as u
inner join marts.dim_units_v1 as d on u.unit_code = d.unit_code"""
    return f"""
{on_network_clock(network, grain, units_rows)}
union all
select * from ({rooftop}) as rooftop where fueltech_id = 'solar_rooftop'"""


def generation(
    database: str, network: str, window: Window, secondary: str | None
) -> dict[str, Expected]:
    """metric -> expected values of `/v4/data/network/{network}` power, energy, emissions and
    market value, grouped by network (`secondary` None) or by region x `secondary`."""
    end = served_end(database, network, "marts.fct_fueltech_intervals_5m_v1")
    if secondary == "status":
        rows = _status_rows(network, window.grain, end)
    else:
        rows = _fueltech_rows(network, window.grain, SECONDARY.get(secondary or "", "null"))
    keys = ["network_region", "k"] if secondary else []
    mean_power = "sum(power) / count(distinct t)" if window.grain == "5m" else "sum(power)"
    where, params = _in_window(network, window, end)
    if secondary == "renewable":  # generation only: loads are neither
        where += f" and fueltech_id not in {LOADS}"
    sql = f"""
select {window.bucket} as bucket, {", ".join([*keys, ""])}
    -- a 5-minute series' MW: its total per interval, averaged over the bucket's intervals
    {mean_power} as power, sum(energy), sum(emissions), sum(market_value)
from ({rows}) as rows
where {where}
group by all
"""
    found = _read(database, sql, params)
    return {
        metric: _labelled(network, found, len(keys), 1 + len(keys) + index)
        for index, metric in enumerate(GENERATION_METRICS)
    }


def storage(database: str, network: str, window: Window, secondary: str | None) -> Expected:
    """Expected `storage_battery`: the batteries' summed state of charge per interval (day),
    averaged over the bucket's intervals (days)."""
    if window.grain == "5m":
        t, table = "s.interval_start", "marts.fct_battery_storage_5m_v1"
    else:
        t, table = "cast(s.interval_day as timestamp)", "marts.fct_unit_intervals_daily_v1"
    key = f"d.{SECONDARY[secondary]}" if secondary else "null"
    rows = f"""
select {t} as t, s.network_id, s.network_region, d.fueltech_id, {key} as k,
    s.energy_storage_mwh as soc
from {table} as s
inner join marts.dim_units_v1 as d on s.unit_code = d.unit_code
where s.energy_storage_mwh is not null"""
    rows = on_network_clock(network, window.grain, rows)
    keys = ["network_region", "k"] if secondary else []
    bucket = window.bucket if window.grain != "month" else "date_trunc('month', t)"
    end = served_end(database, network, "marts.fct_battery_storage_5m_v1")
    where, params = _in_window(network, window, end)
    if secondary == "renewable":
        where += f" and fueltech_id not in {LOADS}"
    sql = f"""
select {bucket} as bucket, {", ".join([*keys, ""])} sum(soc) / count(distinct t)
from ({rows}) as rows
where {where}
group by all
"""
    return _labelled(network, _read(database, sql, params), len(keys), 1 + len(keys))


def _bounded(numerator: str, denominator: str) -> str:
    return (
        f"case when {denominator} is null or {denominator} <= 0 then null "
        f"else least(greatest(100.0 * {numerator} / {denominator}, 0.0), 100.0) end"
    )


def _proportion(name: str, grain: str, prefix: str = "") -> str:
    """100 x renewable / gross demand over the summed rows: MW on the 5-minute mart, energies on
    the rollups; `prefix` names the columns holding the regions' sums."""
    renewable = name.removesuffix("_proportion").replace("renewable", "generation_renewable")
    suffix = "" if grain == "5m" else "_energy"
    return _bounded(f"sum({prefix}{renewable}{suffix})", f"sum({prefix}demand_gross{suffix})")


def _market_region_formulas(grain: str) -> dict[str, str]:
    """Each market metric of one region over a bucket, from its rows of the mart."""
    formulas: dict[str, str] = {}
    for name in MARKET_METRICS:
        if name.endswith("_proportion"):
            formulas[name] = _proportion(name, grain)
        elif name.endswith("_energy"):
            formulas[name] = f"sum({name})"
        elif grain == "5m":
            formulas[name] = f"avg({name})"
        else:
            formulas[name] = (
                f"sum({name} * interval_count) / "
                f"sum(case when {name} is not null then interval_count end)"
            )
    return formulas


def _market_network_formulas(grain: str) -> dict[str, str]:
    """Each market metric of the network over a bucket, from its regions' values and sums."""
    formulas: dict[str, str] = {}
    for name in MARKET_METRICS:
        if name.endswith("_proportion"):
            formulas[name] = _proportion(name, grain, prefix="sum_")
        elif name == "price":
            formulas[name] = "avg(price)"  # the mean of the regional prices
        else:
            formulas[name] = f"sum({name})"
    return formulas


def market(database: str, network: str, window: Window, by_region: bool) -> dict[str, Expected]:
    """metric -> expected values of every market metric, by network or by region."""
    if window.grain == "5m":
        t, table = "interval_start", "marts.fct_market_summary_v2"
    else:
        t = f"cast(interval_{window.grain} as timestamp)"
        table = f"marts.fct_market_summary_{'daily' if window.grain == 'day' else 'monthly'}_v1"
    end = served_end(database, network, "marts.fct_market_summary_v2")
    where, params = _in_window(network, window, end)
    region_metrics = _market_region_formulas(window.grain)
    per_region = ",\n    ".join(f"{sql} as {name}" for name, sql in region_metrics.items())
    # the network's proportions are recomputed from the regions' sums
    sums = [
        f"sum({column}) as sum_{column}"
        for column in (
            "generation_renewable",
            "generation_renewable_with_storage",
            "demand_gross",
            "generation_renewable_energy",
            "generation_renewable_with_storage_energy",
            "demand_gross_energy",
        )
    ]
    regions = f"""
select {window.bucket} as bucket, network_region, {per_region}, {", ".join(sums)}
from ({on_network_clock(network, window.grain, f"select *, {t} as t from {table}")}) as rows
where {where}
group by all"""
    if by_region:
        sql = f"select bucket, network_region, {', '.join(MARKET_METRICS)} from ({regions}) as r"
        width = 1
    else:
        network_metrics = _market_network_formulas(window.grain)
        outputs = ", ".join(f"{sql} as {name}" for name, sql in network_metrics.items())
        sql = f"select bucket, {outputs} from ({regions}) as r group by bucket"
        width = 0
    found = _read(database, sql, params)
    return {
        name: _labelled(network, found, width, 1 + width + index)
        for index, name in enumerate(MARKET_METRICS)
    }


def served(body: dict[str, Any]) -> dict[str, Expected]:
    """metric -> the non-null values of an API response, keyed as the expected ones."""
    return {
        item["metric"]: {
            (tuple(result["columns"].values()), stamp): value
            for result in item["results"]
            for stamp, value in result["data"]
            if value is not None
        }
        for item in body["data"]
    }
