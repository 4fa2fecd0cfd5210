"""Values computed from the marts, memoised while the marts stay the same (per reader and data
version): the serving file only changes when a new one is published, which changes the version."""

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from api.reader import MartReader

T = TypeVar("T")


class VersionedMemo:
    """`get` computes a key's value once per reader and `reader.version()`; a reader that cannot
    tell its version ("": PostgreSQL, ClickHouse) is asked every time."""

    def __init__(self) -> None:
        self._held: WeakKeyDictionary[Any, tuple[str, dict[Hashable, Any]]] = WeakKeyDictionary()
        self._lock = threading.Lock()

    def get(self, reader: MartReader, key: Hashable, compute: Callable[[], T]) -> T:
        version = reader.version()
        if not version:
            return compute()
        with self._lock:
            held = self._held.get(reader)
            if held is None or held[0] != version:
                held = (version, {})
                self._held[reader] = held
            if key in held[1]:
                value: T = held[1][key]
                return value
        value = compute()
        with self._lock:
            held[1][key] = value
        return value
