"""The metrics each endpoint serves, and the marts they are computed from.

A query aggregates twice: first per bucket and leaf (region, fueltech), then per bucket and
series. `leaf` is the first aggregate of a metric (by source mart), `series` the second, which
reads the leaf columns by metric name. Power over a coarse bucket is the mean; energy-like
metrics are sums. On the daily and monthly marts mean power is energy / hours covered, i.e.
`energy_mwh * 12 / interval_count`.

Loads (pumps, battery charging: negative power and energy) are fueltech rows like any other, so
totals and the fueltech groupings are net of them; a grouping that covers generation only (the
`renewable` grouping) leaves them out with `LOAD_FUELTECHS`, the fueltechs `dim_fueltechs` flags
`is_load`.

`/v4/data/network/...` reads three datasets (`NETWORK_DATA`; `api.series.plan` picks one per
metric): the fueltech marts, the unit marts summed per unit status (for `secondary_grouping=
status`) and the battery state of charge (`storage_battery`).

Units are named as the public v4 API names them (`MW`, `MWh`, `t`, `$`, `$/MWh`; see
tests/api/test_units.py), not as OpenNEM's v3 exports did (`tCO2e`, `AUD`, `AUD/MWh`).
"""

from dataclasses import dataclass

from api.intervals import Source

INTERVALS_PER_HOUR = 12


@dataclass(frozen=True)
class Metric:
    name: str
    unit: str
    leaf: dict[Source, str]
    series: str


@dataclass(frozen=True)
class Dataset:
    """The marts behind one endpoint and the leaf columns a series may group by."""

    tables: dict[Source, str]
    time_columns: dict[Source, str]
    leaf_columns: tuple[str, ...]
    metrics: dict[str, Metric]
    latest_table: str

    def source_for(self, wanted: Source) -> Source:
        """The mart an interval reads; datasets without rollups bucket the 5-minute mart."""
        return wanted if wanted in self.tables else Source.FIVE_MINUTE


def _sum(column: str) -> dict[Source, str]:
    return {source: f"sum({column})" for source in Source}


LOAD_FUELTECHS = "select fueltech_id from marts.dim_fueltechs_v1 where is_load"

_MEAN_POWER_ROLLUP = f"sum(energy_mwh) * {INTERVALS_PER_HOUR} / nullif(sum(interval_count), 0)"

GENERATION = Dataset(
    tables={
        Source.FIVE_MINUTE: "marts.fct_fueltech_intervals_5m_v1",
        Source.DAILY: "marts.fct_fueltech_intervals_daily_v1",
        Source.MONTHLY: "marts.fct_fueltech_intervals_monthly_v1",
    },
    time_columns={
        Source.FIVE_MINUTE: "interval_start",
        Source.DAILY: "cast(interval_day as timestamp)",
        Source.MONTHLY: "cast(interval_month as timestamp)",
    },
    leaf_columns=("network_region", "fueltech_id", "fueltech_group_id", "is_renewable"),
    metrics={
        m.name: m
        for m in (
            Metric(
                "power",
                "MW",
                {
                    Source.FIVE_MINUTE: "avg(power_mw)",
                    Source.DAILY: _MEAN_POWER_ROLLUP,
                    Source.MONTHLY: _MEAN_POWER_ROLLUP,
                },
                "sum(power)",
            ),
            Metric("energy", "MWh", _sum("energy_mwh"), "sum(energy)"),
            Metric("emissions", "t", _sum("emissions_t"), "sum(emissions)"),
            Metric("market_value", "$", _sum("market_value"), "sum(market_value)"),
        )
    },
    latest_table="marts.fct_fueltech_intervals_5m_v1",
)

# A secondary grouping by unit status (`status_id`) needs unit rows: the same generation metrics
# are then read from the unit marts, summed per status to the fueltech marts' grain (so the
# metrics' leaf expressions are the same). The status is dim_units' status of the unit now, as
# the public API's `status_id` is a property of the unit. Rooftop PV is no registered unit; it
# counts as `operating`, so the statuses add up to the network total.
_UNITS = "marts.dim_units_v1"
_DIMENSIONS = ("network_id", "network_region", "fueltech_id", "fueltech_group_id", "is_renewable")
ROOFTOP_FUELTECH = "solar_rooftop"


def _by_status(
    time_column: str, units_table: str, measures: dict[str, str], rooftop_table: str
) -> str:
    """Unit rows of `units_table` per time, region, fueltech and status, each measure (column ->
    aggregate) aggregated over the units; plus rooftop PV from the fueltech mart `rooftop_table`."""
    # every joined column is named: ClickHouse would call it `units.<column>`
    dimensions = [f"units.{column} as {column}" for column in (time_column, *_DIMENSIONS)]
    positions = ", ".join(str(i) for i in range(1, len(dimensions) + 2))
    aggregates = ", ".join(f"{agg}(units.{column}) as {column}" for column, agg in measures.items())
    return f"""(
        select {", ".join(dimensions)}, status.status_id as status_id, {aggregates}
        from {units_table} as units
        inner join {_UNITS} as status
            on units.unit_code = status.unit_code
        group by {positions}
        union all
        select {time_column}, {", ".join(_DIMENSIONS)}, 'operating', {", ".join(measures)}
        from {rooftop_table}
        where fueltech_id = '{ROOFTOP_FUELTECH}'
    ) as by_status"""


