"""The MMS CSV parser on every real MMS file in the fixtures (see fixtures/PROVENANCE.md).

Filtered copies (NEMOSIS subsets, and an OpenNEM-edited interconnector list) keep AEMO's
original END OF REPORT line count, so their count cannot match: they are parsed with
`check_count=False`, and a test shows the strict check rejects them.
"""

import io
import zipfile
from pathlib import Path

import pytest

from ingest.errors import BadFileError
from ingest.formats import mms
from ingest.formats.mms import MmsSection, iter_mms_sections, parse_table_header
from ingest.loader import iter_file_sections

SCADA = "nemweb/current/Dispatch_SCADA/PUBLIC_DISPATCHSCADA_202109021255_0000000348376188.zip"
ARCHIVE_2024_08 = "mmsdm/2024_08/PUBLIC_ARCHIVE%23{}%23FILE01%23202408010000.zip"

# file -> (unmodified AEMO file, [(table label, D rows)] in file order)
CATALOG: dict[str, tuple[bool, list[tuple[str, int]]]] = {
    SCADA: (True, [("DISPATCH.UNIT_SCADA.1", 390)]),
    "nemweb/current/Next_Day_Dispatch/PUBLIC_NEXT_DAY_DISPATCH_20260514_0000000517721207.zip": (
        False,
        [
            ("DISPATCH.UNIT_SOLUTION.6", 576),
            ("DISPATCH.LOCAL_PRICE.1", 0),
            ("DISPATCH.OFFERTRK.1", 0),
            ("DISPATCH.CONSTRAINT.5", 0),
            ("DISPATCH.MNSPBIDTRK.1", 0),
        ],
    ),
    "nemweb/current/Daily_Reports/PUBLIC_DAILY_202605140000_20260515040504.zip": (
        False,
        [
            ("DISPATCH.CASESOLUTION.1", 0),
            ("DREGION..2", 576),
            ("DREGION..3", 0),
            ("DUNIT..2", 0),
            ("DUNIT..3", 0),
            ("DISPATCH.REGIONFCASREQUIREMENT.1", 0),
        ],
    ),
    "nemweb/current/Next_Day_Intermittent_Gen_Scada/"
    "PUBLIC_NEXT_DAY_INTERMITTENT_GEN_SCADA_20260514_0000000517721212.zip": (
        False,
        [("DEMAND.INTERMITTENT_GEN_SCADA.1", 576)],
    ),
    ARCHIVE_2024_08.format("DISPATCH_UNIT_SCADA"): (False, [("DISPATCH.UNIT_SCADA.1", 2880)]),
    ARCHIVE_2024_08.format("DISPATCHREGIONSUM"): (False, [("DISPATCH.REGIONSUM.8", 2880)]),
    ARCHIVE_2024_08.format("DISPATCHPRICE"): (False, [("DISPATCH.PRICE.5", 2880)]),
    ARCHIVE_2024_08.format("DISPATCHINTERCONNECTORRES"): (
        False,
        [("DISPATCH.INTERCONNECTORRES.3", 1440)],
    ),
    ARCHIVE_2024_08.format("ROOFTOP_PV_ACTUAL"): (False, [("ROOFTOP.ACTUAL.2", 960)]),
    ARCHIVE_2024_08.format("TRADINGPRICE"): (False, [("TRADING.PRICE.3", 2880)]),
    ARCHIVE_2024_08.format("TRADINGINTERCONNECT"): (False, [("TRADING.INTERCONNECTORRES.2", 1440)]),
    "mmsdm/2024_07/PUBLIC_DVD_DISPATCH_UNIT_SCADA_202407010000.zip": (
        False,
        [("DISPATCH.UNIT_SCADA.1", 2880)],
    ),
    "mmsdm/2024_07/PUBLIC_DVD_DISPATCHREGIONSUM_202407010000.zip": (
        False,
        [("DISPATCH.REGIONSUM.8", 2880)],
    ),
    "mmsdm/2024_07/PUBLIC_DVD_DISPATCHPRICE_202407010000.zip": (
        False,
        [("DISPATCH.PRICE.4", 2880)],
    ),
    "mmsdm/2024_07/PUBLIC_DVD_DISPATCHINTERCONNECTORRES_202407010000.zip": (
        False,
        [("DISPATCH.INTERCONNECTORRES.3", 1440)],
    ),
    "mmsdm/2024_07/PUBLIC_DVD_ROOFTOP_PV_ACTUAL_202407010000.zip": (
        False,
        [("ROOFTOP.ACTUAL.2", 1152)],
    ),
    "mmsdm/2024_07/PUBLIC_DVD_TRADINGPRICE_202407010000.zip": (False, [("TRADING.PRICE.2", 2880)]),
    "mmsdm/2021_09/PUBLIC_DVD_TRADINGPRICE_202109010000.zip": (False, [("TRADING.PRICE.2", 480)]),
    "mmsdm/2021_10/PUBLIC_DVD_TRADINGPRICE_202110010000.zip": (False, [("TRADING.PRICE.2", 2880)]),
    "mmsdm/2017_06/PUBLIC_DVD_TRADINGREGIONSUM_201706010000.CSV": (
        True,
        [("TRADING.REGIONSUM.4", 7200)],
    ),
    "mmsdm/2017_06/PUBLIC_DVD_TRADINGINTERCONNECT_201706010000.CSV": (
        True,
        [("TRADING.INTERCONNECTORRES.2", 8640)],
    ),
    "mmsdm/2017_06/PUBLIC_DVD_DUDETAILSUMMARY_201706010000.CSV": (
        True,
        [("PARTICIPANT_REGISTRATION.DUDETAILSUMMARY.4", 8353)],
    ),
    "mmsdm/2017_06/PUBLIC_DVD_DUDETAIL_201706010000.CSV": (
        True,
        [("PARTICIPANT_REGISTRATION.DUDETAIL.3", 3082)],
    ),
    "mmsdm/2017_06/PUBLIC_DVD_STATION_201706010000.CSV": (
        True,
        [("PARTICIPANT_REGISTRATION.STATION.1", 315)],
    ),
    "mmsdm/2020_06/PUBLIC_DVD_INTERCONNECTOR_202006010000.CSV": (
        False,
        [("MARKET_CONFIG.INTERCONNECTOR.1", 14)],
    ),
    "registry/CO2EII_AVAILABLE_GENERATORS_2017_43_20171103104827.CSV": (
        True,
        [("CO2EII.PUBLISHING.1", 386)],
    ),
}


