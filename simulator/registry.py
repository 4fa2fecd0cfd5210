"""The simulated fleet as AEMO publishes its units: the NEM Registration and Exemption List
("PU and Scheduled Loads" sheet, header in row 1) and the CDEII emission factors (CO2EII)."""

import io
import re
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

from openpyxl import Workbook

from simulator.fleet import Unit
from simulator.mms import MmsWriter, comment_line, record, set_mtime, text, zip_info
from simulator.mms_tables import CO2EII_PUBLISHING

REGISTRY_PATH = Path(
    "-/media/files/electricity/nem/participant_information/nem-registration-and-exemption-list.xlsx"
)
REGISTRY_SHEET = "PU and Scheduled Loads"
REGISTRY_COLUMNS = (
    "Participant", "Station Name", "Region", "Dispatch Type", "Category", "Classification",
    "Fuel Source - Primary", "Fuel Source - Descriptor", "Technology Type - Primary",
    "Technology Type - Descriptor", "Units", "Aggregation", "DUID", "Reg Cap generation (MW)",
    "Max Cap generation (MW)", "Max ROC/Min generation", "Reg Cap consumption (MW)",
    "Max Cap consumption (MW)", "Max ROC/Min consumption", "Maximum storage capacity ",
    "Comments",
)  # fmt: skip
CDEII_FOLDER = Path("Reports/Current/CDEII")
CDEII_LATEST = "CO2EII_AVAILABLE_GENERATORS.CSV"


def _registry_row(unit: Unit) -> list[object]:
    kind = unit.kind
    storage = kind.dispatch_type == "Bidirectional Unit"
    ramp = max(1, round(unit.capacity_mw / 10))
    return [
        unit.participant, unit.station_name, unit.region, kind.dispatch_type, "Market",
        kind.classification, kind.fuel_primary, kind.fuel_descriptor, kind.tech_primary,
        kind.tech_descriptor, "1", "N", unit.duid, unit.capacity_mw, unit.capacity_mw, ramp,
        unit.capacity_mw if storage else None, unit.capacity_mw if storage else None,
        ramp if storage else None, unit.capacity_mw * 2 if storage else None, None,
    ]  # fmt: skip


def write_registry(root: Path, units: list[Unit], published: datetime) -> Path:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(REGISTRY_SHEET)
    sheet.append(list(REGISTRY_COLUMNS))
    for unit in units:
        sheet.append(_registry_row(unit))
    book.properties.created = published
    raw = io.BytesIO()
    book.save(raw)
    path = root / REGISTRY_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_restamp(raw.getvalue(), published))
    set_mtime(path, published)
    return path


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _restamp(xlsx: bytes, published: datetime) -> bytes:
    """The same xlsx with every member (and the `modified` property openpyxl sets on save)
    stamped `published`, so a seed always gives equal bytes."""
    stamp = published.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "docProps/core.xml":
                data = _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", data)
            target.writestr(zip_info(info.filename, published), data)
    return out.getvalue()


def _cdeii_fields(unit: Unit) -> str:
    source = "Estimate - NGA 2016" if unit.emission_factor else "Estimate - Other"
    values = {
        "STATIONNAME": text(unit.station_name),
        "DUID": unit.duid,
        "GENSETID": unit.duid,
        "REGIONID": unit.region,
        "CO2E_EMISSIONS_FACTOR": f"{unit.emission_factor}",
        "CO2E_ENERGY_SOURCE": text(unit.kind.co2e_energy_source),
        "CO2E_DATA_SOURCE": text(source),
    }
    return record(CO2EII_PUBLISHING, values)


def cdeii_csv(units: list[Unit], published: datetime) -> bytes:
    sink = io.BytesIO()
    file_id = f"{int(published.strftime('%y%m%d%H%M')):016d}"
    writer = MmsWriter(sink, comment_line("CO2EII_AVAILABLE_GENERATORS", published, file_id))
    writer.table(CO2EII_PUBLISHING)
    writer.rows(CO2EII_PUBLISHING, [_cdeii_fields(u) for u in units])
    writer.close()
    return sink.getvalue()


def write_cdeii(root: Path, units: list[Unit], first_day: date) -> list[Path]:
    """The latest CDEII file and its dated copy (`..._<YYYY>_<WW>_<published>.CSV`), published
    the morning before the first simulated day."""
    published = datetime.combine(first_day - timedelta(days=1), datetime.min.time()).replace(
        hour=10, minute=48, second=27
    )
    data = cdeii_csv(units, published)
    folder = root / CDEII_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    dated = f"CO2EII_AVAILABLE_GENERATORS_{published:%Y_%U_%Y%m%d%H%M%S}.CSV"
    paths = [folder / CDEII_LATEST, folder / dated]
    for path in paths:
        path.write_bytes(data)
        set_mtime(path, published)
    return paths
