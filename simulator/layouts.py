"""Which MMS layout each simulated table uses, by era: the monthly archive up to 2024-07, from
2024-08, and NEMWEB's Current files."""

from datetime import date

from simulator import mms_tables as t
from simulator.mms_tables import TableSpec

TABLES: tuple[str, ...] = (
    "DISPATCH_UNIT_SCADA",
    "DISPATCHPRICE",
    "DISPATCHREGIONSUM",
    "DISPATCHINTERCONNECTORRES",
    "TRADINGPRICE",
    "ROOFTOP_PV_ACTUAL",
)
# Tables only the next-day reports carry (NEMWEB's Next_Day_Dispatch: DISPATCH.UNIT_SOLUTION, whose
# MMSDM name is DISPATCHLOAD): written when asked for by name, never by default, as they are wide.
NEXT_DAY_TABLES: tuple[str, ...] = ("DISPATCHLOAD",)
NEW_ARCHIVE_MONTH = date(2024, 8, 1)

# table -> (layout up to 2024-07, layout from 2024-08)
_BY_ERA: dict[str, tuple[TableSpec, TableSpec]] = {
    "DISPATCH_UNIT_SCADA": (t.DISPATCH_UNIT_SCADA_LEGACY, t.DISPATCH_UNIT_SCADA_CURRENT),
    "DISPATCHPRICE": (t.DISPATCH_PRICE_LEGACY, t.DISPATCH_PRICE_CURRENT),
    "DISPATCHREGIONSUM": (t.DISPATCH_REGIONSUM_LEGACY, t.DISPATCH_REGIONSUM_CURRENT),
    "DISPATCHINTERCONNECTORRES": (
        t.DISPATCH_INTERCONNECTORRES_LEGACY,
        t.DISPATCH_INTERCONNECTORRES_CURRENT,
    ),
    "TRADINGPRICE": (t.TRADING_PRICE_LEGACY, t.TRADING_PRICE_CURRENT),
    "ROOFTOP_PV_ACTUAL": (t.ROOFTOP_ACTUAL_LEGACY, t.ROOFTOP_ACTUAL_CURRENT),
}


def archive_spec(table: str, month: date) -> TableSpec:
    legacy, current = _BY_ERA[table]
    return current if month >= NEW_ARCHIVE_MONTH else legacy


def nemweb_spec(table: str) -> TableSpec:
    """NEMWEB Current files carry today's versions; rooftop keeps its own column order."""
    if table == "ROOFTOP_PV_ACTUAL":
        return t.ROOFTOP_ACTUAL_NEMWEB
    if table == "DISPATCHLOAD":
        return t.DISPATCH_UNIT_SOLUTION_CURRENT
    return _BY_ERA[table][1]


def check_tables(tables: set[str]) -> None:
    known = (*TABLES, *NEXT_DAY_TABLES)
    unknown = tables - set(known)
    if unknown:
        raise ValueError(f"unknown tables {sorted(unknown)}; expected some of {list(known)}")
