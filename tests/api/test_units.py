"""Each metric's `unit` is the one the public OpenElectricity v4 API names.

The real v4 responses in fixtures/api/v4 carry `MW` (power, demand) and `$/MWh` (price). The
fixtures hold no real v4 response for energy, emissions or market value; for those the names are
the v4 API's own metric definitions (opennem/opennem `opennem/core/metric.py`: MWh, `t`, `$`;
the v4 OpenAPI document in fixtures/reference/openapi.json describes market value as "($)" and
emissions as "(tonnes)"; the same module gives `%` for the renewable proportions and MW / MWh for
curtailment and flows). fixtures/reference/units.json (tCO2e, AUD, AUD/MWh) is the vocabulary
of OpenNEM's v3 exports (fixtures/api/v3 use it), not of v4 responses.
"""

import json
from pathlib import Path

import pytest

from api.metrics import GENERATION, MARKET

V4_UNITS = {
    "power": "MW",
    "energy": "MWh",
    "emissions": "t",
    "market_value": "$",
    "price": "$/MWh",
    "demand": "MW",
    "demand_energy": "MWh",
    "demand_gross": "MW",
    "demand_gross_energy": "MWh",
    "generation_renewable": "MW",
    "generation_renewable_energy": "MWh",
    "generation_renewable_with_storage": "MW",
    "generation_renewable_with_storage_energy": "MWh",
    "renewable_proportion": "%",
    "renewable_with_storage_proportion": "%",
    "curtailment": "MW",
    "curtailment_energy": "MWh",
    "curtailment_solar_utility": "MW",
    "curtailment_solar_utility_energy": "MWh",
    "curtailment_wind": "MW",
    "curtailment_wind_energy": "MWh",
    "flow_imports": "MW",
    "flow_exports": "MW",
    "flow_imports_energy": "MWh",
    "flow_exports_energy": "MWh",
}


def test_every_served_metric_has_its_v4_unit() -> None:
    served = {**GENERATION.metrics, **MARKET.metrics}
    assert {name: metric.unit for name, metric in served.items()} == V4_UNITS


@pytest.mark.parametrize(
    "name",
    [
        "OPENNEM_AU-SA.v4.json",
        "OPENNEM_AU-WA.v4.json",
        "OPENNEM_price_AU-SA.json",
        "OPENNEM_demand_AU-NSW.json",
    ],
)
def test_units_of_the_real_v4_responses(fixtures_dir: Path, name: str) -> None:
    real = json.loads((fixtures_dir / "api/v4" / name).read_text())
    for item in real["data"]:
        assert V4_UNITS[item["metric"]] == item["unit"]
