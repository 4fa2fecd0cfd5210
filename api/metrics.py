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
