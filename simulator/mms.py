"""Writing MMS CSV exactly as AEMO does: a `C` first line, `I` header rows, `D` data rows, CRLF
line ends, strings with spaces quoted, timestamps quoted (`"2024/08/01 00:05:00"`), and a closing
`C,"END OF REPORT",<n>` where n counts every line of the file including that one.
"""

import os
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import IO

from opennem.networks import NEM
from simulator.mms_tables import TableSpec

EOL = "\r\n"
_FLUSH_LINES = 20_000


def stamp(moment: datetime) -> str:
    """An AEMO timestamp field, quoted: `"2024/08/01 00:05:00"`."""
    return moment.strftime('"%Y/%m/%d %H:%M:%S"')


def text(value: str) -> str:
    """A string field: quoted when it holds a space, comma or quote, as AEMO writes them."""
    if any(c in value for c in ' ,"'):
        return '"' + value.replace('"', '""') + '"'
    return value


def record(spec: TableSpec, values: Mapping[str, str], default: str = "0") -> str:
    """The field part of a `D` row (after `D,<report>,<subtype>,<version>,`), in column order."""
    return ",".join(values.get(column, default) for column in spec.columns)


def comment_line(file_kind: str, published: datetime, file_id: str, extra: str = "") -> str:
    """The first line: `C,NEMP.WORLD,DISPATCHSCADA,AEMO,PUBLIC,2021/09/02,12:50:16,<id>,...`."""
    server = "SETP.WORLD" if file_kind.startswith(("DVD_", "CO2EII")) else "NEMP.WORLD"
    return (
        f"C,{server},{file_kind},AEMO,PUBLIC,{published:%Y/%m/%d},{published:%H:%M:%S},"
        f"{file_id},{extra},{file_id}"
    )


class MmsWriter:
    """Streams one MMS CSV into a binary sink, buffering lines and counting them."""

    def __init__(self, sink: IO[bytes], first_line: str) -> None:
        self._sink = sink
        self._buffer: list[str] = []
        self.lines = 0
        self._add(first_line)

    def table(self, spec: TableSpec) -> None:
        self._add(f"I,{spec.prefix}," + ",".join(spec.columns))

    def rows(self, spec: TableSpec, fields: Iterable[str]) -> None:
        """`D` rows of `spec`; each item is the field part of one row."""
        head = f"D,{spec.prefix},"
        before = len(self._buffer)
        self._buffer.extend(head + f + EOL for f in fields)
        self.lines += len(self._buffer) - before
        if len(self._buffer) >= _FLUSH_LINES:
            self._flush()

    def close(self) -> None:
        self._add(f'C,"END OF REPORT",{self.lines + 1}')
        self._flush()

    def _add(self, line: str) -> None:
        self._buffer.append(line + EOL)
        self.lines += 1

    def _flush(self) -> None:
        self._sink.write("".join(self._buffer).encode("ascii"))
        self._buffer.clear()


def epoch_seconds(moment: datetime) -> float:
    """A naive AEST time as a POSIX timestamp (never through a DST zone)."""
    return moment.replace(tzinfo=NEM.tz).timestamp()


def zip_info(member: str, when: datetime) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(member, date_time=when.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def set_mtime(path: Path, when: datetime) -> None:
    """Stamp a written file with its publication time, so listings and Last-Modified match."""
    seconds = epoch_seconds(when)
    os.utime(path, (seconds, seconds))


@contextmanager
def zip_member(archive: zipfile.ZipFile, member: str, when: datetime) -> Iterator[IO[bytes]]:
    """A binary stream into a new deflated member of an open zip (large members welcome)."""
    with archive.open(zip_info(member, when), mode="w", force_zip64=True) as sink:
        yield sink
