"""MMS CSV parser: split an AEMO MMS file into its table sections, streaming.

An MMS file has `C` comment rows (the first row, and a closing `C,"END OF REPORT",N` where N is
the number of lines in the file), `I` rows naming a table (report, subtype, version) and its
columns, and `D` rows holding data of the table named by the `I` row before them. One file can
hold several tables and several versions of one table. A blank subtype written as `Unnamed: 2`
(a pandas artefact in NEMOSIS files) is read as blank.

Rows never become Python objects: the scanner reads large blocks of whole lines, checks with two
byte counts that every line of the rest of the block carries the open table's
`D,<report>,<subtype>,<version>,` prefix (else finds where the run of `D` lines ends with one
regular-expression search and checks that run), and copies the run into one temporary CSV per
section without the row key fields every line of it starts with, so a section's CSV holds the
table's own columns, as published. A bulk reader then reads each section by the column names of
its `I` row (see `ingest.stores.duckdb_store`).

A long section is cut into pieces of about `PIECE_BYTES` (each an `MmsSection` of the same table,
with its own first line), handed out as soon as each is written: the loader inserts one piece
while the next is being decompressed and scanned. The file's first piece is cut at
`FIRST_PIECE_BYTES`, so the engine starts inserting after 8 MiB rather than 48.
"""

import csv
import io
import os
import re
import tempfile
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ingest.errors import BadFileError

BLOCK_SIZE = 4 << 20
PIECE_BYTES = 48 << 20
FIRST_PIECE_BYTES = 8 << 20
END_OF_REPORT = "END OF REPORT"

_END_OF_DATA_RUN = re.compile(rb"\n(?!D,)")
_PANDAS_BLANK_NAME = re.compile(r"Unnamed: \d+")
_NAME = re.compile(r"[A-Za-z0-9_]+")
_SHOWN_CHARS = 80


@dataclass(frozen=True)
class MmsTable:
    """A table as named by an `I` row; columns are AEMO's names in lower case."""

    report: str
    subtype: str
    version: str
    columns: tuple[str, ...]

    @property
    def raw_table(self) -> str:
        """`dispatch_unit_scada` for DISPATCH.UNIT_SCADA; `dregion` for a blank subtype."""
        return "_".join(part for part in (self.report, self.subtype) if part).lower()

    @property
    def label(self) -> str:
        return f"{self.report}.{self.subtype}.{self.version}"

    @property
    def row_prefix(self) -> bytes:
        return f"D,{self.report},{self.subtype},{self.version},".encode()


@dataclass
class MmsSection:
    """The D rows of one `I` row, copied as published without their row key fields
    (`D,<report>,<subtype>,<version>,`) into the CSV at `path`."""

    table: MmsTable
    source_file: str
    first_line: int
    path: Path
    rows: int = 0

    def checked(self, inserted: int) -> int:
        """`inserted` if the engine stored every D row of the section; else the file is bad."""
        if inserted != self.rows:
            raise BadFileError(
                f"{self.source_file}: table {self.table.label}: read {inserted} rows "
                f"from {self.rows} D lines"
            )
        return inserted

    def source_line(self, row: int) -> int:
        """The line of the source file holding the section's row number `row` (1-based)."""
        return self.first_line + row - 1


def iter_mms_sections(
    stream: IO[bytes], source_file: str, workdir: Path, *, check_count: bool = True
) -> Generator[MmsSection, None, None]:
    """Split one MMS CSV into per-section CSV files under `workdir`, yielding each section (or
    piece of one) once it is written whole.

    Raises BadFileError naming `source_file` for anything that is not a complete MMS file, when
    the problem is met: the END OF REPORT checks come after the last section, so what was yielded
    before an error belongs to a bad file. `check_count=False` skips only the END OF REPORT
    line-count comparison, for files known to be filtered copies of AEMO files.
    """
    scanner = _Scanner(source_file, workdir)
    try:
        for block in _line_blocks(stream):
            scanner.feed(block)
            yield from scanner.take_written()
    finally:
        scanner.close_section()
    yield from scanner.take_written()
    scanner.check_end(check_count)


def parse_table_header(line: str, where: str) -> MmsTable:
    """Read an `I` row such as `I,DISPATCH,UNIT_SCADA,1,SETTLEMENTDATE,DUID,SCADAVALUE`."""
    fields = [field.strip() for field in next(csv.reader([line]))]
    if len(fields) < 5:
        raise BadFileError(f"{where}: I row names no columns: {line[:_SHOWN_CHARS]!r}")
    _, report, subtype, version, *columns = fields
    subtype = "" if _PANDAS_BLANK_NAME.fullmatch(subtype) else subtype
    names = tuple(column.lower() for column in columns)
    invalid = [name for name in (report, *names) if not _NAME.fullmatch(name)]
    if subtype and not _NAME.fullmatch(subtype):
        invalid.append(subtype)
    if invalid or not version.isdigit():
        raise BadFileError(f"{where}: invalid I row {line[:_SHOWN_CHARS]!r}")
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise BadFileError(f"{where}: I row repeats columns {', '.join(duplicates)}")
    return MmsTable(report, subtype, version, names)


def _line_blocks(stream: IO[bytes]) -> Iterator[bytes]:
    """Blocks of whole lines, each ending in a newline (one is added to an unterminated end)."""
    carry = b""
    while chunk := stream.read(BLOCK_SIZE):
        block = carry + chunk
        cut = block.rfind(b"\n") + 1
        carry = block[cut:]
        if cut:
            yield block[:cut]
    if carry:
        yield carry + b"\n"


