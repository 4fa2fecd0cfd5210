"""Cross-origin access: the page's own origin needs nothing; localhost and 127.0.0.1 on any port
(`OPENNEM_CORS_ORIGIN_REGEX`) and the origins of `OPENNEM_CORS_ORIGINS` may call from a browser."""

from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware

from opennem.settings import get_settings


def cors_middleware() -> Middleware:
    settings = get_settings()
    return Middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_origin_regex=settings.cors_origin_regex or None,
        allow_methods=["GET", "OPTIONS"],
        allow_headers=["Authorization", "Content-Type"],
        expose_headers=["Retry-After", "x-cache"],
        max_age=600,
    )
