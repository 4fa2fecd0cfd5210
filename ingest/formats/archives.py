"""Open the CSV files inside a fetched file: the file itself, or every CSV inside a zip.

AEMO ships MMS CSVs zipped (`PUBLIC_DISPATCHSCADA_....zip`, MMSDM `PUBLIC_DVD_<TABLE>_....zip`
and `PUBLIC_ARCHIVE#<TABLE>#FILE01#....zip`), and daily Archive zips hold 5-minute zips that each
hold one CSV. CSVs are streamed (decompressed as they are read); nested zips are small and are
read into memory. Names of members are joined with `/` for provenance: `outer.zip/inner.zip/x.CSV`.
"""

import hashlib
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import IO
from urllib.parse import unquote, urlparse

from ingest.errors import BadFileError

_URL_SCHEMES = ("http", "https", "file")


def file_name_of(source: str) -> str:
    """The file name of a path or URL, with `%23` and friends decoded (`PUBLIC_ARCHIVE#...zip`)."""
    if urlparse(source).scheme in _URL_SCHEMES:
        return unquote(PurePosixPath(urlparse(source).path).name)
    return unquote(Path(source).name)


def sha256_of(path: Path | None, data: bytes | None) -> str:
    """The sha256 of the file as fetched: of `data` when given, else of the file at `path`."""
    if data is not None:
        return hashlib.sha256(data).hexdigest()
    if path is None:
        raise ValueError("sha256_of needs data or a path")
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def iter_csv_streams(name: str, stream: IO[bytes]) -> Iterator[tuple[str, IO[bytes]]]:
    """Yield `(provenance name, binary stream)` for each CSV in the file, in archive order.

    Each stream is only valid until the next item is requested.
    """
    if not name.lower().endswith(".zip"):
        yield name, stream
        return
    with _open_zip(name, stream) as archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if not members:
            raise BadFileError(f"{name}: the zip archive holds no files")
        for info in members:
            yield from _member_streams(archive, info, f"{name}/{info.filename}")


def _member_streams(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str
) -> Iterator[tuple[str, IO[bytes]]]:
    suffix = PurePosixPath(info.filename).suffix.lower()
    if suffix == ".zip":
        yield from iter_csv_streams(name, io.BytesIO(archive.read(info)))
    elif suffix == ".csv":
        with archive.open(info) as member:
            yield name, member
    else:
        raise BadFileError(f"{name}: not a CSV or zip file inside the archive")


def _open_zip(name: str, stream: IO[bytes]) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(stream)
    except zipfile.BadZipFile as error:
        raise BadFileError(
            f"{name}: not a readable zip archive ({_describe(stream)}: {error})"
        ) from error


def _describe(stream: IO[bytes]) -> str:
    stream.seek(0)
    head = stream.read(512).lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")):
        return "the content is an HTML/XML page"
    if head.startswith(b"pk"):
        return "truncated or corrupt zip"
    return "the content does not start like a zip"
