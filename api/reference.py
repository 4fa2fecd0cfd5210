"""`/v4/networks`, `/v4/fueltechs`, `/v4/metrics`: the vocabularies the other endpoints accept.

The public v4 API has no such endpoints (its v3 had bare lists at `/networks` and `/fueltechs`),
so these answer in the v4 envelope with the public field names where they exist (`code`,
`label`, `offset`, `interval_size`, `renewable`, `fueltech_group_id`, `color`). Networks and
metrics come from the code's vocabularies (`opennem.networks`, `api.metrics`, `api.intervals`);
fueltechs from `marts.dim_fueltechs_v1`, i.e. the fueltech seeds.
"""

from collections.abc import Sequence
from typing import Any

from api.intervals import INTERVALS
from api.metrics import MARKET, NETWORK_DATA, Dataset
from api.params import PRIMARY_GROUPINGS, SECONDARY_GROUPINGS
from api.reader import MartReader
from opennem.networks import NETWORKS, Network

NETWORK_DATA_PATH = "/v4/data/network/{network_code}"
MARKET_PATH = "/v4/market/network/{network_code}"

METRIC_DESCRIPTIONS = {
    "power": "Mean generation over the bucket (loads such as pumps and charging negative)",
    "energy": "Energy generated over the bucket (loads negative)",
    "emissions": "Scope 1 emissions of the energy generated, tonnes CO2-e",
    "market_value": "Energy times the regional price, summed over the bucket",
    "storage_battery": "Mean battery state of charge over the bucket",
    "price": "Mean regional price; across regions the mean of the regional prices",
    "demand": "Mean operational demand",
    "demand_energy": "Operational demand energy",
    "demand_gross": "Mean gross demand (operational demand plus rooftop solar)",
    "demand_gross_energy": "Gross demand energy",
    "generation_renewable": "Mean renewable generation",
    "generation_renewable_energy": "Renewable generation energy",
    "generation_renewable_with_storage": "Mean renewable generation plus battery discharging",
    "generation_renewable_with_storage_energy": "Renewable generation plus battery discharging",
    "renewable_proportion": "Renewable generation as a share of gross demand, 0 to 100",
    "renewable_with_storage_proportion": "Renewable generation with storage as a share of "
    "gross demand, 0 to 100",
    "curtailment": "Mean curtailed solar and wind generation",
    "curtailment_energy": "Curtailed solar and wind energy",
    "curtailment_solar_utility": "Mean curtailed utility solar generation",
    "curtailment_solar_utility_energy": "Curtailed utility solar energy",
    "curtailment_wind": "Mean curtailed wind generation",
    "curtailment_wind_energy": "Curtailed wind energy",
    "flow_imports": "Mean interconnector imports into the region",
    "flow_exports": "Mean interconnector exports out of the region",
    "flow_imports_energy": "Interconnector import energy",
    "flow_exports_energy": "Interconnector export energy",
}

FUELTECH_COLUMNS = (
    "fueltech_id",
    "label",
    "is_renewable",
    "fueltech_group_id",
    "fueltech_group_label",
    "color",
    "is_load",
)


def _network(network: Network) -> dict[str, Any]:
    return {
        "code": network.code,
        "label": network.code,
        "country": "au",
        "offset": network.utc_offset_minutes,
        "timezone_offset": network.offset_label,
        "interval_size": network.interval_minutes,
        "regions": [{"code": region} for region in network.regions],
        "members": [member.code for member in network.members],
        "intervals": list(INTERVALS),
    }


def networks() -> list[dict[str, Any]]:
    return [_network(network) for network in NETWORKS.values()]


def _fueltech(row: Sequence[Any]) -> dict[str, Any]:
    code, label, renewable, group_id, group_label, color, load = row
    return {
        "code": code,
        "label": label,
        "renewable": bool(renewable),
        "fueltech_group_id": group_id or None,
        "fueltech_group_label": group_label or None,
        "color": color or None,
        "load": bool(load),
    }


def fueltechs(reader: MartReader) -> list[dict[str, Any]]:
    rows = reader.query(
        f"select {', '.join(FUELTECH_COLUMNS)} from marts.dim_fueltechs_v1 order by fueltech_id"
    )
    return [_fueltech(row) for row in rows]


def _groupable(datasets: Sequence[Dataset], name: str, column: str) -> bool:
    return any(name in d.metrics and column in d.leaf_columns for d in datasets)


def _metric(
    datasets: Sequence[Dataset], path: str, name: str, *, with_secondary: bool
) -> dict[str, Any]:
    unit = next(d.metrics[name].unit for d in datasets if name in d.metrics)
    primary = [
        code
        for code, grouping in PRIMARY_GROUPINGS.items()
        if grouping is None or _groupable(datasets, name, grouping.column)
    ]
    secondary = (
        [g.name for g in SECONDARY_GROUPINGS.values() if _groupable(datasets, name, g.column)]
        if with_secondary
        else []
    )
    return {
        "metric": name,
        "unit": unit,
        "description": METRIC_DESCRIPTIONS[name],
        "endpoint": path,
        "intervals": list(INTERVALS),
        "primary_groupings": primary,
        "secondary_groupings": secondary,
    }


def metrics() -> list[dict[str, Any]]:
    """Every metric of the timeseries endpoints; only network data takes a secondary grouping."""
    served = ((NETWORK_DATA, NETWORK_DATA_PATH, True), ((MARKET,), MARKET_PATH, False))
    return [
        _metric(datasets, path, name, with_secondary=with_secondary)
        for datasets, path, with_secondary in served
        for name in dict.fromkeys(n for d in datasets for n in d.metrics)
    ]
