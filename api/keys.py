"""API keys: a small SQLite file (`OPENNEM_KEYS_PATH`) holding each key's sha256, never the key.

A key is `oe_` and 32 random bytes (256 bits) from `secrets`: a plain sha256 suffices, because a
salt only defeats precomputed tables and guessing of low-entropy secrets such as passwords, and
no table or guess reaches a uniformly random 256-bit value. SQLite in WAL mode lets the CLI
create and revoke keys while any number of API processes on the host read the file; the API
looks the hash up on every request, so a revocation holds from the next request on.
"""

import hashlib
import secrets
import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from opennem.settings import get_settings

KEY_PREFIX = "oe_"
_SCHEMA = """
create table if not exists api_keys (
    id text primary key,
    key_hash text not null unique,
    prefix text not null,
    name text not null,
    plan text not null,
    created_at text not null,
    revoked_at text
)
"""
_COLUMNS = "id, name, prefix, plan, created_at, revoked_at"


@dataclass(frozen=True)
class ApiKey:
    """A stored key's public record: what `opennem keys list` shows."""

    id: str
    name: str
    prefix: str
    plan: str
    created_at: str
    revoked_at: str | None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


def hash_key(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class KeyStore:
    """The key file, opened (and created) on first use; safe to share between threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            conn.execute("pragma journal_mode=wal")
            conn.execute("pragma busy_timeout=2000")
            conn.execute(_SCHEMA)
            self._conn = conn
        return self._conn

    def _fetch(self, sql: str, params: tuple[str, ...] = ()) -> list[ApiKey]:
        with self._lock:
            rows = self._connection().execute(sql, params).fetchall()
        return [ApiKey(*row) for row in rows]

    def create(self, name: str, plan: str) -> tuple[ApiKey, str]:
        """A new key for `name` on `plan`: its record and the key itself (shown only now)."""
        secret = KEY_PREFIX + secrets.token_urlsafe(32)
        record = ApiKey(secrets.token_hex(4), name, secret[:8], plan, _now(), None)
        with self._lock:
            self._connection().execute(
                f"insert into api_keys ({_COLUMNS}, key_hash) values (?, ?, ?, ?, ?, ?, ?)",
                (*vars(record).values(), hash_key(secret)),
            )
        return record, secret

    def lookup(self, secret: str) -> ApiKey | None:
        found = self._fetch(
            f"select {_COLUMNS} from api_keys where key_hash = ?", (hash_key(secret),)
        )
        return found[0] if found else None

    def list(self) -> list[ApiKey]:
        return self._fetch(f"select {_COLUMNS} from api_keys order by created_at, id")

    def revoke(self, key_or_id: str) -> ApiKey | None:
        """Revoke the key given by itself or by its id; the record, or None if there is none."""
        with self._lock:
            self._connection().execute(
                "update api_keys set revoked_at = coalesce(revoked_at, ?) "
                "where id = ? or key_hash = ?",
                (_now(), key_or_id, hash_key(key_or_id)),
            )
        found = self._fetch(
            f"select {_COLUMNS} from api_keys where id = ? or key_hash = ?",
            (key_or_id, hash_key(key_or_id)),
        )
        return found[0] if found else None

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None


def configured_store() -> KeyStore:
    """The key file of the settings (`OPENNEM_KEYS_PATH`)."""
    return KeyStore(get_settings().keys_path)
