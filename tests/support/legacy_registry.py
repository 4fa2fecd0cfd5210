"""The `legacy_units` seed, derived from OpenNEM's legacy registry (reference/stations.json).

One row per NEM DUID with a fueltech (interconnectors and the 6 units without one left out; a
DUID listed twice keeps its first row), as the registry has it: the station code and name, region,
fueltech, dispatch type, status, registered capacity and emissions factor. The seed is checked
against this derivation in tests/transform/test_unit_coverage.py; regenerate it with
`uv run python -m tests.support.legacy_registry > transform/seeds/legacy_units.csv`.
"""

import csv
import json
import sys
from pathlib import Path
from typing import TextIO

from tests.conftest import REPO_ROOT, fixtures_root

STATIONS = "reference/stations.json"
SEED = REPO_ROOT / "transform" / "seeds" / "legacy_units.csv"
COLUMNS = (
    "unit_code",
    "facility_code",
    "facility_name",
    "network_region",
    "fueltech_id",
    "dispatch_type",
    "status_id",
    "capacity_registered_mw",
    "emissions_factor_co2",
)


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def legacy_units(fixtures: Path) -> list[tuple[str, ...]]:
    rows: dict[str, tuple[str, ...]] = {}
    for station in json.loads((fixtures / STATIONS).read_text()):
        for unit in station["facilities"]:
            if unit["network_id"] != "NEM" or unit["interconnector"] or not unit["fueltech_id"]:
                continue
            rows.setdefault(
                unit["code"],
                tuple(
                    _cell(v)
                    for v in (
                        unit["code"],
                        station["code"],
                        station["name"],
                        unit["network_region"],
                        unit["fueltech_id"],
                        unit["dispatch_type"],
                        unit["status_id"],
                        unit["capacity_registered"],
                        unit["emissions_factor_co2"],
                    )
                ),
            )
    return sorted(rows.values())


def write_seed(out: TextIO, fixtures: Path) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(legacy_units(fixtures))


if __name__ == "__main__":
    write_seed(sys.stdout, fixtures_root())
