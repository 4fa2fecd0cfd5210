"""Who is calling and what they may do: the key check and rate limits, as pure ASGI middleware.

Every request: `Authorization: Bearer <key>` names a key of the key store (an unknown or revoked
key answers 401); without the header the caller is anonymous, identified by client IP, on the
anonymous plan (`OPENNEM_API_ANONYMOUS_PLAN`, community), or, when a browser says the request
comes from a page of this same origin (the API's own page), on the page plan
(`OPENNEM_API_PAGE_PLAN`), counted apart per client IP. Any client can make that claim: the page
plan is what an anonymous caller can get, and is sized for the page's views. A data request
then costs `DATA_CREDITS` credits and a burst token (429 with `Retry-After` when either runs
out); the paths in `FREE_PATHS` and under `FREE_PREFIXES` cost nothing. The caller and its plan
land in `request.state`.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from api.errors import error_response
from api.keys import ApiKey, KeyStore, configured_store
from api.limits import Decision, Limiter, limiter_for
from api.plans import Plan, check_history, check_range, configured_plans
from opennem.settings import get_settings

DATA_CREDITS = 1
FREE_PATHS = frozenset(
    {
        "/",
        "/docs",
        "/openapi.json",
        "/favicon.ico",
        "/me",
        "/health",
        "/health/data",
        *(f"/v4{path}" for path in ("/me", "/health", "/health/data")),
    }
)
FREE_PREFIXES = ("/docs/", "/static/")


def costs_credits(path: str) -> bool:
    return path not in FREE_PATHS and not path.startswith(FREE_PREFIXES)


def from_own_page(headers: Headers) -> bool:
    """A browser's request from a page of this origin: `Sec-Fetch-Site: same-origin`, or where
    browsers send no Sec-Fetch headers (plain http off localhost), a Referer on this host."""
    site = headers.get("sec-fetch-site")
    if site is not None:
        return site == "same-origin"
    referer, host = headers.get("referer"), headers.get("host")
    return bool(referer and host) and urlsplit(referer).netloc == host


@dataclass(frozen=True)
class Caller:
    """`identity` is `key:<id>` for a key, `ip:<address>` for an anonymous caller."""

    identity: str
    plan: Plan
    key: ApiKey | None = None


class Unauthorized(Exception):
    pass


@dataclass(frozen=True)
class Protection:
    store: KeyStore
    limiter: Limiter
    plans: Mapping[str, Plan]
    anonymous_plan: str
    page_plan: str | None = None

    def __post_init__(self) -> None:
        for plan in (self.anonymous_plan, self.page_plan):
            if plan is not None and plan not in self.plans:
                raise ValueError(
                    f"anonymous plan {plan!r} is not a plan; expected one of {sorted(self.plans)}"
                )

    def describe(self) -> str:
        """One line for the operator: where keys and limits live, the anonymous plan."""
        return (
            f"API keys in {self.store.path}, rate limits {self.limiter.where}, "
            f"anonymous callers on the {self.anonymous_plan} plan"
        )

    @classmethod
    def from_settings(cls) -> "Protection":
        settings = get_settings()
        return cls(
            configured_store(),
            limiter_for(settings.redis_url),
            configured_plans(),
            settings.api_anonymous_plan,
            settings.api_page_plan or None,
        )

    def _keyed(self, authorization: str) -> Caller:
        scheme, _, secret = authorization.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise Unauthorized("Authorization must be `Bearer <api key>`")
        key = self.store.lookup(secret.strip())
        if key is None or key.revoked:
            raise Unauthorized("unknown or revoked API key")
        plan = self.plans.get(key.plan)
        if plan is None:
            raise Unauthorized(f"the key's plan {key.plan!r} is not configured")
        return Caller(f"key:{key.id}", plan, key)

    def caller(self, scope: Scope) -> Caller:
        headers = Headers(scope=scope)
        authorization = headers.get("authorization")
        if authorization:
            return self._keyed(authorization)
        client = scope.get("client")
        address = client[0] if client else "unknown"
        if self.page_plan and from_own_page(headers):
            return Caller(f"page:{address}", self.plans[self.page_plan])
        return Caller(f"ip:{address}", self.plans[self.anonymous_plan])


def _refusal(plan: Plan, decision: Decision) -> str:
    if decision.reason == "burst":
        return (
            f"rate limit: plan {plan.name} allows {plan.requests_per_second:g} requests a second; "
            f"retry after {decision.retry_after_s} s"
        )
    return (
        f"daily credits used up: plan {plan.name} has {plan.credits_per_day} credits a day, "
        f"renewed at 00:00 UTC (in {decision.retry_after_s} s)"
    )


class ProtectionMiddleware:
    def __init__(self, app: ASGIApp, protection: Protection) -> None:
        self.app = app
        self.protection = protection

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            caller = self.protection.caller(scope)
        except Unauthorized as refused:
            response = error_response(str(refused), 401)
            response.headers["WWW-Authenticate"] = "Bearer"
            await response(scope, receive, send)
            return
        scope.setdefault("state", {}).update(caller=caller, plan=caller.plan)
        if costs_credits(scope["path"]):
            decision = await self.protection.limiter.acquire(
                caller.identity, caller.plan, DATA_CREDITS
            )
            if not decision.allowed:
                response = error_response(_refusal(caller.plan, decision), 429)
                response.headers["Retry-After"] = str(decision.retry_after_s)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def plan_of(request: Request) -> Plan | None:
    """The caller's plan; None when the app runs without protection."""
    plan: Plan | None = getattr(request.state, "plan", None)
    return plan


def check_plan_range(
    request: Request, interval_code: str, date_start: datetime | None, date_end: datetime | None
) -> None:
    """`check_range` against the caller's plan (nothing without protection)."""
    plan = plan_of(request)
    if plan is not None:
        check_range(plan, interval_code, date_start, date_end)


def check_plan_history(request: Request, date_start: datetime) -> None:
    """`check_history` against the caller's plan (nothing without protection)."""
    plan = plan_of(request)
    if plan is not None:
        check_history(plan, date_start)
