"""The one list of sources: what each is called, how it crawls, its raw tables, its dbt source,
the kinds of file it publishes and its schedule.

The `opennem` command (`crawl`, `ingest`, `backfill`), the raw tables created before a dbt build,
the flows and the deployments in `prefect.yaml` all come from `SOURCES` (a test fails if
`prefect.yaml` drifts from it). Adding a source is one module under `ingest/sources/` plus one
entry here; docs/architecture.md shows the steps.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from ingest.data_quality import QUALITY_CHECK_COLUMNS, QUALITY_TABLE
from ingest.formats.archives import file_name_of
from ingest.loader import LoadResult
from ingest.sources import apvi, bom, registration, wem
from ingest.sources.files import FileKind, Sample, load_as_kind
from ingest.sources.nemweb.backfill import NEM_MMSDM
from ingest.sources.nemweb.crawl import crawl as crawl_nemweb
from ingest.sources.nemweb.reports import MMSDM_PREFIX, MMSDM_TABLES, REPORTS
from ingest.sources.nemweb.tables import MMS_FILE, MMS_TABLES
from ingest.sources.nemweb.times import now_aest
from ingest.stores import RawStore
from opennem.networks import NEM, WEM, Network

AEST = "Australia/Brisbane"  # UTC+10, no daylight saving: the NEM's clock
AWST = "Australia/Perth"  # UTC+8, no daylight saving: the WEM's clock


class CrawlResult(Protocol):
    """What a crawl reports, whichever source: one line per file, whether all went well, and
    the raw tables that got rows (what dbt rebuilds downstream of)."""

    @property
    def ok(self) -> bool: ...

    def describe(self) -> str: ...

    def tables_loaded(self) -> set[str]: ...

    def files_loaded(self) -> int: ...

    def rows_loaded(self) -> int: ...


@dataclass(frozen=True)
class Window:
    """The time a crawl covers: interval ends in network time (naive), either end open."""

    since: datetime | None = None
    until: datetime | None = None

    def days(self, today: date) -> list[date]:
        """The days since..until (today where open), for sources published one file a day."""
        first = self.since.date() if self.since else today
        last = self.until.date() if self.until else today
        return [first + timedelta(days=n) for n in range((last - first).days + 1)]


Crawler = Callable[[RawStore, str | None, Window, str | None], CrawlResult]


@dataclass(frozen=True)
class Schedule:
    """A deployment of the source's flow: its name, when it runs, and its flow parameters."""

    deployment: str
    cron: str
    timezone: str
    parameters: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Source:
    """A source of raw files. `datasets` are what `opennem crawl <name>:<dataset>` accepts (none:
    the source is crawled whole); `ensure_tables` creates its raw tables empty for dbt;
    `file_kinds` are the files `opennem ingest` recognises as this source's."""

    name: str
    description: str
    network: Network  # whose clock its days and times are in
    dbt_source: str
    crawl: Crawler
    ensure_tables: Callable[[RawStore], None]
    datasets: tuple[str, ...] = ()
    schedules: tuple[Schedule, ...] = ()
    backfills: bool = False
    file_kinds: tuple[FileKind, ...] = ()


def _nemweb(store: RawStore, report: str | None, window: Window, url: str | None) -> CrawlResult:
    return crawl_nemweb(
        report or "", since=window.since, until=window.until, base_url=url, store=store
    )


def _mmsdm(store: RawStore, table: str | None, window: Window, url: str | None) -> CrawlResult:
    return _nemweb(store, f"{MMSDM_PREFIX}{table}", window, url)


def _wem(store: RawStore, dataset: str | None, window: Window, url: str | None) -> CrawlResult:
    since, until = (None if t is None else t.date() for t in (window.since, window.until))
    return wem.crawl(dataset or "", store=store, since=since, until=until, base_url=url)


def _bom(store: RawStore, dataset: str | None, window: Window, url: str | None) -> CrawlResult:
    return bom.crawl(store=store, base_url=url)


