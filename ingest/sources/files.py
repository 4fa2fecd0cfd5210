"""Recognise a source's file by its name and content, and load it: what `opennem ingest` uses.

A source declares its `FileKind`s: a recogniser `(name, sample) -> bool` and a loader. A `Sample`
is what a recogniser may look at: the first bytes of the file and, for a zip, its member names
and members, read from the file itself, so a month of SCADA is never held in memory to be named.
The recognisers never raise: a file they cannot read is simply not of their kind. A zip is looked
into only when its name ends in `.zip` (the loaders decide by that suffix too), an xlsx whatever
its name.
"""

import io
import json
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import IO, Any

from ingest.errors import BadFileError
from ingest.formats.archives import sha256_of
from ingest.formats.records import Parser, RawTable, column_name
from ingest.loader import LoadResult, load_file, load_records, load_with_ledger, utc_now
from ingest.stores import RawStore
from ingest.stores.ledger import LedgerEntry

SAMPLE_BYTES = 1 << 20  # every kind's mark (a C row, a CSV header, a JSON key) is near the start
_ZIP_MAGIC = b"PK\x03\x04"
_BOM = b"\xef\xbb\xbf"
_ZIP_PROBLEMS = (zipfile.BadZipFile, OSError, EOFError, ValueError)


class Sample:
    """A file as the recognisers see it: `head` (its first bytes), the whole text of a small
    file, a zip's members."""

    def __init__(self, head: bytes, open_whole: Callable[[], IO[bytes]]) -> None:
        self.head = head
        self._open = open_whole
        self._documents: dict[bool, Any] = {}

    @classmethod
    def of_bytes(cls, data: bytes) -> "Sample":
        return cls(data[:SAMPLE_BYTES], lambda: io.BytesIO(data))

    @classmethod
    def of_path(cls, path: Path) -> "Sample":
        with path.open("rb") as stream:
            return cls(stream.read(SAMPLE_BYTES), lambda: path.open("rb"))

    def whole(self) -> bytes:
        """All of the file (for JSON, whose documents are parsed whole)."""
        if len(self.head) < SAMPLE_BYTES:
            return self.head
        with self._open() as stream:
            return stream.read()

    def json_document(self, in_zip: bool) -> Any:
        """The parsed JSON of the file (or, `in_zip`, of its first `.json` member), None if it is
        not JSON; parsed once, however many kinds ask."""
        if in_zip not in self._documents:
            self._documents[in_zip] = _parsed(self._json_text(in_zip))
        return self._documents[in_zip]

    def _json_text(self, in_zip: bool) -> bytes | None:
        if in_zip:
            members = [m for m in self.zip_names if PurePosixPath(m).suffix.lower() == ".json"]
            return self.zip_member(members[0]) if members else None
        if self.head.removeprefix(_BOM).lstrip().startswith((b"{", b"[")):
            return self.whole()
        return None

    @cached_property
    def zip_names(self) -> list[str]:
        if not self.head.startswith(_ZIP_MAGIC):
            return []
        try:
            with self._open() as stream, zipfile.ZipFile(stream) as archive:
                return [info.filename for info in archive.infolist() if not info.is_dir()]
        except _ZIP_PROBLEMS:
            return []

    def zip_member(self, member: str) -> bytes | None:
        if member not in self.zip_names:
            return None
        try:
            with self._open() as stream, zipfile.ZipFile(stream) as archive:
                return archive.read(member)
        except _ZIP_PROBLEMS:
            return None


Matcher = Callable[[str, Sample], bool]
# (store, source, file name, the bytes or None to read the file at `source`, check_count)
FileLoader = Callable[[RawStore, str, str, bytes | None, bool], LoadResult]


@dataclass(frozen=True)
class FileKind:
    """A kind of file a source publishes: `matches(name, sample)` recognises it by name or
    content, `load(store, source, name, data, check_count)` loads it (`check_count` matters to
    MMS files only)."""

    description: str
    matches: Matcher
    load: FileLoader


def named(pattern: str) -> Matcher:
    """A file whose name (any case) matches `pattern` whole."""
    compiled = re.compile(pattern, re.IGNORECASE)
    return lambda name, sample: compiled.fullmatch(name) is not None


def either(*matchers: Matcher) -> Matcher:
    return lambda name, sample: any(matcher(name, sample) for matcher in matchers)


def mms_csv(name: str, sample: Sample) -> bool:
    """An MMS CSV: its first line is a `C` comment row (`C,NEMP.WORLD,...`)."""
    return sample.head.removeprefix(_BOM).lstrip().startswith(b"C,")


