"""`/v4/data/facilities/{network}`: one time series per metric, one result per unit.

The units are the requested `unit_code`s, else every unit of the requested `facility_code`s
(at most `MAX_CODES` of each), resolved in `dim_units`, the registry now, and read by unit code
(the unit marts keep the facility code a unit had when its rows were built). A code no unit of
the network has is a 404; with both lists, a unit outside the facilities is a 400.
Metrics are read from the unit marts: `fct_unit_intervals` for buckets built from 5-minute
intervals (5m, 1h, ...), its daily rollup `fct_unit_intervals_daily` for 1d and coarser. The parts
of a bidirectional unit (a battery's `battery_charging` and `battery_discharging` rows, a pumped
hydro unit's pumps) are added up per interval (per day on the rollup) first, so a unit's power is
its net MW. Power over a bucket is the mean of the unit's intervals (on the rollup energy x 12 /
the intervals seen), energy, emissions and market value are sums. `storage_battery` is a
battery's state of charge: the mean over a bucket of `fct_battery_storage_5m`, or of the rollup's
daily means. A result is named as the public v4 API names it: `name` "{metric}_{unit_code}",
`columns` {"unit_code": unit_code}; gaps are `null`.
"""

import re
from dataclasses import dataclass, replace
from itertools import chain
from typing import Any

from starlette.datastructures import QueryParams

from api.errors import ApiError
from api.intervals import Source
from api.metrics import GENERATION, GENERATION_BY_STATUS, STORAGE, VALUE_SUMS, Dataset, Metric
from api.params import (
    Grouping,
    SeriesRequest,
    listed,
    parse_metrics,
    parse_network,
    parse_window,
    reject_unknown,
)
from api.queries import in_clause
from api.reader import MartReader
from api.series import fetch_timeseries

MAX_CODES = 30
FACILITY_DATA_PARAMS = {
    "metrics",
    "interval",
    "date_start",
    "date_end",
    "facility_code",
    "unit_code",
}
UNIT = Grouping("unit", "unit_code", "unit_code")
_CODE = re.compile(r"^[A-Za-z0-9_#/-]{1,64}$")  # the characters of AEMO DUIDs and OE codes
_DIMENSIONS = ("network_id", "unit_code")


def _per_unit(time_column: str, table: str, measures: dict[str, str]) -> str:
    """Rows of `table` per time and unit, its parts combined by each measure's aggregate."""
    # every column is named: ClickHouse would resolve `sum(power_mw) as power_mw` to itself
    dimensions = ", ".join(f"parts.{column} as {column}" for column in (time_column, *_DIMENSIONS))
    aggregates = ", ".join(f"{agg}(parts.{column}) as {column}" for column, agg in measures.items())
    positions = ", ".join(str(i) for i in range(1, len(_DIMENSIONS) + 2))
    return f"""(
        select {dimensions}, {aggregates}
        from {table} as parts
        group by {positions}
    ) as units"""


# per day: the intervals a unit covered are those of its most complete part
_UNITS_DAILY = _per_unit(
    "interval_day", "marts.fct_unit_intervals_daily_v1", {**VALUE_SUMS, "interval_count": "max"}
)

UNITS = Dataset(
    tables={
        Source.FIVE_MINUTE: _per_unit(
            "interval_start", "marts.fct_unit_intervals_v1", {"power_mw": "sum", **VALUE_SUMS}
        ),
        Source.DAILY: _UNITS_DAILY,
        Source.MONTHLY: _UNITS_DAILY,  # months from the days: there is no monthly unit mart
    },
    time_columns=GENERATION_BY_STATUS.time_columns,
    leaf_columns=("unit_code",),
    metrics=GENERATION.metrics,
    latest_table="marts.fct_unit_intervals_v1",
)

# the rollup carries a battery's daily mean on its discharging row only
_STORAGE_DAILY = """(
        select interval_day, network_id, unit_code, energy_storage_mwh
        from marts.fct_unit_intervals_daily_v1
        where energy_storage_mwh is not null
    ) as storage"""
_STORAGE_MEAN = {source: "avg(energy_storage_mwh)" for source in Source}

