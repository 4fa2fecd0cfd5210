"""Values memoised per data version: once per serving file, again after a new one is published
(given the value before), never for readers without a version."""

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

    first = [memo.get(reader, "units", lambda _: units(reader, calls)) for _ in range(3)]
    staged = write_marts(tmp_path / "w.tmp", {"dim_units_v1": [(*UNIT, "aemo", "operating")]})
    os.replace(staged, serving)
    published = [memo.get(reader, "units", lambda _: units(reader, calls)) for _ in range(3)]

    assert (first, published, len(calls)) == ([0, 0, 0], [1, 1, 1], 2)


def test_compute_is_given_the_value_of_the_version_before(tmp_path: Path) -> None:
    serving = write_marts(tmp_path / "w.serving.duckdb", {})
    reader, memo = DuckDBServingReader(serving), VersionedMemo()
    given: list[int | None] = []

    def counted(previous: int | None) -> int:
        given.append(previous)
        return (previous or 0) + 1

    seen = []
    for _ in range(3):
        seen += [memo.get(reader, "count", counted), memo.get(reader, "count", counted)]
        staged = write_marts(tmp_path / "w.tmp", {})
        os.replace(staged, serving)
    assert (seen, given) == ([1, 1, 2, 2, 3, 3], [None, 1, 2])


class Unversioned:
    def query(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        return []

    def version(self) -> str:
        return ""


def test_a_reader_without_version_is_asked_every_time() -> None:
    memo, calls = VersionedMemo(), []
    given: list[int | None] = []

    def counted(previous: int | None) -> int:
        given.append(previous)
        calls.append(1)
        return len(calls)

    values = [memo.get(Unversioned(), "key", counted) for _ in "ab"]
    assert (values, given) == ([1, 2], [None, None])
