"""The MMSDM monthly archive: one zip per table and month, streamed row by row.

`Data_Archive/Wholesale_Electricity/MMSDM/<YYYY>/MMSDM_<YYYY>_<MM>/MMSDM_Historical_Data_SQLLoader/
DATA/` holds `PUBLIC_DVD_<TABLE>_<YYYYMM>010000.zip` up to 2024-07 and
`PUBLIC_ARCHIVE#<TABLE>#FILE01#<YYYYMM>010000.zip` from 2024-08. A month holds interval ends from
the 1st 00:05 to the next 1st 00:00.
"""

import zipfile
from contextlib import ExitStack
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO

from simulator.layouts import NEW_ARCHIVE_MONTH, archive_spec
from simulator.mms import MmsWriter, comment_line, epoch_seconds, set_mtime, stamp, text, zip_info
from simulator.mms_tables import MARKET_CONFIG_INTERCONNECTOR, TableSpec
from simulator.model import INTERCONNECTORS, INTERVAL
from simulator.records import Snapshot, table_rows

MMSDM_ROOT = Path("Data_Archive/Wholesale_Electricity/MMSDM")


def month_of(end: datetime) -> date:
    """The archive month an interval END belongs to (00:00 on the 1st closes the month before)."""
    start = end - INTERVAL
    return date(start.year, start.month, 1)


def file_stem(table: str, month: date) -> str:
    stamp = f"{month:%Y%m}010000"
    if month >= NEW_ARCHIVE_MONTH:
        return f"PUBLIC_ARCHIVE#{table}#FILE01#{stamp}"
    return f"PUBLIC_DVD_{table}_{stamp}"


def month_folder(root: Path, month: date) -> Path:
    name = f"MMSDM_{month:%Y_%m}"
    return root / MMSDM_ROOT / f"{month:%Y}" / name / "MMSDM_Historical_Data_SQLLoader" / "DATA"


def _published(month: date) -> datetime:
    """AEMO publishes a month's archive about a week into the next month."""
    following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return datetime(following.year, following.month, 8, 20, 25, 36)


class _TableFile:
    """One monthly table file being streamed."""

    def __init__(
        self, stack: ExitStack, root: Path, table: str, month: date, spec: TableSpec | None = None
    ) -> None:
        self.table = table
        self.spec = spec or archive_spec(table, month)
        folder = month_folder(root, month)
        folder.mkdir(parents=True, exist_ok=True)
        stem = file_stem(table, month)
        self.path = folder / f"{stem}.zip"
        self.published = _published(month)
        archive = stack.enter_context(zipfile.ZipFile(self.path, "w", allowZip64=True))
        sink: IO[bytes] = stack.enter_context(
            archive.open(zip_info(f"{stem}.CSV", self.published), mode="w", force_zip64=True)
        )
        new = month >= NEW_ARCHIVE_MONTH
        seconds = int(epoch_seconds(self.published))
        file_id = f"{seconds * 1000:015d}" if new else f"{seconds:016d}"
        extra = "MONTHLY_ARCHIVE" if new else ""
        self.writer = MmsWriter(sink, comment_line(f"DVD_{table}", self.published, file_id, extra))
        self.writer.table(self.spec)


class MmsdmWriter:
    """Appends each interval to its month's table files; a month's files close as it ends."""

    def __init__(self, root: Path, tables: set[str]) -> None:
        self._root = root
        self._tables = sorted(tables)
        self._month: date | None = None
        self._stack = ExitStack()
        self._files: list[_TableFile] = []
        self.written: list[Path] = []

    def add(self, snap: Snapshot) -> None:
        month = month_of(snap.state.end)
        if month != self._month:
            self.close()
            self._month = month
            self._files = [_TableFile(self._stack, self._root, t, month) for t in self._tables]
        for table_file in self._files:
            rows = table_rows(table_file.table, table_file.spec, snap, archive=True)
            table_file.writer.rows(table_file.spec, rows)

    def close(self) -> None:
        for table_file in self._files:
            table_file.writer.close()
        self._stack.close()
        for table_file in self._files:
            set_mtime(table_file.path, table_file.published)
            self.written.append(table_file.path)
        self._files = []
        self._stack = ExitStack()


# When the simulated interconnectors were registered (AEMO's LASTCHANGED of today's rows).
INTERCONNECTORS_CHANGED = datetime(2008, 6, 18, 15, 53, 23)


def write_interconnectors(root: Path, month: date) -> Path:
    """The month's MMSDM INTERCONNECTOR table (MARKET_CONFIG.INTERCONNECTOR.1): the topology
    of `simulator.model.INTERCONNECTORS`, REGIONFROM -> REGIONTO of each id."""
    with ExitStack() as stack:
        table_file = _TableFile(stack, root, "INTERCONNECTOR", month, MARKET_CONFIG_INTERCONNECTOR)
        rows = [
            ",".join((ic, src, "", dst, text(f"{src} to {dst}"), stamp(INTERCONNECTORS_CHANGED)))
            for ic, (src, dst, _) in INTERCONNECTORS.items()
        ]
        table_file.writer.rows(table_file.spec, rows)
        table_file.writer.close()
    set_mtime(table_file.path, table_file.published)
    return table_file.path
