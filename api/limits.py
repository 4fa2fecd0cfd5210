"""Rate limits: a token bucket per caller (the burst) and a count of credits per UTC day.

A plan's bucket holds `requests_per_second` tokens (at least one) and refills at that rate; a
request takes a token and its cost in credits. `RedisLimiter` keeps both in Redis, checked and
taken by one Lua script (one round trip, atomic), so every API process shares them; its clock is
Redis's. `MemoryLimiter` keeps them in the process: the fallback without Redis, and for
`REDIS_RETRY_S` after each Redis error.
"""

import asyncio
import logging
import math
import threading
import time
import weakref
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

import redis

from api.plans import Plan
from api.redis_pipeline import PipelinedRedis

logger = logging.getLogger(__name__)
DEFAULT_PREFIX = "opennem:limits:"
REDIS_RETRY_S = 5.0  # after a Redis error, limits stay in-process this long before trying again


@dataclass(frozen=True)
class Decision:
    """Whether a request may go on; if not, `reason` ("burst" or "credits") and when to retry.
    `credits_remaining` is None on an unlimited plan."""

    allowed: bool
    credits_remaining: int | None
    reason: str | None = None
    retry_after_s: int = 0


def _next_midnight(now_s: float) -> datetime:
    moment = datetime.fromtimestamp(now_s, UTC)
    return datetime(moment.year, moment.month, moment.day, tzinfo=UTC) + timedelta(days=1)


def day_window(now_s: float) -> tuple[str, int]:
    """The UTC day of `now_s` (epoch seconds) and the whole seconds until it ends (at least 1)."""
    day = datetime.fromtimestamp(now_s, UTC).date().isoformat()
    return day, max(1, math.ceil(_next_midnight(now_s).timestamp() - now_s))


def next_reset() -> datetime:
    """When the day's credits start again: the next UTC midnight."""
    return _next_midnight(time.time())


def _capacity(plan: Plan) -> float:
    return max(1.0, plan.requests_per_second)


def _unlimited(plan: Plan) -> int:
    return -1 if plan.credits_per_day is None else plan.credits_per_day


class Limiter(Protocol):
    where: str

    async def acquire(self, identity: str, plan: Plan, cost: int) -> Decision: ...

    async def remaining(self, identity: str, plan: Plan) -> int | None: ...


class MemoryLimiter:
    """The limits of one process. Callers of past days are dropped once `prune_at` are held."""

    where = "in this process"

    def __init__(self, prune_at: int = 100_000) -> None:
        self.prune_at = prune_at
        self._buckets: dict[str, tuple[float, float]] = {}
        self._credits: dict[str, tuple[str, int]] = {}
        self._lock = threading.Lock()

    def _used(self, identity: str, day: str) -> int:
        used_day, used = self._credits.get(identity, (day, 0))
        return used if used_day == day else 0

    def take(self, identity: str, plan: Plan, cost: int, now: float) -> Decision:
        day, day_left_s = day_window(now)
        with self._lock:
            tokens, then = self._buckets.get(identity, (_capacity(plan), now))
            tokens = min(_capacity(plan), tokens + (now - then) * plan.requests_per_second)
            used = self._used(identity, day)
            limit = plan.credits_per_day
            if tokens < 1:
                wait = (1 - tokens) / plan.requests_per_second
                remaining = None if limit is None else limit - used
                return Decision(False, remaining, "burst", max(1, math.ceil(wait)))
            if limit is not None and used + cost > limit:
                return Decision(False, max(0, limit - used), "credits", day_left_s)
            self._buckets[identity] = (tokens - 1, now)
            self._credits[identity] = (day, used + cost)
            if len(self._credits) > self.prune_at:
                self._prune(day)
            return Decision(True, None if limit is None else limit - used - cost)

    def __len__(self) -> int:
        """Callers held."""
        return len(self._credits)

    def _prune(self, day: str) -> None:
        for identity in [i for i, (seen, _) in self._credits.items() if seen != day]:
            del self._credits[identity]
            self._buckets.pop(identity, None)

    async def acquire(self, identity: str, plan: Plan, cost: int) -> Decision:
        return self.take(identity, plan, cost, time.time())

    async def remaining(self, identity: str, plan: Plan) -> int | None:
        if plan.credits_per_day is None:
            return None
        with self._lock:
            return plan.credits_per_day - self._used(identity, day_window(time.time())[0])


