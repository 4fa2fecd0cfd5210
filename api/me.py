"""`/v4/me`: the caller's plan, its limits and the day's remaining credits, in the public API's
`OpennemUserResponse` shape (`rate_limit` counts credits; -1 is unlimited)."""

from typing import Any

from starlette.requests import Request

from api.limits import next_reset
from api.protection import Caller, Protection
from api.responses import ORJSONResponse, envelope

_ROLES = {"academic": "academic", "pro": "pro", "enterprise": "pro"}


def _anonymous() -> dict[str, Any]:
    return {"id": "anonymous", "plan": None, "rate_limit": None, "roles": ["anonymous"]}


async def _user(protection: Protection, caller: Caller) -> dict[str, Any]:
    plan = caller.plan
    remaining = await protection.limiter.remaining(caller.identity, plan)
    reset = next_reset().isoformat()
    left = -1 if remaining is None else max(0, remaining)
    key = caller.key
    return {
        "id": key.id if key else "anonymous",
        "full_name": key.name if key else None,
        "email": None,
        "owner_id": None,
        "plan": plan.name,
        "rate_limit": {
            "limit": -1 if plan.credits_per_day is None else plan.credits_per_day,
            "remaining": left,
            "reset": reset,
        },
        "unkey_meta": None,
        "roles": [_ROLES.get(plan.name, "user")] if key else ["anonymous"],
        "meta": {"remaining": left, "reset": reset},
        "limits": plan.describe_limits(),
    }


async def me(request: Request) -> ORJSONResponse:
    protection: Protection | None = request.app.state.protection
    caller: Caller | None = getattr(request.state, "caller", None)
    if protection is None or caller is None:
        user = _anonymous()
    else:
        user = await _user(protection, caller)
    return ORJSONResponse({**envelope([]), "data": user})
