"""Schema fuzz: schemathesis generates requests from the served OpenAPI document (every
operation in it, so new routes are picked up) and checks each answer: no 5xx, a documented
status and content type, a body valid against the documented schema. Deterministic and bounded
(a few examples per operation).

The app is built at import (schemathesis collects one test per operation from its document);
its reader opens the serving file lazily, which the module fixture writes before any request.
"""

import shutil
import tempfile
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.app import create_app
from api.reader import DuckDBServingReader
from tests.api.conftest import write_marts
from tests.api.sample_marts import sample_rows

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _date_times() -> st.SearchStrategy[str]:
    """Any year (often the first or the last), naive or with any offset: the edges where
    shifting to network time or by a default window overflows."""
    moments = st.sampled_from([datetime.min, datetime.max]) | st.datetimes()
    offsets = st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
    zones = st.none() | offsets
    return st.tuples(moments, zones).map(lambda pair: pair[0].replace(tzinfo=pair[1]).isoformat())


schemathesis.openapi.format("date-time", _date_times())
SERVING = Path(tempfile.mkdtemp(prefix="fuzz-")) / "w.serving.duckdb"
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(DuckDBServingReader(SERVING)))


@pytest.fixture(scope="module", autouse=True)
def serving_file() -> Iterator[Path]:
    yield write_marts(SERVING, sample_rows())
    shutil.rmtree(SERVING.parent)


@schema.parametrize()
@settings(
    max_examples=12,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_documented(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=CHECKS)
