"""The metrics each endpoint serves, and the marts they are computed from.

A query aggregates twice: first per bucket and leaf (region, fueltech), then per bucket and
series. `leaf` is the first aggregate of a metric (by source mart), `series` the second (by
source mart too), which reads the leaf columns by metric name. Power over a coarse bucket is the
mean; energy-like metrics are sums. On the daily and monthly fueltech marts mean power is
energy / hours covered, i.e. `energy_mwh * 12 / interval_count`.

Market metrics (fct_market_summary v2 and its daily and monthly rollups): a region's MW metric
over a bucket is the mean of its intervals (on a rollup, the rollup means weighted by
`interval_count`), its energies the sum. Across regions (primary_grouping=network) MW and
energies add up; price is the mean of the regional prices, the public v4 API's definition (not
demand-weighted); the proportions are recomputed from the sums, never averaged:
sum(generation_renewable) / sum(demand_gross) x 100 on the 5-minute mart (for one region and
interval that is the mart's own column), sum(generation_renewable_energy) /
sum(demand_gross_energy) x 100 on the rollups, bounded to 0 .. 100. Every query filters one
`network_id`, so a network made of others (AU) can sum them the same way.

Loads (pumps, battery charging: negative power and energy) are fueltech rows like any other, so
totals and the fueltech groupings are net of them; a grouping that covers generation only (the
`renewable` grouping) leaves them out with `LOAD_FUELTECHS`, the fueltechs `dim_fueltechs` flags
`is_load`.

`/v4/data/network/...` reads three datasets (`NETWORK_DATA`; `api.series.plan` picks one per
metric): the fueltech marts, the unit marts summed per unit status (for `secondary_grouping=
status`) and the battery state of charge (`storage_battery`).

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
    series: dict[Source, str]


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


def _every(expression: str) -> dict[Source, str]:
    return {source: expression for source in Source}


def _sum(column: str) -> dict[Source, str]:
    return _every(f"sum({column})")


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
                _sum("power"),
            ),
            Metric("energy", "MWh", _sum("energy_mwh"), _sum("energy")),
            Metric("emissions", "t", _sum("emissions_t"), _sum("emissions")),
            Metric("market_value", "$", _sum("market_value"), _sum("market_value")),
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


VALUE_SUMS = {"energy_mwh": "sum", "emissions_t": "sum", "market_value": "sum"}
# per day: the intervals a fueltech and status covered are those of its most complete unit
_DAILY_BY_STATUS = _by_status(
    "interval_day",
    "marts.fct_unit_intervals_daily_v1",
    {**VALUE_SUMS, "interval_count": "max"},
    "marts.fct_fueltech_intervals_daily_v1",
)

GENERATION_BY_STATUS = Dataset(
    tables={
        Source.FIVE_MINUTE: _by_status(
            "interval_start",
            "marts.fct_unit_intervals_v1",
            {"power_mw": "sum", **VALUE_SUMS},
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
            _sum("storage_battery"),
        )
    },
    latest_table="marts.fct_battery_storage_5m_v1",
)

# `/v4/data/network/...`: a metric is read from the first dataset that has it and can group by
# every requested grouping (the fueltech marts unless the request groups by status).
NETWORK_DATA = (GENERATION, GENERATION_BY_STATUS, STORAGE)
NETWORK_DATA_METRICS = tuple(dict.fromkeys(name for d in NETWORK_DATA for name in d.metrics))


def bounded_percentage(numerator: str, denominator: str) -> str:
    """`numerator / denominator x 100` bounded to 0 .. 100, null without a positive denominator
    (the SQL of the dbt macro of the same name)."""
    numerator, denominator = f"({numerator})", f"({denominator})"
    return (
        f"case when {numerator} is null or {denominator} is null or {denominator} <= 0 then null "
        f"when {numerator} <= 0 then 0.0 when {numerator} >= {denominator} then 100.0 "
        f"else {numerator} * 100 / {denominator} end"
    )


def _mean(column: str) -> dict[Source, str]:
    """A region's mean MW over a bucket: of its intervals, or of its rollup rows' means
    weighted by the 5-minute rows each covers."""
    weighted = (
        f"sum({column} * interval_count) "
        f"/ nullif(sum(case when {column} is not null then interval_count end), 0)"
    )
    return {Source.FIVE_MINUTE: f"avg({column})", Source.DAILY: weighted, Source.MONTHLY: weighted}


def _power(name: str, unit: str = "MW") -> Metric:
    return Metric(name, unit, _mean(name), _sum(name))


def _energy(name: str) -> Metric:
    return Metric(name, "MWh", _sum(name), _sum(name))


def _proportion(name: str, renewable: str) -> Metric:
    """Renewable share of gross demand from sums: of MW on the 5-minute mart, of energies on the
    rollups; per region over its rows, then across regions over their leaf values."""

    def share(source: Source) -> str:
        suffix = "" if source is Source.FIVE_MINUTE else "_energy"
        return bounded_percentage(f"sum({renewable}{suffix})", f"sum(demand_gross{suffix})")

    by_source = {source: share(source) for source in Source}
    return Metric(name, "%", by_source, by_source)


_MARKET_5M = "marts.fct_market_summary_v2"

MARKET = Dataset(
    tables={
        Source.FIVE_MINUTE: _MARKET_5M,
        Source.DAILY: "marts.fct_market_summary_daily_v1",
        Source.MONTHLY: "marts.fct_market_summary_monthly_v1",
    },
    time_columns=GENERATION.time_columns,
    leaf_columns=("network_region",),
    metrics={
        m.name: m
        for m in (
            # the mean of the regional prices (the public v4 API's network price)
            Metric("price", "$/MWh", _mean("price"), _every("avg(price)")),
            _power("demand"),
            _energy("demand_energy"),
            _power("demand_gross"),
            _energy("demand_gross_energy"),
            _power("generation_renewable"),
            _energy("generation_renewable_energy"),
            _power("generation_renewable_with_storage"),
            _energy("generation_renewable_with_storage_energy"),
            _proportion("renewable_proportion", "generation_renewable"),
            _proportion("renewable_with_storage_proportion", "generation_renewable_with_storage"),
            _power("curtailment"),
            _energy("curtailment_energy"),
            _power("curtailment_solar_utility"),
            _energy("curtailment_solar_utility_energy"),
            _power("curtailment_wind"),
            _energy("curtailment_wind_energy"),
            _power("flow_imports"),
            _power("flow_exports"),
            _energy("flow_imports_energy"),
            _energy("flow_exports_energy"),
        )
    },
    latest_table=_MARKET_5M,
)
