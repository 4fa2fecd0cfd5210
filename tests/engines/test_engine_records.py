"""The JSON/CSV record sources (ingest.formats.records) on PostgreSQL and ClickHouse (chDB): a WEM
file (written from the documented WEMDE format, as in tests/ingest/sources/test_wem.py: no real
WEMDE file is in
the fixtures) loads once, widening its table for an extra field; the WEM crawl over loopback; the
real BOM and APVI files; a bad file is rejected with nothing written."""

import json
from datetime import date
from pathlib import Path

from ingest.loader import load_records
from ingest.sources.apvi import parse_apvi
from ingest.sources.bom import parse_observations
from ingest.sources.wem import crawl
from ingest.sources.wem.parsers import parse_facility_scada
from ingest.stores import open_store
from opennem.warehouse import WarehouseUrl
from tests.ingest.sources.test_apvi import CAPTURE
from tests.ingest.sources.test_bom import MILDURA
from tests.ingest.sources.test_wem import WEMDE, build_site, scada_json, zipped
from tests.support.loopback import LoopbackServer

SCADA_ZIP = "FacilityScada_20241201.zip"


def scada_zip() -> bytes:
    rows = [("08:00", "ALBANY_WF1", 1.25), ("08:05", "BW1", 0)]
    return zipped("SCADA_2024-12-01.json", scada_json("2024-12-01", rows))


def test_wem_file_loads_once_with_its_extra_field(engine_warehouse: WarehouseUrl) -> None:
    with open_store(engine_warehouse) as store:
        first = load_records(store, SCADA_ZIP, parse_facility_scada, data=scada_zip())
        again = load_records(store, SCADA_ZIP, parse_facility_scada, data=scada_zip())
        rows = store.fetch_rows(
            "select dispatch_interval, code, quantity, participant_code, _source_file "
            "from raw.wem_facility_scada order by code"
        )
        (ledger,) = store.fetch_rows("select count(*) from raw.load_ledger")

    assert (first.status, first.row_counts) == ("loaded", {"wem_facility_scada": 2})
    assert again.status == "skipped"
    member = f"{SCADA_ZIP}/SCADA_2024-12-01.json"
    assert rows == [
        ("2024-12-01T08:00:00+08:00", "ALBANY_WF1", "1.25", "WPGENER", member),
        ("2024-12-01T08:05:00+08:00", "BW1", "0", "WPGENER", member),
    ]
    assert ledger == (1,)


def test_bad_wem_file_is_rejected_with_nothing_written(engine_warehouse: WarehouseUrl) -> None:
    broken = json.dumps(
        {"data": {"facilityScadaDispatchIntervals": [{"dispatchInterval": "x", "code": "A"}]}}
    ).encode()
    with open_store(engine_warehouse) as store:
        result = load_records(store, SCADA_ZIP, parse_facility_scada,
                              data=zipped("SCADA_2024-12-01.json", broken))  # fmt: skip
        ledger = store.fetch_rows("select status, reason from raw.load_ledger")

    assert result.status == "rejected"
    assert ledger == [("rejected", result.reason)]
    assert "missing required field(s) quantity for raw.wem_facility_scada" in str(result.reason)


def test_wem_crawl_over_loopback(
    engine_warehouse: WarehouseUrl, tmp_path: Path, fixtures_dir: Path
) -> None:
    build_site(tmp_path / "site", fixtures_dir)
    since = date(2024, 12, 1)
    with LoopbackServer(tmp_path / "site") as site, open_store(engine_warehouse) as store:
        report = crawl("facility_scada", store=store, since=since, base_url=site.base_url)
        again = crawl("facility_scada", store=store, since=since, base_url=site.base_url)
        (count,) = store.fetch_rows("select count(*) from raw.wem_facility_scada")
        zip_hits = site.hits(f"/{WEMDE}/facilityScada/previous/FacilityScada_20241201.zip")

    assert report.names("loaded") == ["FacilityScada_20241201.zip", "SCADA_2024-12-02.json"]
    assert again.already_loaded == ["FacilityScada_20241201.zip"]
    assert again.names("skipped") == ["SCADA_2024-12-02.json"]
    assert count == (3,)
    assert zip_hits == 1


def test_real_bom_and_apvi_files_load(engine_warehouse: WarehouseUrl, fixtures_dir: Path) -> None:
    with open_store(engine_warehouse) as store:
        bom = load_records(store, fixtures_dir / MILDURA, parse_observations)
        apvi = load_records(store, fixtures_dir / CAPTURE, parse_apvi)
        (capacity,) = store.fetch_rows("select count(*) from raw.apvi_capacity")

    assert bom.status == "loaded"
    assert bom.row_counts["bom_observations"] > 0
    assert apvi.status == "loaded"
    assert capacity == (75,)
