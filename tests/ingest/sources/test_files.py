"""A file larger than the recognisers' sample is recognised from its first bytes (and a zip from
its central directory) and loaded from the file itself, never read whole to be named. The file
is written in the documented MMS CSV layout (C/I/D rows, END OF REPORT line count)."""

import zipfile
from pathlib import Path

import duckdb

from ingest.sources.catalog import load_any
from ingest.sources.files import SAMPLE_BYTES, Sample
from ingest.stores.duckdb_store import DuckDBRawStore

ROWS = 40_000  # ~2.4 MB: more than the 1 MiB sample


def big_scada_csv(path: Path) -> Path:
    lines = [
        "C,NEMP.WORLD,DISPATCHSCADA,AEMO,PUBLIC,2024/08/01,00:00:05,0000000400000000,,0000000400000000",
        "I,DISPATCH,UNIT_SCADA,1,SETTLEMENTDATE,DUID,SCADAVALUE,LASTCHANGED",
        *(
            f'D,DISPATCH,UNIT_SCADA,1,"2024/08/01 00:05:00",UNIT{n:05d},{n % 700}.5,'
            '"2024/08/01 00:00:05"'
            for n in range(ROWS)
        ),
    ]
    lines.append(f'C,"END OF REPORT",{len(lines) + 1}')
    path.write_text("\n".join(lines) + "\n")
    return path


def test_a_large_csv_is_named_from_its_head_and_loaded_from_the_file(tmp_path: Path) -> None:
    csv_file = big_scada_csv(tmp_path / "PUBLIC_DISPATCHSCADA_BIG.CSV")
    sample = Sample.of_path(csv_file)
    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        result = load_any(DuckDBRawStore(conn), csv_file)
        rows = conn.execute("select count(*) from raw.dispatch_unit_scada").fetchone()
    assert csv_file.stat().st_size > SAMPLE_BYTES
    assert len(sample.head) == SAMPLE_BYTES
    assert result.status == "loaded", result.reason
    assert rows == (ROWS,)


def test_a_large_zip_is_named_from_its_members(tmp_path: Path) -> None:
    csv_file = big_scada_csv(tmp_path / "PUBLIC_DISPATCHSCADA_BIG.CSV")
    zipped = tmp_path / "scada.zip"
    with zipfile.ZipFile(zipped, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.write(csv_file, csv_file.name)
    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        result = load_any(DuckDBRawStore(conn), zipped)
    assert zipped.stat().st_size > SAMPLE_BYTES
    assert Sample.of_path(zipped).zip_names == [csv_file.name]
    assert result.row_counts == {"dispatch_unit_scada": ROWS}
