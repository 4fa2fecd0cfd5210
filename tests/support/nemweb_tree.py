"""Lay out real fixture files in a tmp directory the way NEMWEB does, for loopback tests.

Copies (into the test's tmp directory, never the repo):
- the real Dispatch_SCADA 5-minute zip into Reports/Current/Dispatch_SCADA;
- the real CDEII file into Reports/Current/CDEII, under its dated name and as the fixed
  `CO2EII_AVAILABLE_GENERATORS.CSV` copy that NEMWEB also keeps;
- the real MMSDM 2024-07 (`PUBLIC_DVD_...`) and 2024-08 (`PUBLIC_ARCHIVE#...`, stored in the
  fixtures with `%23`) files into Data_Archive.
No real Reports/Archive daily zip exists in the fixtures, so the daily archive is written in AEMO's
documented layout: a zip named for the day holding that day's 5-minute zips, here the one real
file of 2021-09-02.
"""

import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

SCADA_FILE = "PUBLIC_DISPATCHSCADA_202109021255_0000000348376188.zip"
SCADA_ARCHIVE = "PUBLIC_DISPATCHSCADA_20210902.zip"
CDEII_FILE = "CO2EII_AVAILABLE_GENERATORS_2017_43_20171103104827.CSV"
CDEII_LATEST = "CO2EII_AVAILABLE_GENERATORS.CSV"
MMSDM_MONTHS = ("2024_07", "2024_08")


@dataclass(frozen=True)
class NemwebTree:
    root: Path
    current_scada: Path
    archive_scada: Path
    cdeii: Path
    mmsdm: dict[str, Path]  # file name as on NEMWEB (literal `#`) -> path


def build_nemweb_tree(root: Path, fixtures_dir: Path) -> NemwebTree:
    current = root / "Reports/Current/Dispatch_SCADA"
    archive = root / "Reports/Archive/Dispatch_SCADA"
    for folder in (current / "DUPLICATE", archive):
        folder.mkdir(parents=True, exist_ok=True)
    scada = fixtures_dir / "nemweb/current/Dispatch_SCADA" / SCADA_FILE
    current_scada = Path(shutil.copyfile(scada, current / SCADA_FILE))
    archive_scada = archive / SCADA_ARCHIVE
    with zipfile.ZipFile(archive_scada, "w") as bundle:
        bundle.write(scada, SCADA_FILE)
    return NemwebTree(
        root,
        current_scada,
        archive_scada,
        _copy_cdeii(root, fixtures_dir),
        _copy_mmsdm(root, fixtures_dir),
    )


def _copy_cdeii(root: Path, fixtures_dir: Path) -> Path:
    folder = root / "Reports/Current/CDEII"
    folder.mkdir(parents=True, exist_ok=True)
    source = fixtures_dir / "registry" / CDEII_FILE
    shutil.copyfile(source, folder / CDEII_LATEST)
    return Path(shutil.copyfile(source, folder / CDEII_FILE))


def _copy_mmsdm(root: Path, fixtures_dir: Path) -> dict[str, Path]:
    copied: dict[str, Path] = {}
    for month in MMSDM_MONTHS:
        year, _ = month.split("_")
        data = (
            root
            / f"Data_Archive/Wholesale_Electricity/MMSDM/{year}/MMSDM_{month}"
            / "MMSDM_Historical_Data_SQLLoader/DATA"
        )
        data.mkdir(parents=True, exist_ok=True)
        for source in sorted((fixtures_dir / "mmsdm" / month).glob("*.zip")):
            name = source.name.replace("%23", "#")
            copied[name] = Path(shutil.copyfile(source, data / name))
    return copied
