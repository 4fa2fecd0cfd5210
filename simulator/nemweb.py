"""The NEMWEB `Reports/` tree: 5-minute (and 30-minute) zips in `Reports/Current/<Folder>/`, and
for days before a cut-off, daily or weekly zips of those zips in `Reports/Archive/<Folder>/`.
Next-day reports (`Next_Day_Dispatch`) hold a whole market day (04:05 to 04:00) in one Current
file published the next morning; the simulator keeps every one in Current."""

import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from simulator.layouts import nemweb_spec
from simulator.mms import MmsWriter, comment_line, set_mtime, zip_info
from simulator.model import INTERVAL, interval_index
from simulator.records import Snapshot, table_rows

_FIVE_MINUTE_DELAY = timedelta(seconds=16) - INTERVAL  # AEMO publishes SCADA for 12:55 at 12:50:16
_ROOFTOP_DELAY = timedelta(minutes=20)
_MARKET_DAY_START = timedelta(hours=4)  # a market day's intervals end 04:05 .. 04:00 next day
_NEXT_DAY_PUBLISHED = timedelta(days=1, hours=4, minutes=10)  # after the market day's start


@dataclass(frozen=True)
class Report:
    folder: str
    prefix: str
    file_kind: str  # the third field of the `C` line
    extra: str  # the ninth field of the `C` line
    stamp_format: str
    tables: tuple[str, ...]
    half_hourly: bool
    archive_days: int  # 1: daily archive zips, 7: weekly (Sunday to Saturday)
    archive_end_in_name: bool  # PUBLIC_TRADINGIS_<first>_<last>.zip

    def publication(self, end: datetime) -> datetime:
        return end + (_ROOFTOP_DELAY if self.half_hourly else _FIVE_MINUTE_DELAY)

    def current_name(self, end: datetime, number: int) -> str:
        file_id = interval_index(end) * 8 + number + 300_000_000
        return f"{self.prefix}_{end.strftime(self.stamp_format)}_{file_id:016d}.zip"

    def archive_name(self, day: date) -> str:
        first = day - timedelta(days=(day.weekday() + 1) % 7) if self.archive_days == 7 else day
        if self.archive_end_in_name:
            return f"{self.prefix}_{first:%Y%m%d}_{first + timedelta(days=6):%Y%m%d}.zip"
        return f"{self.prefix}_{first:%Y%m%d}.zip"


REPORTS: tuple[Report, ...] = (
    Report(
        "Dispatch_SCADA", "PUBLIC_DISPATCHSCADA", "DISPATCHSCADA", "DISPATCHSCADA",
        "%Y%m%d%H%M", ("DISPATCH_UNIT_SCADA",), False, 1, False,
    ),
    Report(
        "DispatchIS_Reports", "PUBLIC_DISPATCHIS", "DISPATCHIS", "DISPATCHIS", "%Y%m%d%H%M",
        ("DISPATCHPRICE", "DISPATCHREGIONSUM", "DISPATCHINTERCONNECTORRES"), False, 1, False,
    ),
    Report(
        "TradingIS_Reports", "PUBLIC_TRADINGIS", "TRADINGIS", "TRADINGIS", "%Y%m%d%H%M",
        ("TRADINGPRICE",), False, 7, True,
    ),
    Report(
        "ROOFTOP_PV/ACTUAL", "PUBLIC_ROOFTOP_PV_ACTUAL_MEASUREMENT",
        "ROOFTOP_PV_ACTUAL_MEASUREMENT", "DEMAND", "%Y%m%d%H%M%S", ("ROOFTOP_PV_ACTUAL",),
        True, 7, False,
    ),
)  # fmt: skip


def report_csv(report: Report, snap: Snapshot, file_id: str) -> bytes:
    """One Current file's CSV: every table of the report for this interval."""
    sink = io.BytesIO()
    published = report.publication(snap.state.end)
    writer = MmsWriter(sink, comment_line(report.file_kind, published, file_id, report.extra))
    for table in report.tables:
        spec = nemweb_spec(table)
        writer.table(spec)
        writer.rows(spec, table_rows(table, spec, snap, archive=False))
    writer.close()
    return sink.getvalue()


def report_zip(report: Report, snap: Snapshot, name: str) -> bytes:
    stem = name.removesuffix(".zip")
    file_id = stem.rsplit("_", 1)[1]
    sink = io.BytesIO()
    with zipfile.ZipFile(sink, "w") as archive:
        published = report.publication(snap.state.end)
        archive.writestr(zip_info(f"{stem}.CSV", published), report_csv(report, snap, file_id))
    return sink.getvalue()


