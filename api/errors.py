"""API errors: every failure answers JSON `{"success": false, "error": "..."}`."""

import logging

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from api.reader import MartsUnavailable
from api.responses import ORJSONResponse, error_envelope

logger = logging.getLogger(__name__)


class ApiError(Exception):
    """A request the API refuses, with the HTTP status to answer."""

    def __init__(self, message: str, status_code: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code


def error_response(message: str, status_code: int) -> ORJSONResponse:
    return ORJSONResponse(error_envelope(message), status_code=status_code)


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return error_response(exc.message, exc.status_code)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return error_response(f"{exc.detail}: {request.method} {request.url.path}", exc.status_code)


async def _marts_unavailable(request: Request, exc: Exception) -> Response:
    return error_response(f"marts unavailable: {exc}", 503)


async def _unexpected(request: Request, exc: Exception) -> Response:
    logger.exception("unhandled error on %s", request.url.path, exc_info=exc)
    return error_response("internal server error", 500)


EXCEPTION_HANDLERS = {
    ApiError: _api_error,
    HTTPException: _http_error,
    MartsUnavailable: _marts_unavailable,
    Exception: _unexpected,
}
