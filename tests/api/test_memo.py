"""Values memoised per data version: once per serving file, again after a new one is published,
never for readers without a version."""

import os
from collections.abc import Sequence
from pathlib import Path

from api.memo import VersionedMemo
from api.reader import DuckDBServingReader, Row
from tests.api.conftest import write_marts


def units(reader: DuckDBServingReader, calls: list[int]) -> int:
    calls.append(1)
    count: int = reader.query("select count(*) from marts.dim_units_v1")[0][0]
    return count


UNIT = ("BW01", "BAYSW", "NEM", "NSW1", "coal_black", "coal", False, "GENERATOR", 660.0, 0.9)


def test_computed_once_per_published_serving_file(tmp_path: Path) -> None:
    serving = write_marts(tmp_path / "w.serving.duckdb", {})
    reader, memo, calls = DuckDBServingReader(serving), VersionedMemo(), []

    first = [memo.get(reader, "units", lambda: units(reader, calls)) for _ in range(3)]
    staged = write_marts(tmp_path / "w.tmp", {"dim_units_v1": [(*UNIT, "aemo", "operating")]})
    os.replace(staged, serving)
    published = [memo.get(reader, "units", lambda: units(reader, calls)) for _ in range(3)]

    assert (first, published, len(calls)) == ([0, 0, 0], [1, 1, 1], 2)


class Unversioned:
    def query(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        return []

    def version(self) -> str:
        return ""


def test_a_reader_without_version_is_asked_every_time() -> None:
    memo, calls = VersionedMemo(), []
    values = [memo.get(Unversioned(), "key", lambda: calls.append(1) or len(calls)) for _ in "ab"]
    assert values == [1, 2]
