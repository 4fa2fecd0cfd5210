"""What the CLI commands do, one function each; the CLI only parses arguments."""

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path

from ingest.loader import LoadResult, load_file
from ingest.nemweb.client import NemwebClient
from ingest.nemweb.times import now_aest
from ingest.raw_store import RawStore, open_store
from ingest.records import CrawlReport
from opennem.warehouse import current

REMOTE_PREFIXES = ("http://", "https://")


def ingest_paths(sources: Sequence[str]) -> int:
    """Load files from paths or URLs; return 1 if any file was rejected or failed."""
    results: list[LoadResult] = []
    with open_store(current()) as store, NemwebClient() as client:
        for source in sources:
            result = load_file(store, source, data=_remote_bytes(client, source))
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
    """Crawl a NEMWEB report (`dispatch_scada`, `mmsdm:<TABLE>` ...), `wem:<dataset>`, `bom`
    or `apvi` into the configured warehouse."""
    from ingest.nemweb.crawl import crawl

    with open_store(current()) as store:
        if source.lower().startswith(("wem:", "bom", "apvi")):
            report = crawl_records_source(source.lower(), store, since, until, base_url)
            print(report.describe(source))
            return 0 if report.ok else 1
        summary = crawl(source, since=since, until=until, base_url=base_url, conn=store)
    print(summary.describe())
    return 0 if summary.ok else 1


def crawl_records_source(
    source: str,
    store: RawStore,
    since: datetime | None,
    until: datetime | None,
    base_url: str | None,
) -> CrawlReport:
    from ingest import apvi, bom, wem

    first, last = (since.date() if since else None), (until.date() if until else None)
    if source.startswith("wem:"):
        dataset = source.removeprefix("wem:")
        return wem.crawl(dataset, conn=store, since=first, until=last, base_url=base_url)
    if source == "bom":
        return bom.crawl(conn=store, base_url=base_url)
    today = now_aest().date()
    days = _days(first or today, last or today)
    return apvi.crawl(days, conn=store, today=today, base_url=base_url)


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def build_registry(*, xlsx: str | None, co2eii: str | None) -> int:
    """Load the registration list (and a CO2EII file), then build the unit dimensions."""
    from ingest.registry import load_registration_list, unmapped_scada_duids
    from opennem.settings import get_settings
    from opennem.transform import build

    xlsx_source = xlsx or get_settings().registry_url
    with open_store(current()) as store, NemwebClient() as client:
        if co2eii:
            print(describe_load(load_file(store, co2eii, data=_remote_bytes(client, co2eii))))
        rows = load_registration_list(store, xlsx_source, data=_remote_bytes(client, xlsx_source))
        print(f"loaded {rows} registered units from {xlsx_source}")
    build(["resource_type:seed", "+dim_units", "+dim_facilities", "int_units__unmapped_scada"])
    with open_store(current()) as store:
        report_unmapped(unmapped_scada_duids(store))
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
