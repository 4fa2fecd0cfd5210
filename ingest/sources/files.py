"""Recognise a source's file by its name and content, and load it: what `opennem ingest` uses.

A `FileKind` (`ingest.sources.catalog`) pairs a recogniser `(name, head) -> bool` with a loader;
`head` is the file's content (`load_any` passes the whole file). The recognisers built here never
raise: a file they cannot read is simply not of their kind. A zip is looked into only when its
name ends in `.zip` (the loaders decide by that suffix too), an xlsx whatever its name.
"""

import io
import json
import re
import zipfile
from collections.abc import Callable, Sequence
from pathlib import PurePosixPath
from typing import Any

from ingest.errors import BadFileError
from ingest.formats.archives import sha256_of
from ingest.formats.records import Parser, RawTable, column_name
from ingest.loader import LoadResult, load_file, load_records, load_with_ledger, utc_now
from ingest.stores import RawStore
from ingest.stores.ledger import LedgerEntry

Matcher = Callable[[str, bytes], bool]
FileLoader = Callable[[RawStore, str, str, bytes, bool], LoadResult]
_ZIP_MAGIC = b"PK\x03\x04"
_BOM = b"\xef\xbb\xbf"


def named(pattern: str) -> Matcher:
    """A file whose name (any case) matches `pattern` whole."""
    compiled = re.compile(pattern, re.IGNORECASE)
    return lambda name, head: compiled.fullmatch(name) is not None


def either(*matchers: Matcher) -> Matcher:
    return lambda name, head: any(matcher(name, head) for matcher in matchers)


def mms_csv(name: str, head: bytes) -> bool:
    """An MMS CSV: its first line is a `C` comment row (`C,NEMP.WORLD,...`)."""
    return head.removeprefix(_BOM).lstrip().startswith(b"C,")


def zip_holding(*suffixes: str) -> Matcher:
    """A `.zip` whose every member ends in one of `suffixes` (`.csv`, `.zip` ...)."""

    def matches(name: str, head: bytes) -> bool:
        members = _zip_names(head) if name.lower().endswith(".zip") else []
        return bool(members) and all(m.lower().endswith(suffixes) for m in members)

    return matches


def json_with(*paths: tuple[str, ...]) -> Matcher:
    """A JSON document (or a `.zip` whose first `.json` member is one) holding every path."""

    def matches(name: str, head: bytes) -> bool:
        document = _json_document(name, head)
        return document is not None and all(_has_path(document, path) for path in paths)

    return matches


def csv_with(table: RawTable) -> Matcher:
    """A headed CSV whose header holds every required column of `table`."""

    def matches(name: str, head: bytes) -> bool:
        line = head.removeprefix(_BOM).split(b"\n", 1)[0].decode("utf-8", errors="replace")
        columns = {column_name(field.strip().strip('"')) for field in line.split(",")}
        return set(table.required) <= columns

    return matches


def xlsx_with_sheet(sheet: str) -> Matcher:
    """An xlsx workbook with a sheet of that title (any case)."""

    title = re.compile(rb'name="\s*' + re.escape(sheet.encode()) + rb'\s*"', re.IGNORECASE)

    def matches(name: str, head: bytes) -> bool:
        workbook = _zip_member(head, "xl/workbook.xml")
        return workbook is not None and title.search(workbook) is not None

    return matches


def mms_loader(
    store: RawStore, source: str, name: str, data: bytes, check_count: bool
) -> LoadResult:
    return load_file(store, source, name=name, data=data, check_count=check_count)


def records_loader(parse: Parser, ensure_tables: Callable[[RawStore], None]) -> FileLoader:
    """Load through `parse` into the source's raw tables (created first if absent)."""

    def load(store: RawStore, source: str, name: str, data: bytes, check_count: bool) -> LoadResult:
        ensure_tables(store)
        return load_records(store, source, parse, name=name, data=data)

    return load


def ledgered(
    store: RawStore, source: str, name: str, data: bytes, load: Callable[[], dict[str, int]]
) -> LoadResult:
    """`load` under the ledger's rules (`ingest.loader.load_with_ledger`); a load that records
    nothing itself leaves a ledger row only when it fails."""
    entry = LedgerEntry(name, sha256_of(None, data), source, "loaded", utc_now())
    return load_with_ledger(store, entry, load)


def reject_unknown(
    store: RawStore, source: str, name: str, data: bytes, accepted: Sequence[str]
) -> LoadResult:
    """Record the file in the ledger as rejected: no kind recognised it."""
    reason = f"{name}: not a file of any kind a source publishes; accepted: {'; '.join(accepted)}"

    def refuse() -> dict[str, int]:
        raise BadFileError(reason)

    return ledgered(store, source, name, data, refuse)


def unreadable(name: str, source: str, error: Exception) -> LoadResult:
    """A file that could not be read or fetched (no bytes, so no sha256 and no ledger row)."""
    return LoadResult(name, "", "rejected", f"{name}: cannot read {source}: {error}")


def _zip_names(data: bytes) -> list[str]:
    if not data.startswith(_ZIP_MAGIC):
        return []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [info.filename for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, OSError, EOFError):
        return []


def _zip_member(data: bytes, member: str) -> bytes | None:
    if member not in _zip_names(data):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.read(member)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return None


def _json_document(name: str, head: bytes) -> Any:
    """The parsed JSON of the file (or of a zip's first `.json` member), None if it is not."""
    if name.lower().endswith(".zip"):
        members = [m for m in _zip_names(head) if PurePosixPath(m).suffix.lower() == ".json"]
        head = (_zip_member(head, members[0]) or b"") if members else b""
    text = head.removeprefix(_BOM).lstrip()
    if not text.startswith((b"{", b"[")):
        return None
    try:
        return json.loads(text.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None


def _has_path(document: Any, path: tuple[str, ...]) -> bool:
    node = document
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return False
        node = node[key]
    return True
