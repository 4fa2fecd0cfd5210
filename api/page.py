"""The page at `/` and its static files: the HTML shell, the page's own scripts and styles
(`api/static/page/`) and the vendored chart library (`api/static/vendor/`), all read by the
browser from this API; the page reads its data from the public API only."""

from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

PAGE = Path(__file__).with_name("page.html")
STATIC = Path(__file__).with_name("static")


def home(request: Request) -> HTMLResponse:
    return HTMLResponse(PAGE.read_text(encoding="utf-8"))


def page_routes() -> list[BaseRoute]:
    return [
        Route("/", home, methods=["GET"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
