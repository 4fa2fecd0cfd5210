"""Keys, plans and rate limits through the app: 401 for unknown or revoked keys, 429 with
`Retry-After` past the burst or the day's credits (real Redis, and in-process without it), 400
for a range past the plan, `/v4/me`, and the OpenAPI document."""

import math
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.keys import KeyStore
from api.limits import Limiter, MemoryLimiter, RedisLimiter
from api.plans import Plan
from api.reader import DuckDBServingReader
from opennem.settings import get_settings
from tests.support.protection import (
    DATA_PATH,
    plans_with,
    protection,
    redis_limiter,
    serving_marts,
)

TINY = Plan("tiny", credits_per_day=3, requests_per_second=100)
BURSTY = Plan("bursty", credits_per_day=1000, requests_per_second=1)
PLANS = plans_with(tiny=TINY, bursty=BURSTY)
Build = Callable[..., TestClient]


@pytest.fixture
def store(tmp_path: Path) -> KeyStore:
    return KeyStore(tmp_path / "api_keys.sqlite")


@pytest.fixture
def limiter() -> Iterator[RedisLimiter]:
    with redis_limiter() as limiter:
        yield limiter


@pytest.fixture
def build(tmp_path: Path, store: KeyStore, limiter: Limiter) -> Iterator[Build]:
    """A client of a protected app; `anonymous` names the anonymous plan."""
    reader = DuckDBServingReader(serving_marts(tmp_path / "w.serving.duckdb"))
    clients: list[TestClient] = []

    def make(anonymous: str = "community", with_limiter: Limiter | None = None) -> TestClient:
        guard = protection(store, with_limiter or limiter, PLANS, anonymous)
        client = TestClient(create_app(reader, protection=guard))
        clients.append(client.__enter__())
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def test_anonymous_callers_get_the_community_plan(build: Build) -> None:
    client = build()
    assert client.get(DATA_PATH).status_code == 200
    user = client.get("/v4/me").json()["data"]
    assert user["id"] == "anonymous" and user["roles"] == ["anonymous"]
    assert user["plan"] == "community"
    assert user["rate_limit"]["limit"] == 500
    assert user["rate_limit"]["remaining"] == 499
    assert user["limits"]["max_range_days"]["5m"] == 8


def test_an_unknown_key_is_refused_with_401(build: Build) -> None:
    response = build().get(DATA_PATH, headers=bearer("oe_not-a-key"))
    assert response.status_code == 401
    body = response.json()
    assert body["success"] is False and "unknown or revoked API key" in body["error"]
    assert response.headers["www-authenticate"] == "Bearer"


def test_a_malformed_authorization_header_is_refused(build: Build) -> None:
    response = build().get(DATA_PATH, headers={"Authorization": "Basic abc"})
    assert response.status_code == 401
    assert "Bearer" in response.json()["error"]


def test_a_revoked_key_is_refused_from_the_next_request(build: Build, store: KeyStore) -> None:
    client = build()
    record, secret = store.create("dave", "pro")
    assert client.get(DATA_PATH, headers=bearer(secret)).status_code == 200
    store.revoke(record.id)
    response = client.get(DATA_PATH, headers=bearer(secret))
    assert response.status_code == 401
    assert response.json()["success"] is False


def test_me_reports_the_key_plan_and_remaining_credits(build: Build, store: KeyStore) -> None:
    client = build()
    record, secret = store.create("erin", "pro")
    for _ in range(2):
        assert client.get(DATA_PATH, headers=bearer(secret)).status_code == 200
    user = client.get("/v4/me", headers=bearer(secret)).json()["data"]
    assert user["id"] == record.id and user["full_name"] == "erin"
    assert user["plan"] == "pro" and user["roles"] == ["pro"]
    assert user["rate_limit"]["limit"] == 5000
    assert user["rate_limit"]["remaining"] == 4998
    reset = datetime.fromisoformat(user["rate_limit"]["reset"])
    assert timedelta(0) < reset - datetime.now(UTC) <= timedelta(days=1)
    assert reset.time().isoformat() == "00:00:00" and reset.utcoffset() == timedelta(0)


