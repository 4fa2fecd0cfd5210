"""Values computed from the marts, memoised while the marts stay the same (per reader and data
version): the serving file only changes when a new one is published, which changes the version."""

import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from api.reader import MartReader

T = TypeVar("T")


@dataclass
class _Held:
    version: str
    values: dict[Hashable, Any] = field(default_factory=dict)  # computed for this version
    last: dict[Hashable, Any] = field(default_factory=dict)  # the newest computed, any version


class VersionedMemo:
    """`get` computes a key's value once per reader and `reader.version()`; a reader that cannot
    tell its version ("": PostgreSQL, ClickHouse) is asked every time. `compute` is given the
    key's value under the newest earlier version it was computed for (None if none), so it can
    refresh that value instead of computing it from scratch."""

    def __init__(self) -> None:
        self._held: WeakKeyDictionary[Any, _Held] = WeakKeyDictionary()
        self._lock = threading.Lock()

    def get(self, reader: MartReader, key: Hashable, compute: Callable[[T | None], T]) -> T:
        version = reader.version()
        if not version:
            return compute(None)
        with self._lock:
            held = self._held.get(reader)
            if held is None or held.version != version:
                held = _Held(version, last=held.last if held else {})
                self._held[reader] = held
            if key in held.values:
                value: T = held.values[key]
                return value
            previous: T | None = held.last.get(key)
        value = compute(previous)
        with self._lock:
            held.values[key] = held.last[key] = value
        return value
