"""Read one xlsx sheet as column names plus text rows, finding the header row by its content."""

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zipfile import BadZipFile

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

HEADER_SEARCH_ROWS = 50


@dataclass(frozen=True)
class SheetTable:
    columns: list[str]
    rows: list[list[str | None]]
    row_numbers: list[int]


def snake_case(header: str) -> str:
    """`Reg Cap generation (MW)` -> `reg_cap_generation_mw`; `Max ROC/Min` -> `max_roc_min`."""
    return re.sub(r"[^0-9a-z]+", "_", header.strip().lower()).strip("_")


def cell_text(value: object) -> str | None:
    """A cell as the text AEMO published: ints without `.0`, floats by repr, None stays None."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_sheet(name: str, data: bytes, sheet: str, required_headers: Sequence[str]) -> SheetTable:
    """Rows of `sheet` below the first row holding every required header (trimmed, any case)."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (BadZipFile, OSError, KeyError, ValueError) as exc:
        raise ValueError(f"{name}: not a readable xlsx workbook ({exc})") from exc
    try:
        worksheet = _find_sheet(name, workbook, sheet)
        return _table(name, sheet, worksheet.iter_rows(values_only=True), required_headers)
    finally:
        workbook.close()


def _find_sheet(name: str, workbook: "Workbook", sheet: str) -> "ReadOnlyWorksheet":
    wanted = sheet.strip().lower()
    for title in workbook.sheetnames:
        if title.strip().lower() == wanted:
            return workbook[title]
    raise ValueError(f"{name}: no sheet {sheet!r} (sheets: {', '.join(workbook.sheetnames)})")


def _table(
    name: str,
    sheet: str,
    rows: Iterable[Sequence[object]],
    required_headers: Sequence[str],
) -> SheetTable:
    wanted = {h.strip().lower() for h in required_headers}
    iterator = iter(rows)
    for number, row in enumerate(iterator, start=1):
        labels = [str(v).strip().lower() if v is not None else "" for v in row]
        if wanted <= set(labels):
            return _body(name, sheet, row, iterator, number)
        if number >= HEADER_SEARCH_ROWS:
            break
    raise ValueError(
        f"{name}: sheet {sheet!r} has no header row with {sorted(required_headers)} "
        f"in its first {HEADER_SEARCH_ROWS} rows"
    )


def _body(
    name: str,
    sheet: str,
    header: Sequence[object],
    rows: Iterable[Sequence[object]],
    header_number: int,
) -> SheetTable:
    keep = [i for i, v in enumerate(header) if v is not None and str(v).strip()]
    columns = [snake_case(str(header[i])) for i in keep]
    duplicates = sorted({c for c in columns if columns.count(c) > 1})
    if duplicates:
        raise ValueError(f"{name}: sheet {sheet!r} repeats header(s) {duplicates}")
    body: list[list[str | None]] = []
    numbers: list[int] = []
    for number, row in enumerate(rows, start=header_number + 1):
        values = [cell_text(row[i]) if i < len(row) else None for i in keep]
        if any(v is not None and v.strip() for v in values):
            body.append(values)
            numbers.append(number)
    return SheetTable(columns, body, numbers)
