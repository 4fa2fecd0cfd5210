"""Every rollup mart equals a full recomputation from its 5-minute source, on any engine.

`ROLLUPS` has one line per rollup mart: its relation, its 5-minute source, the period, the key
columns and how each checked column is recomputed from the 5-minute rows (a SQL aggregate that
DuckDB, PostgreSQL and ClickHouse all read the same way). A monthly rollup is recomputed from the
5-minute rows too, not from the daily mart it is built from, so an error in either shows.
`mismatches` compares a rollup with its recomputation through any query function (a DuckDB
connection's, or an engine's `MartReader.query`).
"""

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

Query = Callable[[str], Sequence[Sequence[object]]]

PERIOD_START = {
    "day": "cast({column} as date)",
    "month": "cast(date_trunc('month', {column}) as date)",
}


@dataclass(frozen=True)
class Rollup:
    relation: str  # in schema marts, e.g. fct_fueltech_intervals_daily_v1
    source: str  # its 5-minute mart
    period: str  # "day" or "month"
    keys: tuple[str, ...]
    measures: Mapping[str, str]  # rollup column -> aggregate over the 5-minute rows
    time_column: str = "interval_start"

    @property
    def grain(self) -> str:
        return f"interval_{self.period}"


def sums(*columns: str) -> dict[str, str]:
    return {column: f"sum({column})" for column in columns}


def proportion(numerator: str, *denominator: str) -> str:
    """100 x sum(numerator) / sum(denominator columns), bounded 0..100, null unless positive."""
    total = " + ".join(f"sum({column})" for column in denominator)
    return (
        f"case when {total} > 0 "
        f"then greatest(0, least(100, 100 * sum({numerator}) / ({total}))) end"
    )


INTERVAL_COUNT = {"interval_count": "count(*)"}
FUELTECH = {**sums("energy_mwh", "emissions_t", "market_value"), **INTERVAL_COUNT}
RENEWABLE = {
    **sums(
        *(
            f"generation_{split}_{measure}"
            for split in (
                "renewable",
                "non_renewable",
                "renewable_with_storage",
                "non_renewable_excl_storage",
            )
            for measure in ("energy_mwh", "emissions_t")
        ),
        "loads_energy_mwh",
    ),
    "renewable_proportion": proportion(
        "generation_renewable_energy_mwh",
        "generation_renewable_energy_mwh",
        "generation_non_renewable_energy_mwh",
    ),
    "renewable_with_storage_proportion": proportion(
        "generation_renewable_with_storage_energy_mwh",
        "generation_renewable_with_storage_energy_mwh",
        "generation_non_renewable_excl_storage_energy_mwh",
    ),
    **INTERVAL_COUNT,
}
# price and MW metrics are means of the intervals with a value; energies sum
MARKET = {
    "price": "avg(price)",
    "demand": "avg(demand)",
    "demand_gross": "avg(demand_gross)",
    **sums("demand_energy", "demand_gross_energy", "generation_energy", "emissions"),
    **sums("generation_renewable_energy", "flow_imports_energy", "flow_exports_energy"),
    **INTERVAL_COUNT,
}
FUELTECH_KEYS = ("network_region", "fueltech_id")
UNIT_KEYS = ("unit_code", "fueltech_id")
REGION_KEYS = ("network_region",)

FUELTECH_5M = "fct_fueltech_intervals_5m_v1"
RENEWABLE_5M = "fct_renewable_intervals_5m_v1"
MARKET_5M = "fct_market_summary_v2"
UNIT_5M = "fct_unit_intervals_v1"

ROLLUPS = (
    Rollup("fct_fueltech_intervals_daily_v1", FUELTECH_5M, "day", FUELTECH_KEYS, FUELTECH),
    Rollup("fct_fueltech_intervals_monthly_v1", FUELTECH_5M, "month", FUELTECH_KEYS, FUELTECH),
    Rollup("fct_renewable_intervals_daily_v1", RENEWABLE_5M, "day", REGION_KEYS, RENEWABLE),
    Rollup("fct_renewable_intervals_monthly_v1", RENEWABLE_5M, "month", REGION_KEYS, RENEWABLE),
    Rollup("fct_market_summary_daily_v1", MARKET_5M, "day", REGION_KEYS, MARKET),
    Rollup("fct_market_summary_monthly_v1", MARKET_5M, "month", REGION_KEYS, MARKET),
    Rollup("fct_unit_intervals_daily_v1", UNIT_5M, "day", UNIT_KEYS, FUELTECH),
)


def _by_key(rows: Sequence[Sequence[object]], width: int) -> dict[tuple[object, ...], tuple]:
    keyed = {tuple(row[:width]): tuple(row[width:]) for row in rows}
    assert len(keyed) == len(rows), "a rollup key occurs more than once"
    return keyed


def _recomputed(rollup: Rollup) -> str:
    start = PERIOD_START[rollup.period].format(column=rollup.time_column)
    keys = ", ".join(rollup.keys)
    measures = ", ".join(rollup.measures.values())
    return f"select {keys}, {start}, {measures} from marts.{rollup.source} group by {keys}, {start}"


def _stored(rollup: Rollup) -> str:
    columns = ", ".join([*rollup.keys, rollup.grain, *rollup.measures])
    return f"select {columns} from marts.{rollup.relation}"


def _same_value(stored: object, expected: object) -> bool:
    """Both null, or numbers within 1e-6 (absolute) or 1e-9 (relative)."""
    if stored is None or expected is None:
        return stored is expected
    return math.isclose(float(stored), float(expected), rel_tol=1e-9, abs_tol=1e-6)


def _same(stored: Sequence[object], expected: Sequence[object]) -> bool:
    return all(_same_value(a, b) for a, b in zip(stored, expected, strict=True))


def mismatches(query: Query, rollup: Rollup) -> list[str]:
    """The keys where `rollup` differs from its recomputation (missing, extra or other values)."""
    width = len(rollup.keys) + 1
    expected = _by_key(query(_recomputed(rollup)), width)
    stored = _by_key(query(_stored(rollup)), width)
    return [
        f"{rollup.relation} {key}: stored {stored.get(key)}, recomputed {expected.get(key)}"
        for key in sorted(expected.keys() | stored.keys(), key=str)
        if key not in expected or key not in stored or not _same(stored[key], expected[key])
    ]


def all_mismatches(query: Query) -> list[str]:
    """Mismatches of every rollup in ROLLUPS (empty when each equals its recomputation)."""
    return [line for rollup in ROLLUPS for line in mismatches(query, rollup)]
