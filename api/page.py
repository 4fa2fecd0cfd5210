"""The small HTML page at `/`: a chart of the local warehouse drawn from the API itself."""

from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse

PAGE = Path(__file__).with_name("page.html")


def home(request: Request) -> HTMLResponse:
    return HTMLResponse(PAGE.read_text(encoding="utf-8"))
