"""The shapes of the public website's v3 JSON files (`data.opennem.org.au/v3/...`): where a scope
(a network, or one of its regions) is written, its series ids, series objects and file envelope.

A series is `{id, type, [fuel_tech], code, network, region, data_type, units, history}` with
`history = {start, last, interval, data}`: values on a regular grid from `start` to `last`
(labelled by interval start, with the network's offset), `null` where the marts hold nothing.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from api.responses import API_VERSION
from opennem.networks import Network

Value = float | None

STEPS = {"5m": timedelta(minutes=5), "30m": timedelta(minutes=30), "1d": timedelta(days=1)}


@dataclass(frozen=True)
class Scope:
    """A network (`region` None: all its regions) or one region, as the website splits them."""

    network: Network
    region: str | None = None

    @property
    def code(self) -> str:
        return self.region or self.network.code

    @property
    def id_prefix(self) -> str:
        """`au.nem.nsw1`, `au.nem`; a network of one region is named once (`au.wem`)."""
        parts = ["au", self.network.code.lower()]
        if self.region and self.region != self.network.code:
            parts.append(self.region.lower())
        return ".".join(parts)

    @property
    def folder(self) -> str:
        """`NEM/NSW1`, `NEM`, `WEM` under `v3/stats/au/`."""
        if self.region and self.region != self.network.code:
            return f"{self.network.code}/{self.region}"
        return self.network.code


def as_datetime(value: date) -> datetime:
    return value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)


def grid(first: datetime, last: datetime, interval: str) -> list[datetime]:
    """Every bucket start from `first` to `last` inclusive (`1M`: calendar months)."""
    buckets = [first]
    while buckets[-1] < last:
        current = buckets[-1]
        if interval == "1M":
            month = current.month % 12 + 1
            buckets.append(current.replace(year=current.year + current.month // 12, month=month))
        else:
            buckets.append(current + STEPS[interval])
    return buckets


def _label(network: Network, bucket: datetime) -> str:
    return bucket.replace(tzinfo=network.tz).isoformat()


def series_json(
    scope: Scope,
    ident: str,
    kind: str,
    code: str,
    units: str,
    buckets: list[datetime],
    interval: str,
    values: Mapping[datetime, Value],
    fuel_tech: str | None = None,
) -> dict[str, Any]:
    series: dict[str, Any] = {"id": f"{scope.id_prefix}.{ident}", "type": kind}
    if fuel_tech:
        series["fuel_tech"] = fuel_tech
    series |= {
        "code": code,
        "network": scope.network.code.lower(),
        "region": scope.code,
        "data_type": kind,
        "units": units,
        "history": {
            "start": _label(scope.network, buckets[0]),
            "last": _label(scope.network, buckets[-1]),
            "interval": interval,
            "data": [values.get(bucket) for bucket in buckets],
        },
    }
    return series


def file_json(kind: str, scope: Scope, code: str, series: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "type": kind,
        "version": API_VERSION,
        "network": scope.network.code.lower(),
        "code": code,
        "region": scope.code,
        "created_at": datetime.now(scope.network.tz).replace(microsecond=0).isoformat(),
        "data": sorted(series, key=lambda one: str(one["id"])),
    }