def parse(path: Path, workdir: Path, *, check_count: bool = True) -> list[MmsSection]:
    with path.open("rb") as stream:
        return list(iter_file_sections(path.name, stream, workdir, check_count=check_count))


def scada_csv(fixtures_dir: Path) -> bytes:
    return zipfile.ZipFile(fixtures_dir / SCADA).read(Path(SCADA).with_suffix(".CSV").name)


def test_catalog_covers_every_mms_fixture(fixtures_dir: Path) -> None:
    found = {
        path.relative_to(fixtures_dir).as_posix()
        for folder in ("nemweb", "mmsdm")
        for path in (fixtures_dir / folder).rglob("*")
        if path.suffix.lower() in {".zip", ".csv"}
    }
    assert found == {name for name in CATALOG if not name.startswith("registry/")}


@pytest.mark.parametrize("relative", sorted(CATALOG))
def test_real_file_parses_with_expected_tables(
    fixtures_dir: Path, tmp_path: Path, relative: str
) -> None:
    complete, expected = CATALOG[relative]
    sections = parse(fixtures_dir / relative, tmp_path, check_count=complete)
    assert [(section.table.label, section.rows) for section in sections] == expected
    for section in sections:
        assert len(section.path.read_bytes().splitlines()) == section.rows


@pytest.mark.parametrize(
    "relative", sorted(name for name, (full, _) in CATALOG.items() if not full)
)
def test_filtered_copies_fail_the_strict_line_count(
    fixtures_dir: Path, tmp_path: Path, relative: str
) -> None:
    with pytest.raises(BadFileError, match=r"END OF REPORT says \d+ lines but the file has \d+"):
        parse(fixtures_dir / relative, tmp_path)


