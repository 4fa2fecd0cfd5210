"""Query parameters of the timeseries endpoints: parsing and validation into a request object."""

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from starlette.datastructures import QueryParams

from api.errors import ApiError
from api.intervals import INTERVALS, Interval
from opennem.networks import Network, get_network


@dataclass(frozen=True)
class Grouping:
    """A grouping: the leaf column it groups by and its key in a result's `columns`.

    `generation_only`: the grouping covers generation only, so rows of load fueltechs (pumps,
    battery charging) are left out (a load is neither renewable nor non-renewable generation).
    """

    name: str
    column: str
    label: str
    generation_only: bool = False


PRIMARY_GROUPINGS: dict[str, Grouping | None] = {
    "network": None,
    "network_region": Grouping("network_region", "network_region", "region"),
}
SECONDARY_GROUPINGS: dict[str, Grouping] = {
    g.name: g
    for g in (
        Grouping("fueltech", "fueltech_id", "fueltech"),
        Grouping("fueltech_group", "fueltech_group_id", "fueltech_group"),
        Grouping("status", "status_id", "status"),
        Grouping("renewable", "is_renewable", "renewable", generation_only=True),
    )
}
MARKET_PARAMS = {
    "metrics",
    "interval",
    "date_start",
    "date_end",
    "network_region",
    "primary_grouping",
}
SERIES_PARAMS = MARKET_PARAMS | {"fueltech", "fueltech_group", "secondary_grouping"}
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
# dates the API accepts: far outside any market's data, far inside what datetime can shift
EARLIEST, LATEST = datetime(1900, 1, 1), datetime(2200, 1, 1)


@dataclass(frozen=True)
class SeriesRequest:
    network: Network
    metrics: tuple[str, ...]
    interval: Interval
    date_start: datetime | None
    date_end: datetime | None
    network_region: str | None
    fueltechs: tuple[str, ...]
    fueltech_groups: tuple[str, ...]
    primary_grouping: str
    groupings: tuple[Grouping, ...]  # the primary one (unless "network"), then the secondary
    unit_codes: tuple[str, ...] = ()

    @property
    def grouping_names(self) -> list[str]:
        """The response's `groupings`: empty unless a secondary grouping is applied."""
        secondary = [g.name for g in self.groupings if g.name in SECONDARY_GROUPINGS]
        return [self.primary_grouping, *secondary] if secondary else []


def parse_network(code: str) -> Network:
    try:
        return get_network(code)
    except KeyError as exc:
        raise ApiError(str(exc.args[0]), 404) from None


def parse_datetime(name: str, value: str | None, network: Network) -> datetime | None:
    """A naive datetime in network time; a value with an offset is converted to it."""
    if not value:
        return None
    # an unencoded '+' in a query string arrives as a space
    text = value.strip().replace(" ", "+") if "T" in value else value.strip()
    try:
        moment = datetime.fromisoformat(text)
        local = moment.astimezone(network.tz).replace(tzinfo=None) if moment.tzinfo else moment
    except ValueError:
        raise ApiError(f"{name}: cannot parse {value!r} as an ISO 8601 date-time") from None
    except OverflowError:  # an offset moves it past year 1 or 9999
        local = None
    if local is None or not EARLIEST <= local < LATEST:
        raise ApiError(f"{name}: {value!r} is outside {EARLIEST.year} .. {LATEST.year - 1}")
    return local


def reject_unknown(params: QueryParams, allowed: set[str]) -> None:
    unknown = set(params) - allowed - {"with_clerk"}
    if unknown:
        raise ApiError(f"unknown query parameter(s) {sorted(unknown)}; expected {sorted(allowed)}")


def check_span(interval: Interval, start: datetime, end: datetime) -> None:
    if interval.max_span is not None and end - start > interval.max_span:
        raise ApiError(
            f"date range too large for interval {interval.code}: "
            f"at most {interval.max_span.days} days"
        )


def _choice(name: str, value: str, choices: Collection[str]) -> str:
    if value not in choices:
        raise ApiError(f"{name}: unknown value {value!r}; expected one of {sorted(choices)}")
    return value


def listed(params: QueryParams, name: str) -> list[str]:
    """The values of a repeatable or comma-separated parameter, stripped, empty ones left out."""
    values = (v.strip() for item in params.getlist(name) for v in item.split(","))
    return [value for value in values if value]


def _codes(name: str, params: QueryParams) -> tuple[str, ...]:
    codes = tuple(value.lower() for value in listed(params, name))
    for code in codes:
        if not _CODE.match(code):
            raise ApiError(f"{name}: invalid code {code!r}")
    return codes


def parse_metrics(params: QueryParams, served: Collection[str]) -> tuple[str, ...]:
    names = _codes("metrics", params)
    if not names:
        raise ApiError(f"metrics: at least one is required; expected any of {sorted(served)}")
    return tuple(dict.fromkeys(_choice("metrics", n, served) for n in names))


def _region(value: str | None, network: Network) -> str | None:
    if not value:
        return None
    region = value.strip().upper()
    if region not in network.regions:
        raise ApiError(
            f"network_region: unknown region {value!r} for {network.code}; "
            f"expected one of {list(network.regions)}"
        )
    return region


def _groupings(
    primary_name: str, params: QueryParams, allow_secondary: bool
) -> tuple[Grouping, ...]:
    primary = PRIMARY_GROUPINGS[primary_name]
    chosen = [primary] if primary else []
    secondary = params.get("secondary_grouping")
    if secondary:
        if not allow_secondary:
            raise ApiError("secondary_grouping: not supported on this endpoint")
        chosen.append(
            SECONDARY_GROUPINGS[_choice("secondary_grouping", secondary, SECONDARY_GROUPINGS)]
        )
    return tuple(chosen)


def parse_window(
    params: QueryParams, network: Network
) -> tuple[Interval, datetime | None, datetime | None]:
    """`interval` (default 5m), `date_start` and `date_end`: in order and within the interval's
    longest span when both are given."""
    interval = INTERVALS[_choice("interval", params.get("interval") or "5m", INTERVALS)]
    date_start = parse_datetime("date_start", params.get("date_start"), network)
    date_end = parse_datetime("date_end", params.get("date_end"), network)
    if date_start and date_end and date_end <= date_start:
        raise ApiError(
            f"date_end {date_end.isoformat()} must be after date_start {date_start.isoformat()}"
        )
    if date_start and date_end:
        check_span(interval, date_start, date_end)
    return interval, date_start, date_end


def parse_series_request(
    network_code: str, params: QueryParams, metrics: Collection[str], *, with_fueltechs: bool
) -> SeriesRequest:
    """The request, checked against the endpoint's `metrics` (names) and vocabularies."""
    reject_unknown(params, SERIES_PARAMS if with_fueltechs else MARKET_PARAMS)
    network = parse_network(network_code)
    interval, date_start, date_end = parse_window(params, network)
    primary = _choice(
        "primary_grouping", params.get("primary_grouping") or "network", PRIMARY_GROUPINGS
    )
    return SeriesRequest(
        network=network,
        metrics=parse_metrics(params, metrics),
        interval=interval,
        date_start=date_start,
        date_end=date_end,
        network_region=_region(params.get("network_region"), network),
        fueltechs=_codes("fueltech", params) if with_fueltechs else (),
        fueltech_groups=_codes("fueltech_group", params) if with_fueltechs else (),
        primary_grouping=primary,
        groupings=_groupings(primary, params, allow_secondary=with_fueltechs),
    )
