"""The Starlette application. Every v4 route is served under `/v4` and at the root, because the
openelectricity client given a base URL ending in `/v4` requests `/data/network/...` at the root."""

from collections.abc import Callable, Collection
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from api.cache import KeyLocks, ResponseCache, cache_for, cache_key
from api.compression import compress, json_response
from api.cors import cors_middleware
from api.data_quality import data_quality
from api.docs import docs
from api.engine_readers import ClickHouseReader, PostgresReader
from api.errors import EXCEPTION_HANDLERS
from api.exports.endpoint import export_file
from api.facilities import fetch_facilities
from api.facility_data import fetch_facility_data, parse_facility_request
from api.flows import fetch_flows
from api.health import health_status
from api.me import me
from api.metrics import MARKET, NETWORK_DATA, NETWORK_DATA_METRICS
from api.milestones import fetch_history, fetch_instance, fetch_records
from api.openapi import openapi_document
from api.page import page_routes
from api.params import SeriesRequest, parse_series_request, reject_unknown
from api.protection import Protection, ProtectionMiddleware, check_plan_range
from api.reader import DuckDBServingReader, MartReader
from api.reference import fueltechs, metrics, networks
from api.responses import ORJSONResponse, envelope
from api.series import fetch_timeseries
from opennem.serving import serving_path
from opennem.settings import get_settings
from opennem.warehouse import WarehouseUrl, current


def _reader(request: Request) -> MartReader:
    reader: MartReader = request.app.state.reader
    return reader


def cached(request: Request, build: Callable[[], dict[str, Any]]) -> Response:
    """The response body from the cache, or built (bad parameters raise, and are not cached);
    stored gzip-compressed (see api.compression). Concurrent misses of one key build it once."""
    cache: ResponseCache = request.app.state.cache
    key = cache_key(request, _reader(request).version())
    body = cache.get(key)
    hit = body is not None
    if body is None:
        with request.app.state.builds.hold(key):
            body = cache.get(key)
            if body is None:
                body = compress(ORJSONResponse(build()).body)
                cache.set(key, body)
    return json_response(request, body, {"x-cache": "hit" if hit else "miss"})


def series_request(
    request: Request, metrics: Collection[str], *, with_fueltechs: bool
) -> SeriesRequest:
    """The timeseries request, checked against the endpoint's vocabularies and the caller's plan."""
    series = parse_series_request(
        request.path_params["network"], request.query_params, metrics, with_fueltechs=with_fueltechs
    )
    return within_plan(request, series)


def within_plan(request: Request, series: SeriesRequest) -> SeriesRequest:
    """`series`, once its range is checked against the caller's plan."""
    check_plan_range(request, series.interval.code, series.date_start, series.date_end)
    return series


def network_data(request: Request) -> Response:
    series = series_request(request, NETWORK_DATA_METRICS, with_fueltechs=True)
    return cached(
        request, lambda: envelope(fetch_timeseries(_reader(request), NETWORK_DATA, series))
    )


def market_data(request: Request) -> Response:
    series = series_request(request, MARKET.metrics, with_fueltechs=False)
    return cached(request, lambda: envelope(fetch_timeseries(_reader(request), [MARKET], series)))


def facility_data(request: Request) -> Response:
    series = parse_facility_request(request.path_params["network"], request.query_params)
    within_plan(request, series.series)
    return cached(request, lambda: envelope(fetch_facility_data(_reader(request), series)))


def facilities(request: Request) -> Response:
    def build() -> dict[str, Any]:
        found = fetch_facilities(_reader(request), request.query_params)
        return envelope(found, total_records=len(found))

    return cached(request, build)


def milestone_records(request: Request) -> Response:
    def build() -> dict[str, Any]:
        found, total = fetch_records(_reader(request), request.query_params)
        return envelope(found, total_records=total)

    return cached(request, build)


def milestone_history(request: Request) -> Response:
    def build() -> dict[str, Any]:
        found = fetch_history(_reader(request), request.path_params["record_id"])
        return envelope(found, total_records=len(found))

    return cached(request, build)