def test_end_of_report_counts_every_line_of_the_file(fixtures_dir: Path, tmp_path: Path) -> None:
    # The real DISPATCHSCADA file: 1 C row + 1 I row + 390 D rows + END OF REPORT = 393.
    data = scada_csv(fixtures_dir)
    assert data.rstrip().endswith(b'C,"END OF REPORT",393')
    sections = list(iter_mms_sections(io.BytesIO(data), "scada.CSV", tmp_path))
    assert sections[0].first_line == 3


def test_columns_come_from_the_i_row(fixtures_dir: Path, tmp_path: Path) -> None:
    (section,) = parse(fixtures_dir / SCADA, tmp_path)
    assert section.table.columns == ("settlementdate", "duid", "scadavalue")
    assert section.table.raw_table == "dispatch_unit_scada"
    first = section.path.read_text().splitlines()[0]
    assert first == '"2021/09/02 12:55:00",BARCSF1,5'


def test_rooftop_column_order_differs_between_files(fixtures_dir: Path, tmp_path: Path) -> None:
    (current,) = parse(
        fixtures_dir / "mmsdm/2024_07/PUBLIC_DVD_ROOFTOP_PV_ACTUAL_202407010000.zip",
        tmp_path,
        check_count=False,
    )
    (archive,) = parse(
        fixtures_dir / ARCHIVE_2024_08.format("ROOFTOP_PV_ACTUAL"), tmp_path, check_count=False
    )
    assert current.table.columns[2:] == ("power", "qi", "type", "lastchanged")
    assert archive.table.columns[2:] == ("power", "lastchanged", "type", "qi")


def test_nemosis_unnamed_subtype_is_blank(fixtures_dir: Path, tmp_path: Path) -> None:
    relative = "nemweb/current/Daily_Reports/PUBLIC_DAILY_202605140000_20260515040504.zip"
    archive = zipfile.ZipFile(fixtures_dir / relative)
    assert b"\nI,DREGION,Unnamed: 2,2," in archive.read(archive.namelist()[0])
    sections = parse(fixtures_dir / relative, tmp_path, check_count=False)
    dregion = [section for section in sections if section.table.report == "DREGION"]
    assert {section.table.subtype for section in dregion} == {""}
    assert {section.table.raw_table for section in dregion} == {"dregion"}


def test_parse_table_header() -> None:
    table = parse_table_header("I,DREGION,Unnamed: 2,2,SETTLEMENTDATE,RUNNO,REGIONID", "f.CSV")
    assert (table.report, table.subtype, table.version) == ("DREGION", "", "2")
    assert table.columns == ("settlementdate", "runno", "regionid")
    assert table.row_prefix == b"D,DREGION,,2,"
    with pytest.raises(BadFileError, match=r"f\.CSV: I row repeats columns duid"):
        parse_table_header("I,DISPATCH,UNIT_SCADA,1,DUID,duid", "f.CSV")
    with pytest.raises(BadFileError, match=r"f\.CSV: invalid I row"):
        parse_table_header("I,DISPATCH,UNIT_SCADA,x,DUID", "f.CSV")


def test_nested_zips_name_every_level(fixtures_dir: Path, tmp_path: Path) -> None:
    # A daily Archive zip holds 5-minute zips; built here from two real zips.
    inner = [
        fixtures_dir / SCADA,
        fixtures_dir / next(name for name in CATALOG if "INTERMITTENT" in name),
    ]
    outer = tmp_path / "PUBLIC_ARCHIVE_DAY.zip"
    with zipfile.ZipFile(outer, "w") as archive:
        for path in inner:
            archive.write(path, path.name)
    sections = parse(outer, tmp_path, check_count=False)
    assert [(section.source_file, section.rows) for section in sections] == [
        (f"{outer.name}/{inner[0].name}/{inner[0].with_suffix('.CSV').name}", 390),
        (f"{outer.name}/{inner[1].name}/{inner[1].with_suffix('.CSV').name}", 576),
    ]


