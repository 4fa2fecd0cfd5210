"""The datasets `/v4/export/...` and `opennem export --parquet` serve: one 5-minute mart each,
with the Arrow schema of its files (the mart's contract columns but `_loaded_at`).

Every file has the same schema whatever the engine: `interval_start` is a naive timestamp in
network time (AEST for the NEM, AWST for the WEM), as in the marts.
"""

from dataclasses import dataclass

import pyarrow as pa

_KEYS = {
    "interval_start": pa.timestamp("us"),
    "network_id": pa.string(),
    "network_region": pa.string(),
}
_FUELTECH = {
    "fueltech_id": pa.string(),
    "fueltech_group_id": pa.string(),
    "is_renewable": pa.bool_(),
}
_VALUES = ("power_mw", "energy_mwh", "emissions_t", "market_value")
_MARKET_VALUES = (
    "price",
    "demand",
    "demand_energy",
    "demand_total",
    "rooftop",
    "demand_gross",
    "demand_gross_energy",
    "demand_market_value",
    "generation",
    "generation_energy",
    "generation_renewable",
    "generation_renewable_energy",
    "generation_renewable_with_storage",
    "generation_renewable_with_storage_energy",
    "renewable_proportion",
    "renewable_with_storage_proportion",
    "emissions",
    "emissions_intensity",
    "curtailment",
    "curtailment_energy",
    "curtailment_solar_utility",
    "curtailment_solar_utility_energy",
    "curtailment_wind",
    "curtailment_wind_energy",
    "flow_imports",
    "flow_exports",
    "flow_imports_energy",
    "flow_exports_energy",
    "flow_imports_emissions",
    "flow_exports_emissions",
    "flow_imports_market_value",
    "flow_exports_market_value",
)


def _doubles(names: tuple[str, ...]) -> dict[str, pa.DataType]:
    return dict.fromkeys(names, pa.float64())


@dataclass(frozen=True)
class ExportDataset:
    name: str
    table: str
    schema: pa.Schema
    order_by: tuple[str, ...]
    description: str

    @property
    def columns(self) -> list[str]:
        return list(self.schema.names)


DATASETS: dict[str, ExportDataset] = {
    dataset.name: dataset
    for dataset in (
        ExportDataset(
            "unit_intervals",
            "marts.fct_unit_intervals_v1",
            pa.schema(
                {
                    **_KEYS,
                    "facility_code": pa.string(),
                    "unit_code": pa.string(),
                    **_FUELTECH,
                    **_doubles(_VALUES),
                }
            ),
            ("interval_start", "network_id", "unit_code"),
            "Every unit's 5-minute power, energy, emissions and market value",
        ),
        ExportDataset(
            "fueltech_intervals",
            "marts.fct_fueltech_intervals_5m_v1",
            pa.schema({**_KEYS, **_FUELTECH, **_doubles(_VALUES)}),
            ("interval_start", "network_id", "network_region", "fueltech_id"),
            "5-minute power, energy, emissions and market value per region and fueltech",
        ),
        ExportDataset(
            "market_summary",
            "marts.fct_market_summary_v2",
            pa.schema({**_KEYS, **_doubles(_MARKET_VALUES)}),
            ("interval_start", "network_id", "network_region"),
            "5-minute price, demand, renewables, curtailment and flows per region",
        ),
    )
}
