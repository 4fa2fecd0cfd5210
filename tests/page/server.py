"""The API on a loopback port in a background thread, over a page warehouse
(tests/page/warehouse.py)."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from api.app import create_app
from api.cache import cache_for
from api.protection import Protection
from api.reader import DuckDBServingReader
from tests.page.warehouse import build
from tests.support.api_server import served


@contextmanager
def serving(
    folder: Path,
    warehouse: Callable[[Path], Path] = build,
    protection: Protection | None = None,
) -> Iterator[str]:
    """The base URL of the API serving a fresh `warehouse` (by default the page's) in `folder`."""
    path = warehouse(folder / "warehouse.serving.duckdb")
    app = create_app(DuckDBServingReader(path), cache_for(None), protection)
    with served(app) as url:
        yield url