def test_truncated_csv_is_rejected(fixtures_dir: Path, tmp_path: Path) -> None:
    lines = scada_csv(fixtures_dir).splitlines(keepends=True)
    with pytest.raises(BadFileError, match=r"^cut\.CSV: truncated: no END OF REPORT row"):
        list(iter_mms_sections(io.BytesIO(b"".join(lines[:200])), "cut.CSV", tmp_path))
    cut_in_a_row = b"".join(lines[:200]) + lines[200][:4]
    with pytest.raises(BadFileError, match=r"^cut\.CSV: line 201: expected a D row"):
        list(iter_mms_sections(io.BytesIO(cut_in_a_row), "cut.CSV", tmp_path))


def test_row_of_another_table_is_rejected_with_its_line(fixtures_dir: Path, tmp_path: Path) -> None:
    lines = scada_csv(fixtures_dir).splitlines(keepends=True)
    lines[9] = b'D,CO2EII,PUBLISHING,1,"AGL KEMPS CREEK",AGLSITA1,AGLSITA1,NSW1,0.06\r\n'
    with pytest.raises(
        BadFileError, match=r"^mixed\.CSV: line 10: expected a D row of DISPATCH\.UNIT_SCADA\.1"
    ):
        list(iter_mms_sections(io.BytesIO(b"".join(lines)), "mixed.CSV", tmp_path))


def test_html_page_is_not_an_mms_file(fixtures_dir: Path, tmp_path: Path) -> None:
    page = (fixtures_dir / "nemweb/dirlisting/nemweb_dirlisting.html").read_bytes()
    with pytest.raises(BadFileError, match=r"^page\.CSV: line 1: not an MMS CSV file"):
        list(iter_mms_sections(io.BytesIO(page), "page.CSV", tmp_path))


def test_content_after_end_of_report_is_rejected(fixtures_dir: Path, tmp_path: Path) -> None:
    data = scada_csv(fixtures_dir) + b"D,DISPATCH,UNIT_SCADA,1,x,y,1\r\n"
    with pytest.raises(BadFileError, match=r"line 394: content after the END OF REPORT row"):
        list(iter_mms_sections(io.BytesIO(data), "extra.CSV", tmp_path))


def test_a_long_section_is_cut_into_pieces_of_consecutive_lines(
    fixtures_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = scada_csv(fixtures_dir)
    monkeypatch.setattr(mms, "BLOCK_SIZE", 2048)
    monkeypatch.setattr(mms, "PIECE_BYTES", 8192)
    monkeypatch.setattr(mms, "FIRST_PIECE_BYTES", 2048)
    pieces = list(iter_mms_sections(io.BytesIO(data), "scada.CSV", tmp_path))
    assert len(pieces) > 3
    sizes = [piece.path.stat().st_size for piece in pieces]
    assert all(sizes[0] * 2 < size for size in sizes[1:-1])  # the first cut at FIRST_PIECE_BYTES
    assert {piece.table.label for piece in pieces} == {"DISPATCH.UNIT_SCADA.1"}
    assert [piece.first_line for piece in pieces] == [
        3 + sum(piece.rows for piece in pieces[:n]) for n in range(len(pieces))
    ]
    fields = b"".join(
        line.split(b",", 4)[4]
        for line in data.splitlines(keepends=True)
        if line.startswith(b"D,DISPATCH,UNIT_SCADA,1,")
    )
    assert b"".join(piece.path.read_bytes() for piece in pieces) == fields
    assert fields.startswith(b'"2021/09/02 12:55:00",')
