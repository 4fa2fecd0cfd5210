"""WEM (AEMO WA) sources: WEMDE JSON, legacy CSVs and the live pulse feed -> `raw.wem_*`.

from ingest.sources.wem import crawl, ensure_raw_tables
ensure_raw_tables(store)                      # empty raw tables for dbt
crawl("facility_scada", store=store, since=date(2024, 12, 1))
"""

from ingest.sources.wem.crawl import DATASETS, crawl
from ingest.sources.wem.parsers import FILE_KINDS
from ingest.sources.wem.tables import WEM_TABLES, ensure_raw_tables

__all__ = ["DATASETS", "FILE_KINDS", "WEM_TABLES", "crawl", "ensure_raw_tables"]
