"""What the CLI commands do, one function each; the CLI only parses arguments."""

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from ingest.loader import LoadResult, load_file
from ingest.nemweb.client import NemwebClient
from opennem.warehouse import connect_duckdb, current

REMOTE_PREFIXES = ("http://", "https://")


def ingest_paths(sources: Sequence[str]) -> int:
    """Load files from paths or URLs; return 1 if any file was rejected or failed."""
    results: list[LoadResult] = []
    with connect_duckdb() as conn, NemwebClient() as client:
        for source in sources:
            result = load_file(conn, source, data=_remote_bytes(client, source))
            print(describe_load(result))
            results.append(result)
    return 0 if all(result.status != "rejected" for result in results) else 1


def describe_load(result: LoadResult) -> str:
    rows = sum(result.row_counts.values())
    detail = result.reason if result.reason else f"{rows} rows"
    return f"{result.status:8} {result.name}: {detail}"


def crawl_source(
    source: str, *, since: datetime | None, until: datetime | None, base_url: str | None
) -> int:
    from ingest.nemweb.crawl import crawl

    with connect_duckdb() as conn:
        summary = crawl(source, since=since, until=until, base_url=base_url, conn=conn)
    print(summary.describe())
    return 0 if summary.ok else 1


def build_registry(*, xlsx: str | None, co2eii: str | None) -> int:
    """Load the registration list (and a CO2EII file), then build the unit dimensions."""
    from ingest.registry import load_registration_list, unmapped_scada_duids
    from opennem.settings import get_settings
    from opennem.transform import build

    xlsx_source = xlsx or get_settings().registry_url
    with connect_duckdb() as conn, NemwebClient() as client:
        if co2eii:
            print(describe_load(load_file(conn, co2eii, data=_remote_bytes(client, co2eii))))
        rows = load_registration_list(conn, xlsx_source, data=_remote_bytes(client, xlsx_source))
        print(f"loaded {rows} registered units from {xlsx_source}")
    build(["resource_type:seed", "+dim_units", "+dim_facilities", "int_units__unmapped_scada"])
    with connect_duckdb() as conn:
        report_unmapped(unmapped_scada_duids(conn))
    return 0


def report_unmapped(duids: Sequence[str]) -> None:
    if duids:
        print(f"{len(duids)} DUIDs in SCADA are not in the registry: {', '.join(duids[:20])}")


def _remote_bytes(client: NemwebClient, source: str) -> bytes | None:
    """The body of a URL; None for a local path (the loaders read paths themselves)."""
    return client.get(source) if source.startswith(REMOTE_PREFIXES) else None


def serve_api(host: str | None, port: int | None) -> None:
    import uvicorn

    from api.app import create_app
    from opennem.settings import get_settings

    settings = get_settings()
    uvicorn.run(create_app(), host=host or settings.api_host, port=port or settings.api_port)


def warehouse_summary() -> str:
    """Rows per raw table and files per ledger status, for the end of a run."""
    with connect_duckdb(current().duckdb_path) as conn:
        ledger = conn.execute(
            "select status, count(*) from raw.load_ledger group by status order by status"
        ).fetchall()
    return ", ".join(f"{count} files {status}" for status, count in ledger)


def simulate_tree(
    out: str, start: date, end: date, *, units: int, serve: bool, wem: bool = False
) -> int:
    from opennem import simulator

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
