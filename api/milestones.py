"""`/v4/milestones/...`: record instances read from `marts.fct_milestones_v1`, shaped like the
public OpenElectricity API's milestones (its `MilestoneRecordOutputSchema` in the v4 envelope):
`instance_id`, `record_id`, `interval` (the period start with the network's offset),
`aggregate`, `metric`, `period`, `significance`, `value`, `value_unit`, `network_id`,
`network_region`, `fueltech_id`, `description`, `previous_instance_id`; optional fields that
are null are left out, as the public API leaves them out.

Where we differ from the public API:
- `change_percent`: ours, the change in percent against the instance this one broke.
- `fueltech_id` holds a fueltech group (`solar`, `coal` ...) or `renewables` / `fossil`, as the
  public record ids do; metrics are `power`, `energy`, `emissions`, `price`, `demand`.
- Instance ids are UUID-shaped hashes of the record id and period start (stable across
  rebuilds), not random UUIDs; `/history/{record_id}` and `/instance/{id}` answer 404 for an
  unknown id.
- Records are judged on complete periods only, highs and lows alike (see fct_milestones).
- `date_start` / `date_end` filter the period start; a naive value is each record's network
  time, a value with an offset is converted to NEM time (AEST), as AU records run on it.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from starlette.datastructures import QueryParams

from api.errors import ApiError
from api.params import parse_datetime, reject_unknown
from api.reader import MartReader, Row
from opennem.networks import NEM, WEM, Network

MILESTONES = "marts.fct_milestones_v1"
COLUMNS = (
    "instance_id",
    "record_id",
    "network_id",
    "network_region",
    "fueltech_group",
    "metric",
    "period",
    "aggregate",
    "interval_start",
    "value",
    "unit",
    "previous_instance_id",
    "change_pct",
    "significance",
)
# AU records (NEM + WEM) run on NEM time.
NETWORK_CLOCKS: dict[str, Network] = {"NEM": NEM, "WEM": WEM, "AU": NEM}
REGIONS = (*NEM.regions, *WEM.regions)
METRICS = ("power", "energy", "emissions", "price", "demand", "proportion")
PERIODS = ("interval", "day", "month", "quarter", "year", "financial_year")
AGGREGATES = ("high", "low")
MAX_LIMIT = 100
RECORD_PARAMS = {
    "network",
    "network_region",
    "fueltech",
    "fuel_tech",
    "metric",
    "period",
    "aggregate",
    "significance",
    "date_start",
    "date_end",
    "page",
    "limit",
}


@dataclass(frozen=True)
class Filter:
    """One `where` clause with its `?` parameters."""

    clause: str
    values: tuple[object, ...]


def _listed(params: QueryParams, *names: str) -> list[str]:
    """Every value of the (repeatable, comma-separated) parameters `names`."""
    return [v.strip() for name in names for item in params.getlist(name) for v in item.split(",")]


def _one_of(name: str, values: list[str], choices: tuple[str, ...]) -> list[str]:
    for value in values:
        if value not in choices:
            raise ApiError(f"{name}: unknown value {value!r}; expected one of {list(choices)}")
    return values


def _integer(name: str, value: str | None, default: int, low: int, high: int) -> int:
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ApiError(f"{name}: {value!r} is not an integer") from None
    if not low <= number <= high:
        raise ApiError(f"{name}: {number} is not between {low} and {high}")
    return number


def _in(column: str, values: list[str]) -> list[Filter]:
    if not values:
        return []
    return [Filter(f"{column} in ({', '.join('?' for _ in values)})", tuple(values))]


def _date_filters(params: QueryParams) -> list[Filter]:
    start = parse_datetime("date_start", params.get("date_start"), NEM)
    end = parse_datetime("date_end", params.get("date_end"), NEM)
    if start and end and end <= start:
        raise ApiError(f"date_end {end.isoformat()} must be after date_start {start.isoformat()}")
    filters = [Filter("interval_start >= ?", (start,))] if start else []
    return filters + ([Filter("interval_start < ?", (end,))] if end else [])


def record_filters(params: QueryParams) -> list[Filter]:
    """The `where` clauses of `/v4/milestones/records` (bad parameters raise ApiError)."""
    reject_unknown(params, RECORD_PARAMS)
    networks = _one_of(
        "network", [v.upper() for v in _listed(params, "network")], (*NETWORK_CLOCKS,)
    )
    regions = _one_of(
        "network_region", [v.upper() for v in _listed(params, "network_region")], REGIONS
    )
    fueltechs = [v.lower() for v in _listed(params, "fueltech", "fuel_tech")]
    aggregate = params.get("aggregate")
    significance = _integer("significance", params.get("significance"), 1, 1, 10)
    return [
        *_in("network_id", networks),
        *_in("network_region", regions),
        *_in("fueltech_group", fueltechs),
        *_in("metric", _one_of("metric", _listed(params, "metric"), METRICS)),
        *_in("period", _one_of("period", _listed(params, "period"), PERIODS)),
        *_in("aggregate", _one_of("aggregate", [aggregate] if aggregate else [], AGGREGATES)),
        Filter("significance >= ?", (significance,)),
        *_date_filters(params),
    ]


def _select(filters: list[Filter], tail: str = "") -> tuple[str, list[object]]:
    where = " and ".join(f.clause for f in filters)
    sql = f"select {', '.join(COLUMNS)} from {MILESTONES} where {where}{tail}"
    return sql, [value for f in filters for value in f.values]


def _description(row: dict[str, Any]) -> str:
    scope = [row["network_id"], row["network_region"], row["fueltech_group"]]
    subject = " ".join(part for part in scope if part)
    return (
        f"{subject} {row['metric']} {row['period']} {row['aggregate']}: "
        f"{row['value']:,.2f} {row['unit']}"
    )


def instance(row: Row) -> dict[str, Any]:
    """One record instance in the public API's milestone shape (null optionals left out)."""
    found = dict(zip(COLUMNS, row, strict=True))
    start: datetime = found["interval_start"]
    clock = NETWORK_CLOCKS.get(found["network_id"], NEM)
    shaped = {
        "record_id": found["record_id"],
        "interval": start.replace(tzinfo=clock.tz).isoformat(),
        "instance_id": found["instance_id"],
        "aggregate": found["aggregate"],
        "metric": found["metric"],
        "period": found["period"],
        "significance": found["significance"],
        "value": found["value"],
        "value_unit": found["unit"],
        "network_id": found["network_id"],
        "network_region": found["network_region"],
        "fueltech_id": found["fueltech_group"],
        "description": _description(found),
        "previous_instance_id": found["previous_instance_id"],
        "change_percent": found["change_pct"],
    }
    return {key: value for key, value in shaped.items() if value is not None}


