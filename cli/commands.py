"""What the CLI commands do, one function each; the CLI only parses arguments."""

from collections.abc import Sequence
from contextlib import nullcontext
from datetime import date, datetime
from pathlib import Path

from ingest.formats.archives import file_name_of
from ingest.http import REMOTE_PREFIXES, HttpClient, HttpError
from ingest.loader import LoadResult
from ingest.sources.catalog import Window, crawl, load_any
from ingest.sources.files import unreadable
from ingest.stores import RawStore, open_store
from opennem.serving import publish_marts
from opennem.warehouse import current
from opennem.warehouse_lock import writer_lock


def ingest_paths(sources: Sequence[str], *, check_count: bool = True) -> int:
    """Load files of any source (recognised by `ingest.sources.catalog.load_any`) from paths or
    URLs; return 1 if any file was rejected. `check_count=False` accepts MMS files whose
    END OF REPORT count does not match (filtered copies)."""
    results: list[LoadResult] = []
    remote = any(source.startswith(REMOTE_PREFIXES) for source in sources)
    with open_store(current()) as store, HttpClient() if remote else nullcontext() as client:
        for source in sources:
            result = _ingest_one(store, client, source, check_count)
            print(result.describe())
            results.append(result)
    return 0 if all(result.status != "rejected" for result in results) else 1


def _ingest_one(
    store: RawStore, client: HttpClient | None, source: str, check_count: bool
) -> LoadResult:
    """Load a local file, or fetch a URL with `client` (there is one when a source is remote)."""
    if client is None or not source.startswith(REMOTE_PREFIXES):
        return load_any(store, source, check_count=check_count)
    try:
        data = client.get(source)
    except HttpError as error:
        return unreadable(file_name_of(source), source, error)
    return load_any(store, source, data=data, check_count=check_count)


def crawl_source(
    argument: str, *, since: datetime | None, until: datetime | None, base_url: str | None
) -> int:
    """Crawl a source of `ingest.sources.catalog` (`dispatch_scada`, `mmsdm:<TABLE>`,
    `wem:<dataset>`, `bom`, `apvi` ...) into the configured warehouse."""
    with open_store(current()) as store:
        result = crawl(store, argument, Window(since, until), base_url)
    print(result.describe())
    return 0 if result.ok else 1


def build_registry(*, xlsx: str | None, co2eii: str | None) -> int:
    """Load the registration list (and a CO2EII file), then build the unit dimensions."""
    from flows.sources import refresh_registration  # Prefect: not on the ingest command's path

    report_unmapped(refresh_registration(print, xlsx, co2eii))
    return 0


def report_unmapped(duids: Sequence[str]) -> None:
    if duids:
        print(f"{len(duids)} DUIDs in SCADA are not in the registry: {', '.join(duids[:20])}")


def serve_api(host: str | None, port: int | None, log_level: str = "info") -> None:
    import uvicorn

    from api.app import create_app
    from opennem.settings import get_settings

    settings = get_settings()
    app = create_app()
    protection = app.state.protection
    print(protection.describe() if protection else "API protection off: no keys, no limits")
    uvicorn.run(
        app,
        host=host or settings.api_host,
        port=port or settings.api_port,
        log_level=log_level,
    )


def export_files(*, website_dir: Path | None, parquet_dir: Path | None) -> int:
    """The website's v3 JSON under `website_dir`, every dataset's monthly Parquet files under
    `parquet_dir` (either may be None), read from the configured warehouse's marts."""
    from api.app import default_reader
    from api.exports.months import write_history
    from api.exports.website import write_website

    reader = default_reader()
    if website_dir:
        print(f"wrote {len(write_website(reader, website_dir))} JSON files under {website_dir}")
    if parquet_dir:
        print(f"wrote {len(write_history(reader, parquet_dir))} Parquet files under {parquet_dir}")
    return 0


def publish_serving(*, full: bool) -> Path | None:
    """Publish the DuckDB warehouse's marts for the API (under its writer lock); None on
    PostgreSQL or ClickHouse, where the API reads the marts in place."""
    warehouse = current()
    if warehouse.engine != "duckdb":
        return None
    with writer_lock(warehouse):
        return publish_marts(warehouse.duckdb_path, full=full)


def warehouse_summary() -> str:
    """Files per ledger status, for the end of a run (distinct sha256: ClickHouse's ledger may
    hold a file's superseded rows until it merges them)."""
    with open_store(current()) as store:
        store.ensure_ledger()
        ledger = store.fetch_rows(
            "select status, count(distinct sha256) from raw.load_ledger "
            "group by status order by status"
        )
    return ", ".join(f"{count} files {status}" for status, count in ledger)


def simulate_tree(
    out: str, start: date, end: date, *, units: int, serve: bool, wem: bool = False
) -> int:
    import simulator

    simulation = simulator.simulate(Path(out), start, end, units=units, wem=wem)
    print(f"wrote {len(simulation.files)} files for {len(simulation.units)} units under {out}")
    if serve:
        with simulator.serve(Path(out)) as base_url:
            print(f"serving a NEMWEB look-alike at {base_url}/Reports/Current/ (Ctrl-C to stop)")
            _wait_forever()
    return 0


def _wait_forever() -> None:
    import contextlib
    import threading

    with contextlib.suppress(KeyboardInterrupt):
        threading.Event().wait()
