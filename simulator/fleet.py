"""The simulated generating fleet: which units exist, where, and how they are registered.

DUIDs start with `SX` (no real AEMO DUID does), then a region letter, a kind code and a number,
e.g. `SXNBC101` (NSW black coal station 1 unit 1) or `SXSWF2` (SA wind farm 2). Registration
values (fuel source, technology, dispatch type) are ones that appear in AEMO's real registration
list, so the normal classification maps them to OpenNEM fueltechs.
"""

import random
from dataclasses import dataclass

_REGION_LETTER = {"NSW1": "N", "QLD1": "Q", "SA1": "S", "TAS1": "T", "VIC1": "V"}
_REGION_PLACE = {
    "NSW1": "Hunter",
    "QLD1": "Darling",
    "SA1": "Mallee",
    "TAS1": "Derwent",
    "VIC1": "Gippsland",
}


@dataclass(frozen=True)
class Kind:
    """A kind of unit: its AEMO registration values and simulation ranges."""

    code: str
    fueltech_id: str
    station_suffix: str
    dispatch_type: str  # AEMO "Dispatch Type"
    classification: str
    fuel_primary: str
    fuel_descriptor: str
    tech_primary: str
    tech_descriptor: str
    capacity_mw: tuple[float, float]
    emission_factor: tuple[float, float]
    co2e_energy_source: str
    units_per_station: int = 1


KINDS: dict[str, Kind] = {
    k.code: k
    for k in (
        Kind("BC", "coal_black", "Power Station", "Generating Unit", "Scheduled", "Fossil",
             "Black Coal", "Combustion", "Steam Sub-Critical", (500, 720), (0.90, 1.05),
             "Black coal", 4),
        Kind("BR", "coal_brown", "Power Station", "Generating Unit", "Scheduled", "Fossil",
             "Brown Coal", "Combustion", "Steam Sub-Critical", (360, 560), (1.20, 1.45),
             "Brown coal", 4),
        Kind("CC", "gas_ccgt", "Combined Cycle Power Station", "Generating Unit", "Scheduled",
             "Fossil", "Natural Gas", "Combustion", "Combined Cycle Gas Turbine (CCGT)", (200, 420),
             (0.37, 0.45), "Natural Gas (Pipeline)"),
        Kind("GT", "gas_ocgt", "Gas Turbine", "Generating Unit", "Scheduled", "Fossil",
             "Natural Gas", "Combustion", "Open Cycle Gas turbines (OCGT)", (40, 300),
             (0.55, 0.75), "Natural Gas (Pipeline)"),
        Kind("WF", "wind", "Wind Farm", "Generating Unit", "Semi-Scheduled", "Wind", "Wind",
             "Renewable", "Wind - Onshore", (50, 450), (0.0, 0.0), "Wind"),
        Kind("SF", "solar_utility", "Solar Farm", "Generating Unit", "Semi-Scheduled", "Solar",
             "Solar", "Renewable", "Photovoltaic Tracking Flat panel", (50, 300), (0.0, 0.0),
             "Solar"),
        Kind("BS", "battery", "Battery", "Bidirectional Unit", "Scheduled", "Battery Storage",
             "Grid", "Storage", "Battery and Inverter", (50, 300), (0.0, 0.0), "Battery"),
        Kind("HY", "hydro", "Hydro Power Station", "Generating Unit", "Scheduled", "Hydro",
             "Water", "Renewable", "Hydro - Gravity", (60, 600), (0.0, 0.0), "Hydro"),
        Kind("LG", "bioenergy_biogas", "Landfill Gas", "Generating Unit", "Non-Scheduled",
             "Renewable/ Biomass / Waste", "Landfill Methane / Landfill Gas", "Combustion",
             "Spark Ignition Reciprocating Engine", (4, 30), (0.06, 0.06),
             "Landfill biogas methane"),
    )
}  # fmt: skip

# The order units are handed out in: every region gets firm generation first, so even a handful
# of units makes a plausible grid; the cycle repeats for larger fleets.
_SLOTS: tuple[tuple[str, str], ...] = (
    ("NSW1", "BC"), ("QLD1", "BC"), ("VIC1", "BR"), ("SA1", "CC"), ("TAS1", "HY"),
    ("NSW1", "WF"), ("QLD1", "SF"), ("VIC1", "WF"), ("SA1", "WF"), ("NSW1", "SF"),
    ("SA1", "BS"), ("NSW1", "BS"), ("QLD1", "GT"), ("VIC1", "GT"), ("NSW1", "HY"),
    ("TAS1", "WF"), ("QLD1", "BS"), ("VIC1", "BS"), ("NSW1", "CC"), ("SA1", "SF"),
    ("QLD1", "BC"), ("NSW1", "BC"), ("VIC1", "SF"), ("QLD1", "WF"), ("NSW1", "LG"),
    ("VIC1", "BR"), ("SA1", "GT"), ("VIC1", "HY"), ("QLD1", "LG"), ("NSW1", "GT"),
)  # fmt: skip


@dataclass(frozen=True)
class Unit:
    duid: str
    station_name: str
    participant: str
    region: str
    kind: Kind
    capacity_mw: float
    emission_factor: float
    seed: int

    @property
    def fueltech_id(self) -> str:
        return self.kind.fueltech_id

    @property
    def dispatch_type(self) -> str:
        """GENERATOR or BIDIRECTIONAL, as in the `dim_units` contract."""
        return "BIDIRECTIONAL" if self.kind.dispatch_type == "Bidirectional Unit" else "GENERATOR"

    @property
    def is_scheduled(self) -> bool:
        """Scheduled and semi-scheduled units count in TOTALDEMAND; non-scheduled do not."""
        return self.kind.classification != "Non-Scheduled"


def build_fleet(count: int, seed: int) -> list[Unit]:
    """`count` units handed out over regions and kinds in a fixed order, sized by `seed`."""
    if count < 1:
        raise ValueError(f"units must be at least 1, got {count}")
    rng = random.Random(seed)
    placed: dict[tuple[str, str], int] = {}
    units = []
    for index in range(count):
        region, code = _SLOTS[index % len(_SLOTS)]
        kind = KINDS[code]
        nth = placed.get((region, code), 0)
        placed[(region, code)] = nth + 1
        units.append(_make_unit(region, kind, nth, rng, seed * 100_003 + index))
    return units


def _make_unit(region: str, kind: Kind, nth: int, rng: random.Random, unit_seed: int) -> Unit:
    station_no, unit_no = divmod(nth, kind.units_per_station)
    station_code = f"SX{_REGION_LETTER[region]}{kind.code}{station_no + 1}"
    duid = f"{station_code}0{unit_no + 1}" if kind.units_per_station > 1 else station_code
    low, high = kind.capacity_mw
    ef_low, ef_high = kind.emission_factor
    return Unit(
        duid=duid,
        station_name=f"Sim {_REGION_PLACE[region]} {station_no + 1} {kind.station_suffix}",
        participant=f"Simulated {_REGION_PLACE[region]} Energy Pty Ltd",
        region=region,
        kind=kind,
        capacity_mw=round(rng.uniform(low, high)),
        emission_factor=round(rng.uniform(ef_low, ef_high), 4),
        seed=unit_seed,
    )
