"""The v4 response envelope, rendered with orjson."""

from datetime import datetime
from typing import Any

import orjson
from starlette.responses import JSONResponse

from opennem.networks import NEM

API_VERSION = "4.0.0"


class ORJSONResponse(JSONResponse):
    def render(self, content: Any) -> bytes:
        return orjson.dumps(content, option=orjson.OPT_SERIALIZE_NUMPY)


def _created_at() -> str:
    """Now in AEST (`+10:00`, the NEM's clock, no daylight saving); the public API writes the
    same instant in Sydney wall-clock time (`+11:00` in summer)."""
    return datetime.now(NEM.tz).isoformat(timespec="seconds")


def envelope(data: list[Any], total_records: int | None = None) -> dict[str, Any]:
    return {
        "version": API_VERSION,
        "created_at": _created_at(),
        "success": True,
        "error": None,
        "data": data,
        "total_records": total_records,
    }


def error_envelope(message: str) -> dict[str, Any]:
    # `detail` is what the openelectricity client shows in its APIError.
    return {
        "version": API_VERSION,
        "created_at": _created_at(),
        "success": False,
        "error": message,
        "detail": message,
        "data": [],
        "total_records": None,
    }