def milestone_instance(request: Request) -> Response:
    return cached(
        request,
        lambda: envelope([fetch_instance(_reader(request), request.path_params["instance_id"])]),
    )


def _listing(request: Request, build: Callable[[], list[dict[str, Any]]]) -> ORJSONResponse:
    """A vocabulary endpoint's answer (they take no query parameters)."""
    reject_unknown(request.query_params, set())
    found = build()
    return ORJSONResponse(envelope(found, total_records=len(found)))


def network_list(request: Request) -> ORJSONResponse:
    return _listing(request, networks)


def metric_list(request: Request) -> ORJSONResponse:
    return _listing(request, metrics)


def fueltech_list(request: Request) -> ORJSONResponse:
    return _listing(request, lambda: fueltechs(_reader(request)))


def flows(request: Request) -> Response:
    def build() -> dict[str, Any]:
        found = fetch_flows(_reader(request), request.path_params["network"], request.query_params)
        return envelope(found, total_records=len(found))

    return cached(request, build)


def health(request: Request) -> ORJSONResponse:
    status = health_status(_reader(request))
    return ORJSONResponse(status, status_code=200 if status["success"] else 503)


def openapi(request: Request) -> ORJSONResponse:
    served = [route.path for route in request.app.routes if isinstance(route, Route)]
    return ORJSONResponse(openapi_document(served))


_V4_ROUTES = (
    ("/data/network/{network}", network_data),
    ("/market/network/{network}", market_data),
    ("/data/facilities/{network}", facility_data),
    ("/facilities/", facilities),
    ("/facilities", facilities),
    ("/health", health),
    ("/health/data", data_quality),
    ("/milestones/records", milestone_records),
    ("/milestones/history/{record_id}", milestone_history),
    ("/milestones/instance/{instance_id}", milestone_instance),
    ("/networks", network_list),
    ("/fueltechs", fueltech_list),
    ("/metrics", metric_list),
    ("/export/{dataset}/{filename}", export_file),
    ("/flows/network/{network}", flows),
    ("/me", me),
)


def routes() -> list[BaseRoute]:
    served: list[BaseRoute] = [
        *page_routes(),
        Route("/openapi.json", openapi, methods=["GET"]),
        Route("/docs", docs, methods=["GET"]),
    ]
    for prefix in ("/v4", ""):
        served += [Route(prefix + path, endpoint, methods=["GET"]) for path, endpoint in _V4_ROUTES]
    return served


def default_reader() -> MartReader:
    """The reader the settings select (`OPENNEM_DATABASE_URL`)."""
    return reader_for(current())


def reader_for(warehouse: WarehouseUrl) -> MartReader:
    """The marts of `warehouse`: its DuckDB serving file, or the PostgreSQL/ClickHouse tables."""
    if warehouse.engine == "postgres":
        return PostgresReader(warehouse)
    if warehouse.engine == "clickhouse":
        return ClickHouseReader(warehouse)
    return DuckDBServingReader(serving_path(warehouse.duckdb_path))


def default_protection() -> Protection | None:
    """Keys and limits from the settings; None when `OPENNEM_API_PROTECTION` is off."""
    return Protection.from_settings() if get_settings().api_protection else None


def middleware(protection: Protection | None) -> list[Middleware]:
    """CORS outermost, so refusals carry its headers too; then keys and limits."""
    guard = [Middleware(ProtectionMiddleware, protection=protection)] if protection else []
    return [cors_middleware(), *guard]


def create_app(
    reader: MartReader | None = None,
    cache: ResponseCache | None = None,
    protection: Protection | None = None,
) -> Starlette:
    """The API; `protection` defaults to the settings' (keys, plans, limits)."""
    protection = protection or default_protection()
    app = Starlette(
        routes=routes(),
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        middleware=middleware(protection),
    )
    app.state.reader = reader or default_reader()
    app.state.cache = cache or cache_for(get_settings().redis_url)
    app.state.protection = protection
    app.state.builds = KeyLocks()
    return app