def _apvi(store: RawStore, dataset: str | None, window: Window, url: str | None) -> CrawlResult:
    today = now_aest().date()
    return apvi.crawl(window.days(today), store=store, today=today, base_url=url)


def _registration(
    store: RawStore, dataset: str | None, window: Window, url: str | None
) -> CrawlResult:
    return registration.crawl(store, url)


def _mms_tables(store: RawStore) -> None:
    store.ensure_ledger()
    for table in MMS_TABLES:
        store.prepare_table(table)


def _report(key: str, cron: str, **parameters: Any) -> Schedule:
    return Schedule(f"nem-{key.replace('_', '-')}", cron, AEST, {"reports": [key], **parameters})


NEM_5M = "*/5 * * * *"
# The reports of every 5-minute interval, crawled by one deployment so that an interval costs
# one dbt run (of everything they changed), not one per report.
NEM_5M_REPORTS = ["dispatch_scada", "dispatch_is", "trading_is"]
SOURCES: dict[str, Source] = {
    source.name: source
    for source in (
        Source(
            "nemweb",
            "AEMO NEMWEB reports: Reports/Current and Reports/Archive",
            NEM,
            "aemo",
            _nemweb,
            _mms_tables,
            datasets=tuple(REPORTS),
            schedules=(
                Schedule("nem-5-minute", NEM_5M, AEST, {"reports": NEM_5M_REPORTS}),
                _report("rooftop_pv", "2,32 * * * *"),
                Schedule(
                    "nem-daily-cdeii",
                    "30 6 * * *",
                    AEST,
                    {"reports": ["cdeii"], "lookback_hours": 336},
                ),
                _report("next_day_actual_gen", "0 6 * * *", lookback_hours=72),
                _report("next_day_dispatch", "10 6 * * *", lookback_hours=72),
                _report("next_day_intermittent_gen_scada", "20 6 * * *", lookback_hours=72),
            ),
            backfills=True,
            file_kinds=(MMS_FILE,),
        ),
        Source(
            "mmsdm",
            "AEMO MMSDM monthly archives, one file per table and month, 2009-07 on",
            NEM,
            "aemo",
            _mmsdm,
            _mms_tables,
            datasets=MMSDM_TABLES,
            schedules=(Schedule("nem-mmsdm-monthly", "0 3 10 * *", AEST, {"months_back": 2}),),
            backfills=True,
            file_kinds=(MMS_FILE,),
        ),
        Source(
            "registration",
            "AEMO NEM Registration and Exemption List (xlsx): the unit registry",
            NEM,
            "aemo",
            _registration,
            registration.ensure_raw_tables,
            schedules=(Schedule("registry-daily", "0 7 * * *", AEST),),
            file_kinds=(registration.REGISTRATION_FILE,),
        ),
        Source(
            "wem",
            "AEMO WA market data: WEMDE JSON, legacy WEM CSVs, the live pulse feed",
            WEM,
            "wem",
            _wem,
            wem.ensure_raw_tables,
            datasets=tuple(wem.DATASETS),
            schedules=(
                Schedule(
                    "wem-daily",
                    "15 9 * * *",
                    AWST,
                    {"datasets": ["facility_scada", "reference_trading_price"], "days_back": 2},
                ),
            ),
            file_kinds=wem.FILE_KINDS,
        ),
        Source(
            "bom",
            "BOM observations of the capital-city station of each region",
            NEM,
            "bom",
            _bom,
            bom.ensure_raw_tables,
            schedules=(Schedule("bom-observations", "5,35 * * * *", AEST),),
            file_kinds=(bom.OBSERVATIONS_FILE,),
        ),
        Source(
            "apvi",
            "APVI rooftop PV by postcode prefix (the WEM's rooftop PV)",
            NEM,
            "apvi",
            _apvi,
            apvi.ensure_raw_tables,
            schedules=(Schedule("apvi-rooftop", "10,40 * * * *", AEST, {"days_back": 1}),),
            file_kinds=(apvi.APVI_FILE,),
        ),
    )
}
# `opennem backfill --source nem-mmsdm`: every MMSDM table the project reads.
ALL_MMSDM = NEM_MMSDM