class ArchiveSink:
    """Adds 5-minute zips to the archive zip of their day (or week), one open zip at a time."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._path: Path | None = None
        self._zip: zipfile.ZipFile | None = None
        self._last: datetime | None = None
        self.written: list[Path] = []

    def add(self, archive_name: str, member: str, data: bytes, published: datetime) -> None:
        path = self._folder / archive_name
        if path != self._path:
            self.close()
            self._folder.mkdir(parents=True, exist_ok=True)
            self._path, self._zip = path, zipfile.ZipFile(path, "w")
            self.written.append(path)
        assert self._zip is not None
        self._zip.writestr(zip_info(member, published), data)
        self._last = published

    def close(self) -> None:
        if self._zip is not None and self._path is not None and self._last is not None:
            self._zip.close()
            set_mtime(self._path, self._last)
        self._path = self._zip = None


class ReportsWriter:
    """Writes each interval's reports to Current, or into Archive before `archive_before`."""

    def __init__(self, root: Path, tables: set[str], archive_before: date | None) -> None:
        self._root = root
        self._archive_before = archive_before
        self._reports = [
            (number, r) for number, r in enumerate(REPORTS) if tables.intersection(r.tables)
        ]
        self._archives = {
            r.folder: ArchiveSink(root / "Reports" / "Archive" / r.folder) for _, r in self._reports
        }
        self.written: list[Path] = []

    def add(self, snap: Snapshot) -> None:
        end = snap.state.end
        for number, report in self._reports:
            if report.half_hourly and snap.rooftop is None:
                continue
            name = report.current_name(end, number)
            data = report_zip(report, snap, name)
            published = report.publication(end)
            day = (end - INTERVAL).date()
            if self._archive_before is not None and day < self._archive_before:
                archive_name = report.archive_name(day)
                self._archives[report.folder].add(archive_name, name, data, published)
            else:
                self._write_current(report, name, data, published)

    def close(self) -> None:
        for sink in self._archives.values():
            sink.close()
            self.written.extend(sink.written)

    def _write_current(self, report: Report, name: str, data: bytes, published: datetime) -> None:
        folder = self._root / "Reports" / "Current" / report.folder
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        path.write_bytes(data)
        set_mtime(path, published)
        self.written.append(path)


def market_day(end: datetime) -> date:
    """The market day of the interval ending at `end` (04:05 .. 04:00 the next calendar day)."""
    return (end - _MARKET_DAY_START - INTERVAL).date()


class NextDayWriter:
    """Next_Day_Dispatch (DISPATCH.UNIT_SOLUTION): one Current file per market day, written when
    the day's last simulated interval has been added (a simulated range's edge days are partial)."""

    FOLDER = "Next_Day_Dispatch"
    PREFIX = "PUBLIC_NEXT_DAY_DISPATCH"

    def __init__(self, root: Path) -> None:
        self._folder = root / "Reports" / "Current" / self.FOLDER
        self._spec = nemweb_spec("DISPATCHLOAD")
        self._day: date | None = None
        self._rows: list[str] = []
        self.written: list[Path] = []

    def add(self, snap: Snapshot) -> None:
        day = market_day(snap.state.end)
        if day != self._day:
            self.close()
            self._day = day
        self._rows.extend(table_rows("DISPATCHLOAD", self._spec, snap, archive=False))

    def close(self) -> None:
        if self._day is None:
            return
        published = datetime.combine(self._day, datetime.min.time()) + _NEXT_DAY_PUBLISHED
        file_id = f"{interval_index(published) + 500_000_000:016d}"
        stem = f"{self.PREFIX}_{self._day:%Y%m%d}_{file_id}"
        sink = io.BytesIO()
        writer = MmsWriter(
            sink, comment_line("NEXT_DAY_DISPATCH", published, file_id, "NEXT_DAY_DISPATCH")
        )
        writer.table(self._spec)
        writer.rows(self._spec, self._rows)
        writer.close()
        self._folder.mkdir(parents=True, exist_ok=True)
        path = self._folder / f"{stem}.zip"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr(zip_info(f"{stem}.CSV", published), sink.getvalue())
        set_mtime(path, published)
        self.written.append(path)
        self._day, self._rows = None, []
