"""The source catalogue: what `opennem crawl` and `opennem backfill` accept, and the raw tables
it creates for dbt before any file has arrived."""

from datetime import date, datetime

import duckdb
import pytest

from ingest.sources.catalog import (
    Window,
    backfill_source,
    crawl_arguments,
    ensure_raw_tables,
    resolve,
)
from ingest.sources.nemweb.tables import MMS_TABLES
from ingest.sources.wem.tables import WEM_TABLES
from ingest.stores.duckdb_store import DuckDBRawStore
from ingest.stores.row_files import rows_table


@pytest.mark.parametrize(
    ("argument", "source", "dataset"),
    [
        ("dispatch_scada", "nemweb", "dispatch_scada"),
        ("nemweb:cdeii", "nemweb", "cdeii"),
        ("mmsdm:dispatchprice", "mmsdm", "DISPATCHPRICE"),
        ("wem:facility_scada", "wem", "facility_scada"),
        ("bom", "bom", None),
        ("APVI", "apvi", None),
        ("registration", "registration", None),
    ],
)
def test_resolve(argument: str, source: str, dataset: str | None) -> None:
    chosen, chosen_dataset = resolve(argument)
    assert (chosen.name, chosen_dataset) == (source, dataset)


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        ("weather", "unknown source 'weather'"),
        ("wem", "wem needs a dataset"),
        ("wem:rainfall", "wem needs a dataset, one of"),
        ("bom:sydney", "bom has no datasets"),
        ("mmsdm:NOT_A_TABLE", "mmsdm needs a dataset"),
    ],
)
def test_resolve_names_what_it_accepts(argument: str, message: str) -> None:
    with pytest.raises(KeyError, match=message):
        resolve(argument)


def test_backfill_takes_nemweb_history_only() -> None:
    assert backfill_source("nem-mmsdm") == "nem-mmsdm"
    assert backfill_source("mmsdm:DISPATCHPRICE") == "mmsdm:DISPATCHPRICE"
    assert backfill_source("dispatch_scada") == "dispatch_scada"
    with pytest.raises(KeyError, match="apvi has no history to backfill"):
        backfill_source("apvi")


def test_crawl_arguments_name_every_source() -> None:
    assert crawl_arguments() == [
        "nemweb:<dataset>",
        "mmsdm:<dataset>",
        "registration",
        "wem:<dataset>",
        "bom",
        "apvi",
    ]


def test_ensure_raw_tables_creates_every_source_table_empty() -> None:
    conn = duckdb.connect()
    ensure_raw_tables(DuckDBRawStore(conn))
    tables = {
        name
        for (name,) in conn.execute(
            "select table_name from information_schema.tables where table_schema = 'raw'"
        ).fetchall()
    }
    expected = {table.raw_table for table in MMS_TABLES} | {t.name for t in WEM_TABLES}
    expected |= {rows_table(table.raw_table) for table in MMS_TABLES} | {"row_files"}
    expected |= {"registration_units", "bom_observations", "apvi_performance", "apvi_capacity"}
    expected |= {"load_ledger", "data_quality_checks"}
    assert tables == expected
    assert conn.execute("select count(*) from raw.wem_pulse").fetchone() == (0,)


def test_window_days_of_an_open_window_are_today() -> None:
    assert Window().days(date(2024, 8, 2)) == [date(2024, 8, 2)]
    window = Window(datetime(2024, 7, 31, 4, 5), datetime(2024, 8, 2))
    assert window.days(date(2030, 1, 1)) == [date(2024, 7, 31), date(2024, 8, 1), date(2024, 8, 2)]
