"""JSON and CSV records (WEM, BOM, APVI files): the helpers their parsers share.

A source module declares its raw tables (`RawTable`) and a parser `(file name, bytes) ->
list[Records]` that raises `BadFileError` naming the file and the problem. Values are kept as
published text; field names are snake_cased (`dispatchInterval` -> `dispatch_interval`).
`ingest.loader.load_records` writes what a parser returns.
"""

import csv
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ingest.errors import BadFileError
from ingest.formats.xlsx import snake_case

_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")

Row = dict[str, str | None]


@dataclass(frozen=True)
class RawTable:
    """`raw.<name>`: `required` columns must be in every record, `optional` ones may be absent."""

    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional


@dataclass(frozen=True)
class Records:
    """Rows for one raw table from one file (or one member of a zip: `outer.zip/inner.json`)."""

    table: RawTable
    source_file: str
    rows: list[Row] = field(default_factory=list)


Parser = Callable[[str, bytes], list[Records]]


def column_name(key: str) -> str:
    """`dispatchInterval` -> `dispatch_interval`, `Final Price ($/MWh)` -> `final_price_mwh`."""
    return snake_case(_CAMEL_BOUNDARY.sub("_", key))


def published_text(value: object) -> str | None:
    """A JSON or CSV value as text: null and empty are missing, 0 stays `0`, nested as JSON."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True)
    return str(value)


def record_row(file_name: str, record: object, table: RawTable, where: str) -> Row:
    """One JSON object as a row of `table`; a missing required field rejects the file."""
    if not isinstance(record, Mapping):
        raise BadFileError(f"{file_name}: {where}: expected an object, got {type(record).__name__}")
    row = {column_name(str(key)): published_text(value) for key, value in record.items()}
    require_columns(file_name, row.keys(), table, where)
    return row


def require_columns(file_name: str, present: Iterable[str], table: RawTable, where: str) -> None:
    missing = [column for column in table.required if column not in set(present)]
    if missing:
        raise BadFileError(
            f"{file_name}: {where}: missing required field(s) {', '.join(missing)} "
            f"for raw.{table.name}"
        )


def json_document(file_name: str, data: bytes) -> Any:
    try:
        return json.loads(data.decode("utf-8-sig"))
    except json.JSONDecodeError as error:
        raise BadFileError(f"{file_name}: not JSON: {error}") from None


def json_path(file_name: str, document: Any, path: Sequence[str]) -> Any:
    """`document[path[0]][path[1]]...`, or a BadFileError naming the missing key."""
    node = document
    for depth, key in enumerate(path):
        if not isinstance(node, Mapping) or key not in node:
            missing = ".".join(path[: depth + 1])
            raise BadFileError(f"{file_name}: missing required field {missing}")
        node = node[key]
    return node


def json_list(file_name: str, document: Any, path: Sequence[str]) -> list[Any]:
    node = json_path(file_name, document, path)
    if not isinstance(node, list):
        raise BadFileError(f"{file_name}: {'.'.join(path)} is not a list")
    return node


def csv_rows(file_name: str, data: bytes, table: RawTable) -> list[Row]:
    """A headed CSV as rows keyed by snake_cased header; required headers are checked first."""
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig")))
    header = next(reader, None)
    if header is None:
        raise BadFileError(f"{file_name}: empty file, expected a CSV header")
    columns = [column_name(name) for name in header]
    require_columns(file_name, columns, table, "header")
    rows: list[Row] = []
    for line, values in enumerate(reader, start=2):
        if not values:
            continue
        if len(values) != len(columns):
            raise BadFileError(
                f"{file_name}: line {line}: {len(values)} fields, header has {len(columns)}"
            )
        rows.append({c: published_text(v.strip()) for c, v in zip(columns, values, strict=True)})
    return rows


def zip_members(file_name: str, data: bytes, suffix: str) -> list[tuple[str, bytes]]:
    """`(outer.zip/member, bytes)` for the members ending in `suffix`, or the file itself."""
    if not file_name.lower().endswith(".zip"):
        return [(file_name, data)]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = [n for n in archive.namelist() if n.lower().endswith(suffix)]
        if not names:
            raise BadFileError(f"{file_name}: no {suffix} file in the zip")
        return [(f"{file_name}/{name}", archive.read(name)) for name in names]
