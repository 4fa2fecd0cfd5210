"""The raw store: what the loaders, crawlers and checks write and read through, on every engine.

`DuckDBRawStore`, `PostgresRawStore` (COPY) and `ClickHouseRawStore` (Arrow inserts) offer these
methods, so a loader keeps one code path and the same ledger semantics on every engine.
"""

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Protocol

from ingest.formats.mms import MmsSection, MmsTable
from ingest.stores.ledger import LedgerEntry
from ingest.stores.provenance import Provenance

if TYPE_CHECKING:
    import pyarrow as pa


class RawStore(Protocol):
    # The engine client's errors: writing a file that raises one rejects the file.
    database_errors: tuple[type[Exception], ...]

    def ensure_ledger(self) -> None: ...

    def ledger_status(self, sha256: str) -> str | None: ...

    def loaded_names(self, names: Sequence[str]) -> set[str]: ...

    def record(self, entry: LedgerEntry) -> None: ...

    def transaction(self) -> AbstractContextManager[None]: ...

    def prepare_table(self, table: MmsTable) -> None: ...

    def insert_section(self, section: MmsSection, provenance: Provenance) -> int: ...

    def ensure_table(self, name: str, columns: Sequence[str]) -> None: ...

    def append_rows(self, name: str, rows: "pa.Table", provenance: Provenance) -> int: ...

    def replace_table(self, name: str, rows: "pa.Table") -> None: ...

    def fetch_rows(self, query: str) -> list[tuple[Any, ...]]: ...

    def ensure_crawl_state(self) -> None: ...

    def write_crawl_state(self, rows: Sequence[Sequence[object]]) -> None: ...