def _rows_of(block: bytes, start: int, end: int, prefix: bytes) -> tuple[int, int]:
    """The lines of `block[start:end]` (whole lines) and how many of them start with `prefix`."""
    lines = block.count(b"\n", start, end)
    return lines, block.startswith(prefix, start) + block.count(b"\n" + prefix, start, end - 1)


def _without_prefix(block: bytes, start: int, end: int, prefix: bytes) -> bytes:
    """The lines of `block[start:end]`, each of which starts with `prefix`, without it."""
    return (b"\n" + block[start:end]).replace(b"\n" + prefix, b"\n")[1:]


class _Scanner:
    """State of one pass over an MMS CSV: the open section and the lines seen so far."""

    def __init__(self, source_file: str, workdir: Path) -> None:
        self.source_file = source_file
        self.workdir = workdir
        self.lines = 0
        self.written: list[MmsSection] = []
        self.section: MmsSection | None = None
        self.output: io.BufferedWriter | None = None
        self.piece_bytes = 0
        self.pieces = 0
        self.end_count: int | None = None
        self.end_line: int | None = None

    def feed(self, block: bytes) -> None:
        position = 0
        while position < len(block):
            if self.end_line is not None:
                self._after_end(block[position:])
                return
            if self.lines and block.startswith(b"D,", position):
                position = self._data_run(block, position)
            else:
                end = block.index(b"\n", position) + 1
                self._control_line(block[position:end])
                position = end

    def _data_run(self, block: bytes, start: int) -> int:
        """Copy the run of D lines from `start`: the rest of the block when every line of it is
        a row of the open table (the usual case, told by two counts), else up to the first line
        that is not a D row."""
        if self.section is None or self.output is None:
            raise self._error(self.lines + 1, "D row before any I row")
        prefix = self.section.table.row_prefix
        end = len(block)
        lines, matching = _rows_of(block, start, end, prefix)
        if matching != lines:
            match = _END_OF_DATA_RUN.search(block, start)
            end = match.end() if match else len(block)
            lines, matching = _rows_of(block, start, end, prefix)
        if matching != lines:
            self._raise_foreign_row(block[start:end], prefix)
        if self.piece_bytes >= (PIECE_BYTES if self.pieces else FIRST_PIECE_BYTES):
            self._open_section(self.section.table)
        assert self.section is not None and self.output is not None
        self.output.write(_without_prefix(block, start, end, prefix))
        self.piece_bytes += end - start
        self.section.rows += lines
        self.lines += lines
        return end

    def _raise_foreign_row(self, run: bytes, prefix: bytes) -> None:
        assert self.section is not None
        for offset, line in enumerate(run.splitlines()):
            if not line.startswith(prefix):
                raise self._error(
                    self.lines + offset + 1,
                    f"expected a D row of {self.section.table.label}, "
                    f"found {line[:_SHOWN_CHARS].decode(errors='replace')!r}",
                )

    def _control_line(self, raw: bytes) -> None:
        self.lines += 1
        line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
        kind = line[:2]
        if self.lines == 1 and kind != "C,":
            raise self._error(1, f"not an MMS CSV file (starts {line[:_SHOWN_CHARS]!r})")
        if kind == "I,":
            self._start_section(line)
        elif kind == "C,":
            self._comment(line)
        else:
            raise self._error(self.lines, f"not a C, I or D row: {line[:_SHOWN_CHARS]!r}")

    def _start_section(self, line: str) -> None:
        self._open_section(parse_table_header(line, f"{self.source_file}: line {self.lines}"))

    def _open_section(self, table: MmsTable) -> None:
        """Close the open section (or piece) and open one of `table` from the next line."""
        self.close_section()
        handle, name = tempfile.mkstemp(suffix=".csv", dir=self.workdir)
        self.output = os.fdopen(handle, "wb")
        self.section = MmsSection(table, self.source_file, self.lines + 1, Path(name))
        self.piece_bytes = 0

    def _comment(self, line: str) -> None:
        self.close_section()
        fields = next(csv.reader([line]))
        if len(fields) < 2 or fields[1] != END_OF_REPORT:
            return
        if len(fields) < 3 or not fields[2].strip().isdigit():
            raise self._error(self.lines, f"END OF REPORT row without a line count: {line!r}")
        self.end_count = int(fields[2])
        self.end_line = self.lines

    def _after_end(self, rest: bytes) -> None:
        if rest.strip():
            raise self._error(self.lines + 1, "content after the END OF REPORT row")

    def close_section(self) -> None:
        if self.output is not None:
            self.output.close()
        if self.section is not None:
            self.written.append(self.section)
            self.pieces += 1
        self.output = None
        self.section = None

    def take_written(self) -> list[MmsSection]:
        """The sections closed since the last call, in file order."""
        written, self.written = self.written, []
        return written

    def check_end(self, check_count: bool) -> None:
        if self.end_line is None:
            raise BadFileError(
                f"{self.source_file}: truncated: no END OF REPORT row after {self.lines} lines"
            )
        if check_count and self.end_count != self.end_line:
            raise BadFileError(
                f"{self.source_file}: END OF REPORT says {self.end_count} lines "
                f"but the file has {self.end_line}"
            )

    def _error(self, line: int, problem: str) -> BadFileError:
        return BadFileError(f"{self.source_file}: line {line}: {problem}")
