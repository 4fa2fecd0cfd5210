"""The NEM unit registry: AEMO's Registration and Exemption List into `raw.registration_units`.

Each load replaces the previous snapshot (the list is a complete current registry). dbt turns it,
with the CO2EII emission factors (`raw.co2eii_publishing`, loaded by the MMS loader), into
`marts.dim_units_v1` and `marts.dim_facilities_v1`.
"""

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.errors import BadFileError, MissingTableError
from ingest.formats.xlsx import SheetTable, read_sheet
from ingest.http import HttpClient, read_source
from ingest.loader import LoadResult
from ingest.sources.files import FileKind, either, ledgered, named, xlsx_with_sheet
from ingest.stores import RawStore
from opennem.settings import get_settings

if TYPE_CHECKING:
    import pyarrow as pa

REGISTRATION_SHEET = "PU and Scheduled Loads"
REGISTRATION_TABLE = "raw.registration_units"
REQUIRED_HEADERS = (
    "Participant",
    "Station Name",
    "Region",
    "Dispatch Type",
    "Fuel Source - Primary",
    "Fuel Source - Descriptor",
    "Technology Type - Primary",
    "Technology Type - Descriptor",
    "DUID",
    "Reg Cap generation (MW)",
)
UNMAPPED_SCADA_VIEW = "intermediate.int_units__unmapped_scada"
# raw.registration_units: the sheet's columns the staging model reads, and provenance.
REGISTRATION_COLUMNS = (
    "participant",
    "station_name",
    "region",
    "dispatch_type",
    "category",
    "classification",
    "fuel_source_primary",
    "fuel_source_descriptor",
    "technology_type_primary",
    "technology_type_descriptor",
    "units",
    "aggregation",
    "duid",
    "reg_cap_generation_mw",
    "max_cap_generation_mw",
    "reg_cap_consumption_mw",
    "max_cap_consumption_mw",
    "maximum_storage_capacity",
    "_sheet_row",
    "_source_file",
    "_file_sha256",
)


@dataclass(frozen=True)
class RegistrationLoad:
    """A registration list loaded whole (it replaces the previous snapshot; no ledger)."""

    source: str
    rows: int

    @property
    def ok(self) -> bool:
        return True

    def describe(self) -> str:
        return f"loaded {self.rows} registered units from {self.source}"

    def tables_loaded(self) -> set[str]:
        return {"registration_units"} if self.rows else set()

    def files_loaded(self) -> int:
        return 1

    def rows_loaded(self) -> int:
        return self.rows


def ensure_raw_tables(store: RawStore) -> None:
    """Create `raw.registration_units` empty if absent (dbt staging reads it before any load)."""
    store.ensure_table("registration_units", REGISTRATION_COLUMNS)


def crawl(store: RawStore, source: str | None = None) -> RegistrationLoad:
    """Fetch the list (default: AEMO's published URL, `OPENNEM_REGISTRY_URL`) or read a local
    copy, and load it."""
    location = source or get_settings().registry_url
    with HttpClient() as client:
        data = read_source(client, location)
    return RegistrationLoad(location, load_registration_list(store, location, data))


def load_registration_list(store: RawStore, source: str | Path, data: bytes | None = None) -> int:
    """Replace `raw.registration_units` with the "PU and Scheduled Loads" rows; return the count."""
    name = Path(str(source)).name
    content = Path(source).read_bytes() if data is None else data
    sheet = read_sheet(name, content, REGISTRATION_SHEET, REQUIRED_HEADERS)
    table = _arrow_table(sheet, name, hashlib.sha256(content).hexdigest())
    store.replace_table(REGISTRATION_TABLE.split(".")[1], table)
    return table.num_rows


def unmapped_scada_duids(store: RawStore) -> list[str]:
    """DUIDs seen in `raw.dispatch_unit_scada` without a dim_units row (after the dbt build),
    leaving out AEMO's placeholder DUIDs (DG_, RT_) unless they carried power."""
    try:
        rows = store.fetch_rows(
            f"select duid from {UNMAPPED_SCADA_VIEW} where is_reported order by duid"
        )
    except MissingTableError as exc:
        raise RuntimeError(
            f"{UNMAPPED_SCADA_VIEW} does not exist: load SCADA and the registry, then run the "
            "dbt build (`opennem registry`) first"
        ) from exc
    return [str(duid) for (duid,) in rows]


def _arrow_table(sheet: SheetTable, name: str, sha256: str) -> "pa.Table":
    import pyarrow as pa

    columns: dict[str, pa.Array] = {
        column: pa.array([row[i] for row in sheet.rows], pa.string())
        for i, column in enumerate(sheet.columns)
    }
    count = len(sheet.rows)
    columns["_sheet_row"] = pa.array([str(n) for n in sheet.row_numbers], pa.string())
    columns["_source_file"] = pa.array([name] * count, pa.string())
    columns["_file_sha256"] = pa.array([sha256] * count, pa.string())
    loaded_at = datetime.now(UTC).replace(tzinfo=None)
    columns["_loaded_at"] = pa.array([loaded_at] * count, pa.timestamp("us"))
    return pa.table(columns)


def _load_file(
    store: RawStore, source: str, name: str, data: bytes | None, check_count: bool
) -> LoadResult:
    """The list replaces the previous snapshot, so a load leaves no ledger row (the same copy
    loads again later); a rejection is recorded like any other."""

    def load() -> dict[str, int]:
        try:
            rows = load_registration_list(store, source, data)
        except ValueError as error:  # the xlsx reader's messages start with the file name
            raise BadFileError(str(error)) from error
        return {REGISTRATION_TABLE.removeprefix("raw."): rows}

    return ledgered(store, source, name, data, load)


# What `opennem ingest` takes as the registration list: by its published name or its sheet.
REGISTRATION_FILE = FileKind(
    f"AEMO NEM Registration and Exemption List xlsx (sheet {REGISTRATION_SHEET!r})",
    either(
        named(r"nem[-_ ]registration[-_ ]and[-_ ]exemption[-_ ]list.*\.xlsx"),
        xlsx_with_sheet(REGISTRATION_SHEET),
    ),
    _load_file,
)
