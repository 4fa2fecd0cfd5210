"""The load ledger: one row per fetched file in `raw.load_ledger` (see docs/architecture.md).

A file whose sha256 is recorded as `loaded` is never loaded again. A `rejected` file may be
retried: its row is replaced, and loading a good file of the same name drops the rejected rows
of that name.
"""

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

LEDGER_TABLE = "load_ledger"

LedgerStatus = Literal["loaded", "rejected"]


@dataclass(frozen=True)
class LedgerEntry:
    file_name: str
    sha256: str
    source: str
    status: LedgerStatus
    loaded_at: datetime
    reason: str | None = None
    row_counts: dict[str, int] = field(default_factory=dict)

    @property
    def row_counts_json(self) -> str:
        return json.dumps(self.row_counts, sort_keys=True)
