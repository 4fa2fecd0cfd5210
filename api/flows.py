"""`/v4/flows/network/NEM`: the energy, emissions and market value each interconnector carried
over a time range, per direction, from `marts.fct_region_flows_v1` (5-minute rows).

Not a public v4 endpoint (the public API serves flows only as regional `flow_imports` /
`flow_exports`): the page's interregional flows panel reads it for the emissions that flows
carry. The mart's `emissions_t` (consumption-based, both directions of an interval together) is
counted in the direction of the interval's net energy. Forward is `region_from` -> `region_to`.
`date_start` (inclusive) and `date_end` (exclusive) are naive network time or carry an offset;
by default the last day up to the newest interval.
"""

from datetime import datetime, timedelta
from typing import Any

from starlette.datastructures import QueryParams

from api.errors import ApiError
from api.intervals import DAY
from api.params import parse_datetime, parse_network, reject_unknown
from api.reader import MartReader
from opennem.networks import NEM

FLOWS = "marts.fct_region_flows_v1"
FLOW_PARAMS = {"date_start", "date_end"}
FIELDS = (
    "interconnector_id",
    "region_from",
    "region_to",
    "energy_forward",
    "energy_reverse",
    "emissions_forward",
    "emissions_reverse",
    "market_value",
)
_SQL = f"""
select
    interconnector_id,
    region_from,
    region_to,
    coalesce(sum(greatest(energy_mwh, 0)), 0),
    coalesce(sum(greatest(-energy_mwh, 0)), 0),
    coalesce(sum(case when energy_mwh >= 0 then emissions_t end), 0),
    coalesce(sum(case when energy_mwh < 0 then emissions_t end), 0),
    coalesce(sum(market_value), 0)
from {FLOWS}
where network_id = ? and interval_start >= ? and interval_start < ?
group by interconnector_id, region_from, region_to
order by interconnector_id
"""


def _latest_end(reader: MartReader) -> datetime | None:
    ((latest,),) = reader.query(f"select max(interval_start) from {FLOWS}")
    return latest + timedelta(minutes=NEM.interval_minutes) if latest else None


def _range(reader: MartReader, params: QueryParams) -> tuple[datetime, datetime] | None:
    """`[start, end)` asked for, by default the last day of flows; None without any flows."""
    date_start = parse_datetime("date_start", params.get("date_start"), NEM)
    date_end = parse_datetime("date_end", params.get("date_end"), NEM) or _latest_end(reader)
    if date_end is None:
        return None
    date_start = date_start or date_end - DAY
    if date_end <= date_start:
        raise ApiError(f"date_end {date_end.isoformat()} must be after date_start")
    return date_start, date_end


def fetch_flows(reader: MartReader, network_code: str, params: QueryParams) -> list[dict[str, Any]]:
    reject_unknown(params, FLOW_PARAMS)
    if parse_network(network_code).code != NEM.code:
        raise ApiError(f"flows: only the NEM has interregional flows, not {network_code}")
    span = _range(reader, params)
    if span is None:
        return []
    rows = reader.query(_SQL, [NEM.code, *span])
    return [dict(zip(FIELDS, row, strict=True)) for row in rows]