def fetch_records(reader: MartReader, params: QueryParams) -> tuple[list[dict[str, Any]], int]:
    """A page of record instances, newest first, and the count of all that match."""
    filters = record_filters(params)
    page = _integer("page", params.get("page"), 1, 1, 10**6)
    limit = _integer("limit", params.get("limit"), MAX_LIMIT, 1, MAX_LIMIT)
    order = f" order by interval_start desc, record_id limit {limit} offset {(page - 1) * limit}"
    sql, values = _select(filters, order)
    count_sql, _ = _select(filters)
    ((total,),) = reader.query(f"select count(*) from ({count_sql}) as matched", values)
    return [instance(row) for row in reader.query(sql, values)], int(total)


def fetch_history(reader: MartReader, record_id: str) -> list[dict[str, Any]]:
    """Every instance of one record, newest first; 404 for a record with none."""
    sql, values = _select([Filter("record_id = ?", (record_id.lower(),))])
    rows = reader.query(f"{sql} order by interval_start desc", values)
    if not rows:
        raise ApiError(f"no record {record_id!r}", 404)
    return [instance(row) for row in rows]


def fetch_instance(reader: MartReader, instance_id: str) -> dict[str, Any]:
    """One record instance; 404 for an unknown id."""
    sql, values = _select([Filter("instance_id = ?", (instance_id.lower(),))])
    rows = reader.query(sql, values)
    if not rows:
        raise ApiError(f"no record instance {instance_id!r}", 404)
    return instance(rows[0])
