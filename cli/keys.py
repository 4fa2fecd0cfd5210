"""`opennem keys`: create, list and revoke API keys in the key store (`OPENNEM_KEYS_PATH`)."""

import sys

from api.keys import ApiKey, configured_store
from api.plans import configured_plans


def create_key(name: str, plan: str) -> int:
    """Create a key and print it: the only time it is shown."""
    plans = configured_plans()
    if plan not in plans:
        print(
            f"opennem keys create: unknown plan {plan!r}; expected one of {sorted(plans)}",
            file=sys.stderr,
        )
        return 2
    record, secret = configured_store().create(name, plan)
    print(f"created key {record.id} ({record.name}, plan {record.plan}); it is shown only once:")
    print(secret)
    return 0


def revoke_key(key_or_id: str) -> int:
    record = configured_store().revoke(key_or_id)
    if record is None:
        print(f"opennem keys revoke: no key {key_or_id!r}", file=sys.stderr)
        return 1
    print(f"revoked key {record.id} ({record.name}) at {record.revoked_at}")
    return 0


def _row(key: ApiKey) -> str:
    revoked = key.revoked_at or "-"
    return f"{key.name:<24} {key.id:<8} {key.prefix}…  {key.plan:<12} {key.created_at}  {revoked}"


def list_keys() -> int:
    keys = configured_store().list()
    print(f"{'name':<24} {'id':<8} {'prefix':<10} {'plan':<12} {'created':<25}  revoked")
    for key in keys:
        print(_row(key))
    return 0
