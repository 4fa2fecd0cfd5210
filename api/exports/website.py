"""`opennem export OUT_DIR`: the public website's v3 JSON files, read from the marts.

    v3/stats/au/{NEM|NEM/<REGION>|WEM}/power/7d.json     5-minute power and emissions per
        fueltech, demand and price over the newest 7 days; 30-minute temperature (regions)
    v3/stats/au/{...}/energy/<YYYY>.json                  daily energy (GWh), market value (AUD)
        and emissions (tCO2e) per fueltech, demand energy and value; daily temperature
    v3/stats/au/{...}/energy/all.json                     the same by month, all time
    v3/stats/au/NEM/flows/7d.json                         5-minute flows per region pair
    v3/geo/au_facilities.json                             the facilities as GeoJSON

Values are the marts' own, unrounded; loads (pumps, battery charging) keep their negative sign,
as in the v4 API. A network's demand and flows add up over its regions, its price is the mean of
the regional prices (the v4 API's definitions).
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
from starlette.datastructures import QueryParams

from api.exports.v3 import Scope, Value, as_datetime, file_json, grid, series_json
from api.facilities import fetch_facilities
from api.reader import MartReader
from opennem.networks import NEM, WEM, Network

WINDOW = timedelta(days=7)
ALL_SINCE, ALL_UNTIL = datetime(1998, 1, 1), datetime(2200, 1, 1)
SCOPES = (Scope(NEM), *(Scope(NEM, region) for region in NEM.regions), Scope(WEM, WEM.code))


@dataclass(frozen=True)
class Measure:
    """One v3 series per key (fueltech, station) or per scope: `ident` and `code` are templates
    of `{key}` and `{code}` (the scope's)."""

    ident: str
    kind: str
    units: str
    expression: str
    code: str
    by_fueltech: bool = False


@dataclass(frozen=True)
class Source:
    """Measures read from one mart, bucketed by `time_column`, one series per `key`."""

    table: str
    time_column: str
    key: str | None
    measures: tuple[Measure, ...]
    interval: str
    regions_only: bool = False


def _fueltech(kind: str, units: str, expression: str) -> Measure:
    return Measure(f"fuel_tech.{{key}}.{kind}", kind, units, expression, "{key}", True)


def _temperatures(table: str, time_column: str, interval: str) -> Source:
    measures = tuple(
        Measure(
            f"temperature_{stat}",
            f"temperature_{stat}",
            "C",
            f"{agg}(temperature_{stat})",
            "{code}",
        )
        for stat, agg in (("mean", "avg"), ("min", "min"), ("max", "max"))
    )
    return Source(table, time_column, None, measures, interval, regions_only=True)


POWER_SOURCES = (
    Source(
        "marts.fct_fueltech_intervals_5m_v1",
        "interval_start",
        "fueltech_id",
        (
            _fueltech("power", "MW", "sum(power_mw)"),
            _fueltech("emissions", "tCO2e", "sum(emissions_t)"),
        ),
        "5m",
    ),
    Source(
        "marts.fct_market_summary_v2",
        "interval_start",
        None,
        (
            Measure("demand", "power", "MW", "sum(demand)", "demand"),
            Measure("price", "price", "AUD/MWh", "avg(price)", "{code}"),
        ),
        "5m",
    ),
    Source(
        "marts.fct_region_temperature_v1",
        "interval_start",
        "station_code",
        (Measure("temperature", "temperature", "C", "avg(temperature_mean)", "{key}"),),
        "30m",
        regions_only=True,
    ),
)


def _energy_sources(suffix: str, time_column: str, interval: str) -> tuple[Source, ...]:
    return (
        Source(
            f"marts.fct_fueltech_intervals_{suffix}_v1",
            time_column,
            "fueltech_id",
            (
                _fueltech("energy", "GWh", "sum(energy_mwh) / 1000"),
                _fueltech("market_value", "AUD", "sum(market_value)"),
                _fueltech("emissions", "tCO2e", "sum(emissions_t)"),
            ),
            interval,
        ),
        Source(
            f"marts.fct_market_summary_{suffix}_v1",
            time_column,
            None,
            (
                Measure("demand.energy", "energy", "GWh", "sum(demand_energy) / 1000", "{code}"),
                Measure(
                    "demand.market_value",
                    "market_value",
                    "AUD",
                    "sum(demand_market_value)",
                    "{code}",
                ),
            ),
            interval,
        ),
    )


_TEMPERATURE_DAILY = "marts.fct_region_temperature_daily_v1"
DAILY_SOURCES = (
    *_energy_sources("daily", "interval_day", "1d"),
    _temperatures(_TEMPERATURE_DAILY, "interval_day", "1d"),
)
MONTHLY_SOURCES = (
    *_energy_sources("monthly", "interval_month", "1M"),
    _temperatures(_TEMPERATURE_DAILY, "date_trunc('month', interval_day)", "1M"),
)
FLOWS = Source(
    "marts.fct_region_flows_v1",
    "interval_start",
    "region_from || '->' || region_to",
    (Measure("regional_trade.{key}.power", "power", "MW", "sum(power_mw)", "{key}"),),
    "5m",
)

Rows = dict[tuple[Measure, str], dict[datetime, Value]]


def _query(
    source: Source, scope: Scope, since: datetime, until: datetime
) -> tuple[str, list[object]]:
    key = source.key or "''"  # a constant: selected, never grouped by (PostgreSQL refuses)
    groups = ", ".join(filter(None, (source.time_column, source.key)))
    where = ["network_id = ?", f"{source.time_column} >= ?", f"{source.time_column} < ?"]
    params: list[object] = [scope.network.code, since, until]
    if scope.region:
        where.append("network_region = ?")
        params.append(scope.region)
    measures = ", ".join(measure.expression for measure in source.measures)
    sql = (
        f"select {source.time_column}, {key}, {measures} from {source.table}"
        f" where {' and '.join(where)} group by {groups}"
    )
    return sql, params


def read_source(
    reader: MartReader, source: Source, scope: Scope, since: datetime, until: datetime
) -> Rows:
    """`(measure, key) -> {bucket: value}` for the buckets in [since, until)."""
    values: Rows = defaultdict(dict)
    for bucket, key, *row in reader.query(*_query(source, scope, since, until)):
        for measure, value in zip(source.measures, row, strict=True):
            values[(measure, key)][as_datetime(bucket)] = value
    return values


def _series(scope: Scope, source: Source, rows: Rows) -> list[dict[str, Any]]:
    """One series per (measure, key) on the source's grid, from its first bucket to its last."""
    held = [bucket for values in rows.values() for bucket in values]
    if not held:
        return []
    buckets = grid(min(held), max(held), source.interval)
    return [
        series_json(
            scope,
            measure.ident.format(key=key, code=scope.code),
            measure.kind,
            measure.code.format(key=key, code=scope.code),
            measure.units,
            buckets,
            source.interval,
            values,
            fuel_tech=key if measure.by_fueltech else None,
        )
        for (measure, key), values in rows.items()
    ]


def scope_series(
    reader: MartReader,
    sources: tuple[Source, ...],
    scope: Scope,
    since: datetime,
    until: datetime,
) -> list[dict[str, Any]]:
    """Every source's series for the buckets in [since, until)."""
    found: list[dict[str, Any]] = []
    for source in sources:
        if not (source.regions_only and scope.region is None):
            found += _series(scope, source, read_source(reader, source, scope, since, until))
    return found


def _bounds(reader: MartReader, table: str, column: str, network: Network) -> tuple[Any, Any]:
    ((first, last),) = reader.query(
        f"select min({column}), max({column}) from {table} where network_id = ?", [network.code]
    )
    return first, last


def power_week(reader: MartReader, scope: Scope, latest: datetime) -> dict[str, Any]:
    """7 days of 5-minute intervals up to `latest` (the newest interval start), both ends
    included (2017 intervals, as the public files hold)."""
    until = latest + timedelta(minutes=scope.network.interval_minutes)
    series = scope_series(reader, POWER_SOURCES, scope, latest - WINDOW, until)
    return file_json("power", scope, scope.code, series)


def energy_year(reader: MartReader, scope: Scope, year: int) -> dict[str, Any]:
    since, until = datetime(year, 1, 1), datetime(year + 1, 1, 1)
    series = scope_series(reader, DAILY_SOURCES, scope, since, until)
    return file_json("energy", scope, scope.network.code.lower(), series)


def energy_all(reader: MartReader, scope: Scope) -> dict[str, Any]:
    series = scope_series(reader, MONTHLY_SOURCES, scope, ALL_SINCE, ALL_UNTIL)
    return file_json("energy", scope, scope.network.code.lower(), series)


def flows_week(reader: MartReader, network: Network, latest: datetime) -> dict[str, Any]:
    scope = Scope(network)
    until = latest + timedelta(minutes=network.interval_minutes)
    series = scope_series(reader, (FLOWS,), scope, latest - WINDOW, until)
    return file_json("power", scope, network.code, series)


def facilities_geojson(reader: MartReader) -> dict[str, Any]:
    """Every facility as a GeoJSON feature (no geometry where its location is unknown)."""
    features = []
    for facility in fetch_facilities(reader, QueryParams()):
        location = facility.get("location")
        geometry = location and {"type": "Point", "coordinates": [location["lng"], location["lat"]]}
        features.append({"type": "Feature", "geometry": geometry or None, "properties": facility})
    return {"type": "FeatureCollection", "features": features}


def _scope_files(reader: MartReader, scope: Scope) -> Iterator[tuple[str, dict[str, Any]]]:
    folder = f"v3/stats/au/{scope.folder}"
    _, latest = _bounds(reader, POWER_SOURCES[0].table, "interval_start", scope.network)
    if latest is not None:
        yield f"{folder}/power/7d.json", power_week(reader, scope, latest)
    first, last = _bounds(reader, DAILY_SOURCES[0].table, "interval_day", scope.network)
    if first is not None:
        for year in range(first.year, last.year + 1):
            yield f"{folder}/energy/{year}.json", energy_year(reader, scope, year)
        yield f"{folder}/energy/all.json", energy_all(reader, scope)


def website_files(reader: MartReader) -> Iterator[tuple[str, dict[str, Any]]]:
    """`(relative path, JSON document)` for every file of the website export."""
    for scope in SCOPES:
        yield from _scope_files(reader, scope)
    _, latest_flow = _bounds(reader, FLOWS.table, "interval_start", NEM)
    if latest_flow is not None:
        yield "v3/stats/au/NEM/flows/7d.json", flows_week(reader, NEM, latest_flow)
    yield "v3/geo/au_facilities.json", facilities_geojson(reader)


def write_website(reader: MartReader, out_dir: Path) -> list[Path]:
    """Write every file under `out_dir` (each written beside, then renamed into place)."""
    written = []
    for relative, document in website_files(reader):
        path = out_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".json.partial")
        partial.write_bytes(orjson.dumps(document))
        partial.replace(path)
        written.append(path)
    return written
