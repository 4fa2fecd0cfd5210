"""What every raw row carries besides the published fields, and the crawl state's columns.

A raw table holds AEMO's (or AEMO WA's, BOM's, APVI's) fields as published plus provenance: the
file it came from, that file's sha256 and when it was loaded (docs/architecture.md). Every engine's
store writes these the same way.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa

PROVENANCE_COLUMNS = {
    "_table_version": "varchar",
    "_source_file": "varchar",
    "_file_sha256": "varchar",
    "_loaded_at": "timestamp",
}
CRAWL_STATE_COLUMNS = (
    "source",
    "file_name",
    "first_end",
    "last_end",
    "status",
    "attempts",
    "reason",
    "updated_at",
)


@dataclass(frozen=True)
class Provenance:
    sha256: str
    loaded_at: datetime


def with_provenance(rows: "pa.Table", provenance: Provenance) -> "pa.Table":
    """`rows` with the file's `_file_sha256` and `_loaded_at` columns appended."""
    import pyarrow as pa

    count = rows.num_rows
    return rows.append_column(
        "_file_sha256", pa.array([provenance.sha256] * count, pa.string())
    ).append_column("_loaded_at", pa.array([provenance.loaded_at] * count, pa.timestamp("us")))