def get_source(name: str) -> Source:
    try:
        return SOURCES[name]
    except KeyError:
        raise KeyError(f"unknown source {name!r}; expected one of {sorted(SOURCES)}") from None


def resolve(argument: str) -> tuple[Source, str | None]:
    """`wem:facility_scada` -> (wem, facility_scada); `bom` -> (bom, None); a NEMWEB report key
    alone (`dispatch_scada`) is the nemweb source's dataset."""
    name, _, dataset = argument.partition(":")
    if not dataset and name.lower() in REPORTS:
        return SOURCES["nemweb"], name.lower()
    source = get_source(name.lower())
    chosen = dataset.upper() if source.name == "mmsdm" else dataset.lower()
    if source.datasets and chosen not in source.datasets:
        raise KeyError(
            f"{argument!r}: {source.name} needs a dataset, one of {list(source.datasets)}"
        )
    if not source.datasets and dataset:
        raise KeyError(f"{argument!r}: {source.name} has no datasets; use {source.name!r}")
    return source, chosen or None


def crawl(
    store: RawStore, argument: str, window: Window, base_url: str | None = None
) -> CrawlResult:
    """Crawl what `opennem crawl ARGUMENT` names (`resolve`) over `window`."""
    source, dataset = resolve(argument)
    return source.crawl(store, dataset, window, base_url)


def backfill_source(argument: str) -> str:
    """What `opennem backfill --source` names, as the NEMWEB backfill takes it: `nem-mmsdm` (every
    MMSDM table), `mmsdm:<TABLE>` or a report key; KeyError for a source without history."""
    if argument == ALL_MMSDM:
        return argument
    source, dataset = resolve(argument)
    if not source.backfills or dataset is None:
        raise KeyError(
            f"{argument!r}: {source.name} has no history to backfill; backfill takes "
            f"{ALL_MMSDM}, mmsdm:<TABLE> or a NEMWEB report"
        )
    return f"{MMSDM_PREFIX}{dataset}" if source.name == "mmsdm" else dataset


def ensure_raw_tables(store: RawStore) -> None:
    """Every raw table the dbt project reads, created empty where no file has arrived yet, so the
    whole project builds from day one (existing tables are only ever widened)."""
    for ensure in dict.fromkeys(source.ensure_tables for source in SOURCES.values()):
        ensure(store)
    store.ensure_table(QUALITY_TABLE, QUALITY_CHECK_COLUMNS)


def crawl_arguments() -> Sequence[str]:
    """What `opennem crawl` accepts, for its help and errors."""
    return [
        f"{source.name}:<dataset>" if source.datasets else source.name
        for source in SOURCES.values()
    ]


def file_kinds() -> list[FileKind]:
    """Every source's file kinds in `SOURCES` order (a kind two sources share, once)."""
    return list(dict.fromkeys(kind for source in SOURCES.values() for kind in source.file_kinds))


def recognise(name: str, content: bytes) -> FileKind | None:
    """The first kind that recognises the file (the recognisers exclude one another), or None."""
    sample = Sample.of_bytes(content)
    return next((kind for kind in file_kinds() if kind.matches(name, sample)), None)


def load_any(
    store: RawStore,
    source: str | Path,
    *,
    name: str | None = None,
    data: bytes | None = None,
    check_count: bool = True,
) -> LoadResult:
    """Load one file of any source (read from `source` when `data` is None) as its kind; a file
    no kind recognises is recorded in the ledger as rejected, with the kinds accepted."""
    file_name = name or file_name_of(str(source))
    return load_as_kind(
        store, file_kinds(), source, name=file_name, data=data, check_count=check_count
    )
