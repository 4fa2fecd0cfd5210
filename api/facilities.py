"""`/v4/facilities/`: facilities with their units, from `dim_facilities` and `dim_units`."""

from itertools import groupby
from typing import Any

from starlette.datastructures import QueryParams

from api.params import parse_network, reject_unknown
from api.reader import MartReader, Row

UNIT_COLUMNS = (
    "code",
    "fueltech_id",
    "status_id",
    "capacity_registered",
    "emissions_factor_co2",
    "emissions_factor_source",
    "dispatch_type",
)
_UNIT_FILTERS = {
    "facility_code": "u.facility_code",
    "status_id": "u.status_id",
    "fueltech_id": "u.fueltech_id",
    "network_id": "u.network_id",
}


def _values(params: QueryParams, name: str) -> list[str]:
    return [v.strip() for item in params.getlist(name) for v in item.split(",") if v.strip()]


def _where(params: QueryParams) -> tuple[str, list[object]]:
    clauses: list[str] = []
    values: list[object] = []
    for name, column in _UNIT_FILTERS.items():
        chosen = _values(params, name)
        if name == "network_id":
            chosen = [parse_network(code).code for code in chosen]
        if chosen:
            clauses.append(f"{column} in ({', '.join('?' for _ in chosen)})")
            values.extend(chosen)
    region = params.get("network_region")
    if region:
        clauses.append("upper(u.network_region) = ?")
        values.append(region.strip().upper())
    return (" where " + " and ".join(clauses)) if clauses else "", values


def _sql(where: str) -> str:
    return f"""
select
    u.facility_code,
    coalesce(f.facility_name, u.facility_code),
    coalesce(f.network_id, u.network_id),
    coalesce(f.network_region, u.network_region),
    u.unit_code,
    u.fueltech_id,
    u.status_id,
    u.capacity_registered_mw,
    u.emissions_factor_co2,
    u.emissions_factor_source,
    u.dispatch_type
from marts.dim_units_v1 as u
left join marts.dim_facilities_v1 as f
    on f.facility_code = u.facility_code{where}
order by u.facility_code, u.unit_code
"""


def _facility(rows: list[Row]) -> dict[str, Any]:
    code, name, network_id, network_region = rows[0][:4]
    return {
        "code": code,
        "name": name,
        "network_id": network_id,
        "network_region": network_region,
        "description": None,
        "location": None,
        "units": [dict(zip(UNIT_COLUMNS, row[4:], strict=True)) for row in rows],
    }


def fetch_facilities(reader: MartReader, params: QueryParams) -> list[dict[str, Any]]:
    reject_unknown(params, {*_UNIT_FILTERS, "network_region"})
    where, values = _where(params)
    rows = reader.query(_sql(where), values)
    return [_facility(list(group)) for _, group in groupby(rows, key=lambda row: row[0])]
