"""Cached bodies are stored gzip-compressed and sent compressed only to clients accepting gzip."""

from collections.abc import Callable

import pytest
from starlette.testclient import TestClient

from api.compression import accepts_gzip
from tests.api.conftest import Rows

FACILITY = ("BAYSW", "Bayswater", "NEM", "NSW1", "AGL")
UNIT = ("BW01", "BAYSW", "NEM", "NSW1", "coal_black", "coal", False, "GENERATOR", 660.0, 0.9)
ROWS: Rows = {"dim_facilities_v1": [FACILITY], "dim_units_v1": [(*UNIT, "aemo", "operating")]}


@pytest.mark.parametrize(
    ("accept_encoding", "expected"),
    [
        ("gzip", True),
        ("gzip, deflate, br", True),
        ("br;q=1.0, GZIP;q=0.5", True),
        ("*", True),
        ("gzip;q=0", False),
        ("gzip;q=0.000", False),
        ("gzip;q=x", False),
        ("identity", False),
        ("deflate, br", False),
        ("", False),
    ],
)
def test_accepts_gzip(accept_encoding: str, expected: bool) -> None:
    assert accepts_gzip(accept_encoding) is expected


@pytest.mark.parametrize("answer", ["miss", "hit"])
def test_the_same_json_compressed_or_not(
    make_client: Callable[[Rows], TestClient], answer: str
) -> None:
    client = make_client(ROWS)
    if answer == "hit":
        client.get("/v4/facilities/")
    gzipped = client.get("/v4/facilities/", headers={"accept-encoding": "gzip"})
    plain = client.get("/v4/facilities/", headers={"accept-encoding": "identity"})
    assert gzipped.headers["x-cache"] == answer
    assert gzipped.headers["content-encoding"] == "gzip"
    assert "content-encoding" not in plain.headers
    assert gzipped.headers["vary"] == plain.headers["vary"]
    assert "Accept-Encoding" in plain.headers["vary"].split(", ")
    assert plain.content.startswith(b"{")
    assert gzipped.json()["data"] == plain.json()["data"]
    assert len(plain.json()["data"]) == 1