def assert_burst_refused(client: TestClient, headers: dict[str, str]) -> None:
    """One request at once, one more a second: 8 quick requests see 429s, and no more 200s
    than the bucket held plus what it refilled meanwhile."""
    started = time.monotonic()
    answers = [client.get(DATA_PATH, headers=headers) for _ in range(8)]
    elapsed_s = time.monotonic() - started
    codes = [response.status_code for response in answers]
    assert codes[0] == 200 and 429 in codes
    assert codes.count(200) <= 1 + math.ceil(elapsed_s * BURSTY.requests_per_second)
    refused = next(response for response in answers if response.status_code == 429)
    assert int(refused.headers["retry-after"]) == 1
    assert refused.json()["success"] is False
    assert "plan bursty allows 1 requests a second" in refused.json()["error"]


def test_past_the_burst_429_with_retry_after(build: Build, store: KeyStore) -> None:
    _, secret = store.create("frank", "bursty")
    assert_burst_refused(build(), bearer(secret))


def test_past_the_days_credits_429_until_midnight(build: Build) -> None:
    client = build(anonymous="tiny")
    assert [client.get(DATA_PATH).status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get(DATA_PATH)
    assert refused.status_code == 429
    assert "daily credits used up: plan tiny has 3 credits a day" in refused.json()["error"]
    assert 1 <= int(refused.headers["retry-after"]) <= 86_400
    assert client.get("/v4/health").status_code == 200  # free
    assert client.get("/v4/me").json()["data"]["rate_limit"]["remaining"] == 0


def test_keys_and_anonymous_callers_have_their_own_credits(build: Build, store: KeyStore) -> None:
    client = build(anonymous="tiny")
    _, secret = store.create("gina", "tiny")
    assert [client.get(DATA_PATH).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert client.get(DATA_PATH, headers=bearer(secret)).status_code == 200


def test_without_redis_the_limits_hold_in_the_process(build: Build, store: KeyStore) -> None:
    _, secret = store.create("hank", "bursty")
    assert_burst_refused(build(with_limiter=MemoryLimiter()), bearer(secret))
    client = build(anonymous="tiny", with_limiter=MemoryLimiter())
    assert [client.get(DATA_PATH).status_code for _ in range(4)] == [200, 200, 200, 429]


def test_an_unreachable_redis_falls_back_to_the_process(build: Build) -> None:
    unreachable = RedisLimiter("redis://127.0.0.1:1/0")
    assert not unreachable.down
    client = build(anonymous="tiny", with_limiter=unreachable)
    assert [client.get(DATA_PATH).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert unreachable.down


def _network_data(client: TestClient, start: datetime, days: int, interval: str = "5m") -> dict:
    response = client.get(
        "/v4/data/network/NEM",
        params={
            "metrics": "power",
            "interval": interval,
            "date_start": start.isoformat(timespec="seconds"),
            "date_end": (start + timedelta(days=days)).isoformat(timespec="seconds"),
        },
    )
    assert response.status_code == 400
    body: dict = response.json()
    return body


def test_a_range_past_the_plan_is_400_naming_limit_and_plan(build: Build) -> None:
    client = build()
    start = datetime.now(UTC).replace(tzinfo=None, microsecond=0) - timedelta(days=20)
    body = _network_data(client, start, 9)
    assert body["success"] is False
    assert "plan community" in body["error"] and "at most 8 days" in body["error"]
    old = start - timedelta(days=3 * 365)
    assert "reaches back 730 days" in _network_data(client, old, 10, "1d")["error"]


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/v4/market/network/NEM", {"metrics": "price"}),
        ("/v4/data/facilities/NEM", {"metrics": "power", "facility_code": "ERARING"}),
    ],
)
def test_the_market_and_facility_endpoints_check_the_plan_too(
    build: Build, path: str, params: dict[str, str]
) -> None:
    start = datetime.now(UTC).replace(tzinfo=None, microsecond=0) - timedelta(days=20)
    window = {"date_start": start, "date_end": start + timedelta(days=9)}
    response = build().get(
        path,
        params={**params, "interval": "5m", **{k: v.isoformat() for k, v in window.items()}},
    )
    assert response.status_code == 400
    assert "plan community allows at most 8 days" in response.json()["error"]


def test_an_export_month_before_the_plans_history_is_400(build: Build) -> None:
    client = build()
    old = (datetime.now(UTC) - timedelta(days=3 * 365)).strftime("%Y-%m")
    refused = client.get(f"/v4/export/market_summary/{old}.parquet")
    assert refused.status_code == 400
    assert "plan community reaches back 730 days" in refused.json()["error"]
    recent = (datetime.now(UTC) - timedelta(days=40)).strftime("%Y-%m")
    assert client.get(f"/v4/export/market_summary/{recent}.csv").status_code != 400


def test_the_default_app_enforces_the_community_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENNEM_API_PROTECTION", "true")
    monkeypatch.setenv("OPENNEM_KEYS_PATH", str(tmp_path / "keys.sqlite"))
    monkeypatch.delenv("OPENNEM_REDIS_URL", raising=False)
    get_settings.cache_clear()
    try:
        app = create_app(DuckDBServingReader(serving_marts(tmp_path / "w.serving.duckdb")))
    finally:
        get_settings.cache_clear()
    assert isinstance(app.state.protection.limiter, MemoryLimiter)
    with TestClient(app) as client:
        assert client.get("/v4/me").json()["data"]["plan"] == "community"
        assert client.get(DATA_PATH, headers=bearer("oe_nope")).status_code == 401


def test_without_protection_me_answers_without_a_plan(tmp_path: Path) -> None:
    app = create_app(DuckDBServingReader(serving_marts(tmp_path / "w.serving.duckdb")))
    assert app.state.protection is None  # tests/conftest.py turns it off for the suite
    user = TestClient(app).get("/v4/me").json()["data"]
    assert user == {"id": "anonymous", "plan": None, "rate_limit": None, "roles": ["anonymous"]}


def test_the_openapi_document_shows_the_protection(build: Build) -> None:
    document = build().get("/openapi.json").json()
    assert document["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    data = document["paths"]["/v4/data/network/{network_code}"]["get"]
    assert {"401", "429"} <= set(data["responses"])
    assert "Retry-After" in data["responses"]["429"]["headers"]
    assert {"HTTPBearer": []} in data["security"]
    health = document["paths"]["/v4/health"]["get"]["responses"]
    assert "401" in health and "429" not in health
    me = document["paths"]["/v4/me"]["get"]["responses"]["200"]
    assert me["content"]["application/json"]["schema"]["$ref"].endswith("OpennemUserResponse")


def test_the_in_process_limiter_drops_callers_of_past_days() -> None:
    limiter = MemoryLimiter(prune_at=2)
    day = datetime(2026, 1, 1, 12, tzinfo=UTC).timestamp()
    for caller in ("ip:a", "ip:b"):
        assert limiter.take(caller, TINY, 1, day).allowed
    assert len(limiter) == 2
    assert limiter.take("ip:c", TINY, 1, day + 86_400).allowed
    assert len(limiter) == 1
    assert limiter.take("ip:a", TINY, 3, day + 86_400).allowed  # a new day: full credits again
    assert not limiter.take("ip:a", TINY, 1, day + 86_400).allowed


def test_an_anonymous_plan_outside_the_table_is_refused_at_start(store: KeyStore) -> None:
    with pytest.raises(ValueError, match="anonymous plan 'gold' is not a plan"):
        protection(store, MemoryLimiter(), PLANS, "gold")


def test_the_protection_describes_itself_for_the_operator(
    store: KeyStore, limiter: RedisLimiter
) -> None:
    line = protection(store, limiter, PLANS).describe()
    assert str(store.path) in line and "in Redis" in line and "community plan" in line


@pytest.mark.parametrize(
    ("headers", "plan"),
    [
        ({"Sec-Fetch-Site": "same-origin"}, "page"),
        ({"Sec-Fetch-Site": "cross-site", "Referer": "http://testserver/"}, "community"),
        ({"Referer": "http://testserver/?network=NEM"}, "page"),
        ({"Referer": "https://elsewhere.example/"}, "community"),
        ({}, "community"),
    ],
)
def test_the_apis_own_page_gets_the_page_plan(
    build: Build, headers: dict[str, str], plan: str
) -> None:
    assert build().get("/v4/me", headers=headers).json()["data"]["plan"] == plan


def test_page_and_api_calls_of_one_address_are_counted_apart(build: Build) -> None:
    client = build(anonymous="tiny")
    page = {"Sec-Fetch-Site": "same-origin"}
    assert [client.get(DATA_PATH).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert client.get(DATA_PATH, headers=page).status_code == 200
    assert client.get("/v4/me", headers=page).json()["data"]["rate_limit"]["remaining"] == 4999


def test_without_a_page_plan_the_page_is_anonymous(
    tmp_path: Path, store: KeyStore, limiter: Limiter
) -> None:
    reader = DuckDBServingReader(serving_marts(tmp_path / "w.serving.duckdb"))
    guard = protection(store, limiter, PLANS, page=None)
    with TestClient(create_app(reader, protection=guard)) as client:
        me = client.get("/v4/me", headers={"Sec-Fetch-Site": "same-origin"}).json()
    assert me["data"]["plan"] == "community"