_VALUE_SUMS = {"energy_mwh": "sum", "emissions_t": "sum", "market_value": "sum"}
# per day: the intervals a fueltech and status covered are those of its most complete unit
_DAILY_BY_STATUS = _by_status(
    "interval_day",
    "marts.fct_unit_intervals_daily_v1",
    {**_VALUE_SUMS, "interval_count": "max"},
    "marts.fct_fueltech_intervals_daily_v1",
)

GENERATION_BY_STATUS = Dataset(
    tables={
        Source.FIVE_MINUTE: _by_status(
            "interval_start",
            "marts.fct_unit_intervals_v1",
            {"power_mw": "sum", **_VALUE_SUMS},
            "marts.fct_fueltech_intervals_5m_v1",
        ),
        Source.DAILY: _DAILY_BY_STATUS,
        Source.MONTHLY: _DAILY_BY_STATUS,  # months from the days: there is no monthly unit mart
    },
    time_columns={
        Source.FIVE_MINUTE: "interval_start",
        Source.DAILY: "cast(interval_day as timestamp)",
        Source.MONTHLY: "cast(interval_day as timestamp)",
    },
    leaf_columns=(*GENERATION.leaf_columns, "status_id"),
    metrics=GENERATION.metrics,
    latest_table="marts.fct_unit_intervals_v1",
)


def _storage(time_column: str, table: str) -> str:
    """Battery state of charge rows of `table` with the unit's fueltech, renewable flag, status."""
    return f"""(
        select storage.{time_column} as {time_column}, storage.network_id as network_id,
            storage.network_region as network_region, units.fueltech_id as fueltech_id,
            units.fueltech_group_id as fueltech_group_id, units.is_renewable as is_renewable,
            units.status_id as status_id, storage.energy_storage_mwh as energy_storage_mwh
        from {table} as storage
        inner join {_UNITS} as units
            on storage.unit_code = units.unit_code
        where storage.energy_storage_mwh is not null
    ) as storage"""


_STORAGE_DAILY = _storage("interval_day", "marts.fct_unit_intervals_daily_v1")
# The network's (region's, ...) state of charge at an interval is the sum over its batteries; a
# bucket serves the mean of those sums: the sum of its unit rows over the intervals (days) seen.
_MEAN_OF_DAILY_TOTALS = "sum(energy_storage_mwh) / count(distinct interval_day)"

STORAGE = Dataset(
    tables={
        Source.FIVE_MINUTE: _storage("interval_start", "marts.fct_battery_storage_5m_v1"),
        Source.DAILY: _STORAGE_DAILY,
        Source.MONTHLY: _STORAGE_DAILY,
    },
    time_columns=GENERATION_BY_STATUS.time_columns,
    leaf_columns=GENERATION_BY_STATUS.leaf_columns,
    metrics={
        "storage_battery": Metric(
            "storage_battery",
            "MWh",
            {
                Source.FIVE_MINUTE: "sum(energy_storage_mwh) / count(distinct interval_start)",
                Source.DAILY: _MEAN_OF_DAILY_TOTALS,
                Source.MONTHLY: _MEAN_OF_DAILY_TOTALS,
            },
            "sum(storage_battery)",
        )
    },
    latest_table="marts.fct_battery_storage_5m_v1",
)

# `/v4/data/network/...`: a metric is read from the first dataset that has it and can group by
# every requested grouping (the fueltech marts unless the request groups by status).
NETWORK_DATA = (GENERATION, GENERATION_BY_STATUS, STORAGE)
NETWORK_DATA_METRICS = tuple(dict.fromkeys(name for d in NETWORK_DATA for name in d.metrics))

_MARKET_TABLE = "marts.fct_market_summary_v1"

MARKET = Dataset(
    tables={Source.FIVE_MINUTE: _MARKET_TABLE},
    time_columns={Source.FIVE_MINUTE: "interval_start"},
    leaf_columns=("network_region",),
    metrics={
        m.name: m
        for m in (
            Metric(
                "price",
                "$/MWh",
                {Source.FIVE_MINUTE: "avg(price)"},
                # demand-weighted across regions; a single region keeps its own price
                "coalesce(sum(price * demand) / nullif(sum(demand), 0), avg(price))",
            ),
            Metric("demand", "MW", {Source.FIVE_MINUTE: "avg(demand)"}, "sum(demand)"),
            Metric(
                "demand_energy",
                "MWh",
                {Source.FIVE_MINUTE: "sum(demand_energy_mwh)"},
                "sum(demand_energy)",
            ),
        )
    },
    latest_table=_MARKET_TABLE,
)