def zip_holding(*suffixes: str) -> Matcher:
    """A `.zip` whose every member ends in one of `suffixes` (`.csv`, `.zip` ...)."""

    def matches(name: str, sample: Sample) -> bool:
        members = sample.zip_names if name.lower().endswith(".zip") else []
        return bool(members) and all(m.lower().endswith(suffixes) for m in members)

    return matches


def json_with(*paths: tuple[str, ...]) -> Matcher:
    """A JSON document (or a `.zip` whose first `.json` member is one) holding every path."""

    def matches(name: str, sample: Sample) -> bool:
        document = sample.json_document(name.lower().endswith(".zip"))
        return document is not None and all(_has_path(document, path) for path in paths)

    return matches


def csv_with(table: RawTable) -> Matcher:
    """A headed CSV whose header holds every required column of `table`."""

    def matches(name: str, sample: Sample) -> bool:
        line = sample.head.removeprefix(_BOM).split(b"\n", 1)[0]
        text = line.decode("utf-8", errors="replace")
        columns = {column_name(field.strip().strip('"')) for field in text.split(",")}
        return set(table.required) <= columns

    return matches


def xlsx_with_sheet(sheet: str) -> Matcher:
    """An xlsx workbook with a sheet of that title (any case)."""

    title = re.compile(rb'name="\s*' + re.escape(sheet.encode()) + rb'\s*"', re.IGNORECASE)

    def matches(name: str, sample: Sample) -> bool:
        workbook = sample.zip_member("xl/workbook.xml")
        return workbook is not None and title.search(workbook) is not None

    return matches


def mms_loader(
    store: RawStore, source: str, name: str, data: bytes | None, check_count: bool
) -> LoadResult:
    return load_file(store, source, name=name, data=data, check_count=check_count)


def records_kind(
    description: str,
    name_pattern: str,
    content: Matcher,
    parse: Parser,
    ensure: Callable[[RawStore], None],
) -> FileKind:
    """A JSON/CSV record file known by its published name or by its content, loaded through
    `parse` into the source's raw tables (created first if absent)."""

    def load(
        store: RawStore, source: str, name: str, data: bytes | None, check_count: bool
    ) -> LoadResult:
        ensure(store)
        return load_records(store, source, parse, name=name, data=data)

    return FileKind(description, either(named(name_pattern), content), load)


def ledgered(
    store: RawStore, source: str, name: str, data: bytes | None, load: Callable[[], dict[str, int]]
) -> LoadResult:
    """`load` under the ledger's rules (`ingest.loader.load_with_ledger`); a load that records
    nothing itself leaves a ledger row only when it fails."""
    sha256 = sha256_of(Path(source) if data is None else None, data)
    entry = LedgerEntry(name, sha256, source, "loaded", utc_now())
    return load_with_ledger(store, entry, load)


def load_as_kind(
    store: RawStore,
    kinds: Sequence[FileKind],
    source: str | Path,
    *,
    name: str,
    data: bytes | None,
    check_count: bool,
) -> LoadResult:
    """Load the file (the bytes given, or the file at `source`) as the first kind that
    recognises it; a file no kind recognises is recorded in the ledger as rejected."""
    try:
        sample = Sample.of_bytes(data) if data is not None else Sample.of_path(Path(source))
    except OSError as error:
        return unreadable(name, str(source), error)
    kind = next((kind for kind in kinds if kind.matches(name, sample)), None)
    if kind is None:
        accepted = "; ".join(known.description for known in kinds)
        return _reject_unknown(store, str(source), name, data, accepted)
    return kind.load(store, str(source), name, data, check_count)


def unreadable(name: str, source: str, error: Exception) -> LoadResult:
    """A file that could not be read or fetched (no bytes, so no sha256 and no ledger row)."""
    return LoadResult(name, "", "rejected", f"{name}: cannot read {source}: {error}")


def _reject_unknown(
    store: RawStore, source: str, name: str, data: bytes | None, accepted: str
) -> LoadResult:
    reason = f"{name}: not a file of any kind a source publishes; accepted: {accepted}"

    def refuse() -> dict[str, int]:
        raise BadFileError(reason)

    return ledgered(store, source, name, data, refuse)


def _parsed(text: bytes | None) -> Any:
    if text is None:
        return None
    try:
        return json.loads(text.removeprefix(_BOM).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None


def _has_path(document: Any, path: tuple[str, ...]) -> bool:
    node = document
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return False
        node = node[key]
    return True