UNIT_STORAGE = Dataset(
    tables={
        Source.FIVE_MINUTE: "marts.fct_battery_storage_5m_v1",
        Source.DAILY: _STORAGE_DAILY,
        Source.MONTHLY: _STORAGE_DAILY,
    },
    time_columns=GENERATION_BY_STATUS.time_columns,
    leaf_columns=("unit_code",),
    metrics={
        "storage_battery": Metric(
            "storage_battery",
            STORAGE.metrics["storage_battery"].unit,
            _STORAGE_MEAN,
            {source: "sum(storage_battery)" for source in Source},
        )
    },
    latest_table=STORAGE.latest_table,
)

FACILITY_DATA = (UNITS, UNIT_STORAGE)
FACILITY_DATA_METRICS = tuple(name for dataset in FACILITY_DATA for name in dataset.metrics)


def _codes(params: QueryParams, name: str) -> tuple[str, ...]:
    """The codes of a repeatable or comma-separated parameter, each checked, at most MAX_CODES."""
    codes = tuple(dict.fromkeys(listed(params, name)))
    if len(codes) > MAX_CODES:
        raise ApiError(f"{name}: at most {MAX_CODES} codes per request; got {len(codes)}")
    invalid = [code for code in codes if not _CODE.match(code)]
    if invalid:
        raise ApiError(f"{name}: invalid code(s) {invalid}")
    return codes


@dataclass(frozen=True)
class FacilityDataRequest:
    series: SeriesRequest  # its `unit_codes` are filled in by `resolve_units`
    facility_codes: tuple[str, ...]
    unit_codes: tuple[str, ...]


def parse_facility_request(network_code: str, params: QueryParams) -> FacilityDataRequest:
    """The request, checked against the vocabularies (the codes' existence is checked on read)."""
    reject_unknown(params, FACILITY_DATA_PARAMS)
    network = parse_network(network_code)
    interval, date_start, date_end = parse_window(params, network)
    facility_codes, unit_codes = _codes(params, "facility_code"), _codes(params, "unit_code")
    if not facility_codes and not unit_codes:
        raise ApiError("facility_code or unit_code: at least one code is required")
    series = SeriesRequest(
        network=network,
        metrics=parse_metrics(params, FACILITY_DATA_METRICS),
        interval=interval,
        date_start=date_start,
        date_end=date_end,
        network_region=None,
        fueltechs=(),
        fueltech_groups=(),
        primary_grouping="network",
        groupings=(UNIT,),
    )
    return FacilityDataRequest(series, facility_codes, unit_codes)


def resolve_units(reader: MartReader, request: FacilityDataRequest) -> tuple[str, ...]:
    """The requested units: the unit codes, else every unit of the facilities, as dim_units
    (the registry now) has them. A 404 names every code no unit of the network has; a 400 every
    unit code outside the requested facilities."""
    requested = {"facility_code": request.facility_codes, "unit_code": request.unit_codes}
    network_ids = request.series.network.network_ids
    matches = " or ".join(in_clause(column, codes) for column, codes in requested.items() if codes)
    rows = reader.query(
        f"select facility_code, unit_code from marts.dim_units_v1 "
        f"where {in_clause('network_id', network_ids)} and ({matches}) order by unit_code",
        [*network_ids, *chain.from_iterable(requested.values())],
    )
    facility_of = {unit: facility for facility, unit in rows}
    known = {"facility_code": set(facility_of.values()), "unit_code": set(facility_of)}
    unknown = [
        f"{column} {code!r}"
        for column, codes in requested.items()
        for code in codes
        if code not in known[column]
    ]
    if unknown:
        raise ApiError(f"unknown on {request.series.network.code}: {', '.join(unknown)}", 404)
    if not request.unit_codes:
        return tuple(facility_of)
    if request.facility_codes:
        outside = [u for u in request.unit_codes if facility_of[u] not in request.facility_codes]
        if outside:
            facilities = list(request.facility_codes)
            raise ApiError(f"unit_code {outside}: not a unit of facility_code {facilities}")
    return request.unit_codes


def fetch_facility_data(reader: MartReader, request: FacilityDataRequest) -> list[dict[str, Any]]:
    series = replace(request.series, unit_codes=resolve_units(reader, request))
    return fetch_timeseries(reader, FACILITY_DATA, series)
