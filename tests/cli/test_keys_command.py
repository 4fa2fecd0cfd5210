"""`opennem keys create|list|revoke`: keys printed once, stored only as hashes, listed without."""

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.keys import KeyStore, hash_key
from cli.main import main
from opennem.settings import get_settings


@pytest.fixture
def keys_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "keys" / "api_keys.sqlite"
    monkeypatch.setenv("OPENNEM_KEYS_PATH", str(path))
    get_settings.cache_clear()
    yield path
    get_settings.cache_clear()


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["keys", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_create_prints_a_key_stored_only_as_its_hash(
    keys_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["create", "--plan", "pro", "alice"], capsys)
    assert code == 0
    secret = out.strip().splitlines()[-1]
    assert secret.startswith("oe_") and len(secret) > 40
    with sqlite3.connect(keys_path) as conn:
        rows = conn.execute("select name, plan, key_hash from api_keys").fetchall()
    assert rows == [("alice", "pro", hash_key(secret))]
    assert secret.encode() not in keys_path.read_bytes()
    found = KeyStore(keys_path).lookup(secret)
    assert found is not None and found.name == "alice" and not found.revoked


def test_list_shows_keys_without_the_key(
    keys_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = run(["create", "bob"], capsys)[1].strip().splitlines()[-1]
    code, out, _ = run(["list"], capsys)
    assert code == 0
    (row,) = [line for line in out.splitlines() if line.startswith("bob")]
    assert "community" in row and secret[:8] in row
    assert secret not in out


def test_revoke_by_id_or_by_key(keys_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = run(["create", "one"], capsys)[1].strip().splitlines()[-1]
    second = run(["create", "two"], capsys)[1].strip().splitlines()[-1]
    store = KeyStore(keys_path)
    first_id = store.lookup(first).id  # type: ignore[union-attr]
    assert run(["revoke", first_id], capsys)[0] == 0
    assert run(["revoke", second], capsys)[0] == 0
    assert store.lookup(first).revoked  # type: ignore[union-attr]
    assert store.lookup(second).revoked  # type: ignore[union-attr]
    listed = run(["list"], capsys)[1]
    assert all(line.split()[-1] != "-" for line in listed.splitlines()[1:])


def test_unknown_plan_and_unknown_key_fail(
    keys_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["create", "--plan", "platinum", "carol"], capsys)
    assert code == 2 and "unknown plan 'platinum'" in err
    code, _, err = run(["revoke", "deadbeef"], capsys)
    assert code == 1 and "no key" in err