# KEYS: bucket, credits of the day. ARGV: rate, capacity, cost, daily limit (-1: none),
# seconds left in the day. Returns {allowed, credits remaining (-1: unlimited), retry ms, reason}.
_ACQUIRE = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local rate, capacity = tonumber(ARGV[1]), tonumber(ARGV[2])
local cost, limit, day_left = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(bucket[1]) or capacity
local at = tonumber(bucket[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - at) * rate / 1000)
local used = tonumber(redis.call('GET', KEYS[2]) or '0')
local left = -1
if limit >= 0 then left = limit - used end
if tokens < 1 then
  return {0, left, math.ceil((1 - tokens) * 1000 / rate), 'burst'}
end
if limit >= 0 and used + cost > limit then
  return {0, math.max(0, left), day_left * 1000, 'credits'}
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens - 1), 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity * 1000 / rate) + 1000)
if cost > 0 then
  redis.call('INCRBY', KEYS[2], cost)
  redis.call('EXPIRE', KEYS[2], day_left + 60)
end
if limit >= 0 then left = limit - used - cost end
return {1, left, 0, ''}
"""


class RedisLimiter:
    """Limits shared by every API process through Redis (`OPENNEM_REDIS_URL`)."""

    where = "in Redis (OPENNEM_REDIS_URL)"

    def __init__(self, url: str, prefix: str = DEFAULT_PREFIX) -> None:
        self.url = url
        self.prefix = prefix
        self.fallback = MemoryLimiter()
        self._down_until = 0.0
        self._clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, PipelinedRedis] = (
            weakref.WeakKeyDictionary()
        )

    def _client(self) -> PipelinedRedis:
        """The client of the running event loop (a connection serves one loop)."""
        loop = asyncio.get_running_loop()
        client = self._clients.get(loop)
        if client is None:
            client = self._clients[loop] = PipelinedRedis(self.url, _ACQUIRE)
        return client

    @property
    def down(self) -> bool:
        """Whether a recent Redis error sends the limits to the in-process fallback."""
        return time.monotonic() < self._down_until

    def _mark_down(self, error: redis.RedisError) -> None:
        self._down_until = time.monotonic() + REDIS_RETRY_S
        logger.warning(
            "rate limits in-process for %.0f s: Redis unavailable (%s)", REDIS_RETRY_S, error
        )

    def _credits_key(self, identity: str, day: str) -> str:
        return f"{self.prefix}credits:{identity}:{day}"

    async def acquire(self, identity: str, plan: Plan, cost: int) -> Decision:
        if self.down:
            return await self.fallback.acquire(identity, plan, cost)
        day, day_left_s = day_window(time.time())
        keys = [f"{self.prefix}bucket:{identity}", self._credits_key(identity, day)]
        args = [plan.requests_per_second, _capacity(plan), cost, _unlimited(plan), day_left_s]
        try:
            allowed, left, retry_ms, reason = await self._client().run_script(keys, args)
        except redis.RedisError as error:
            self._mark_down(error)
            return await self.fallback.acquire(identity, plan, cost)
        return Decision(
            bool(allowed),
            None if plan.credits_per_day is None else int(left),
            reason.decode() or None,
            max(1, math.ceil(int(retry_ms) / 1000)) if not allowed else 0,
        )

    async def remaining(self, identity: str, plan: Plan) -> int | None:
        if plan.credits_per_day is None:
            return None
        if self.down:
            return await self.fallback.remaining(identity, plan)
        try:
            used = await self._client().command(
                "GET", self._credits_key(identity, day_window(time.time())[0])
            )
        except redis.RedisError as error:
            self._mark_down(error)
            return await self.fallback.remaining(identity, plan)
        return plan.credits_per_day - int(used or 0)


def limiter_for(redis_url: str | None) -> Limiter:
    return RedisLimiter(redis_url) if redis_url else MemoryLimiter()
