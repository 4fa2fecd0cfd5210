"""The `legacy_units` and `legacy_stations` seeds, derived from OpenNEM's legacy registry
(reference/stations.json).

`legacy_units`: one row per NEM DUID with a fueltech (interconnectors and the 6 units without one
left out; a DUID listed twice keeps its first row), as the registry has it: the station code and
name, region, fueltech, dispatch type, status, registered capacity and emissions factor.

`legacy_stations`: one row per station (NEM and WEM) with at least one unit that is not an
interconnector: its code, name, network and region (those of its first such unit), location
(lat/lng, empty when the registry has none) and description (whitespace runs collapsed to one
space, so every row is one CSV line). The registry holds no commencement or closure dates.

Both seeds are checked against this derivation in tests/transform/test_unit_coverage.py;
regenerate them with `uv run python -m tests.support.legacy_registry`.
"""

import csv
import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from tests.conftest import REPO_ROOT, fixtures_root

STATIONS = "reference/stations.json"
SEEDS = REPO_ROOT / "transform" / "seeds"
SEED = SEEDS / "legacy_units.csv"
STATIONS_SEED = SEEDS / "legacy_stations.csv"
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
STATION_COLUMNS = (
    "facility_code",
    "facility_name",
    "network_id",
    "network_region",
    "lat",
    "lng",
    "description",
)

Station = dict[str, Any]


def _cells(values: Iterable[object]) -> tuple[str, ...]:
    return tuple("" if value is None else str(value) for value in values)


def _stations(fixtures: Path) -> list[Station]:
    stations: list[Station] = json.loads((fixtures / STATIONS).read_text())
    return stations


def _generating_units(station: Station) -> Iterator[dict[str, Any]]:
    return (unit for unit in station["facilities"] if not unit["interconnector"])


def legacy_units(fixtures: Path) -> list[tuple[str, ...]]:
    rows: dict[str, tuple[str, ...]] = {}
    for station in _stations(fixtures):
        for unit in _generating_units(station):
            if unit["network_id"] != "NEM" or not unit["fueltech_id"]:
                continue
            rows.setdefault(
                unit["code"],
                _cells(
                    (
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


def _station_row(station: Station, first_unit: dict[str, Any]) -> tuple[str, ...]:
    location = station["location"] or {}
    return _cells(
        (
            station["code"],
            station["name"],
            first_unit["network_id"],
            first_unit["network_region"],
            location.get("lat"),
            location.get("lng"),
            " ".join((station["description"] or "").split()) or None,
        )
    )


def legacy_stations(fixtures: Path) -> list[tuple[str, ...]]:
    rows = []
    for station in _stations(fixtures):
        first_unit = next(_generating_units(station), None)
        if first_unit is not None:
            rows.append(_station_row(station, first_unit))
    return sorted(rows)


def read_seed(path: Path) -> list[tuple[str, ...]]:
    """The seed's rows (header left out), as the CSV reader gives them."""
    with path.open(newline="") as seed:
        return [tuple(row) for row in csv.reader(seed)][1:]


def write_seed(path: Path, columns: Sequence[str], rows: Iterable[tuple[str, ...]]) -> None:
    with path.open("w", newline="") as seed:
        writer = csv.writer(seed, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)


if __name__ == "__main__":
    write_seed(SEED, COLUMNS, legacy_units(fixtures_root()))
    write_seed(STATIONS_SEED, STATION_COLUMNS, legacy_stations(fixtures_root()))
