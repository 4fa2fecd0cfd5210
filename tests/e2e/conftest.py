"""Fixtures of the whole-pipeline tests: the warehouse built once per run (see
tests/support/e2e_warehouse.py)."""

from collections.abc import Iterator

import pytest

from tests.support.e2e_warehouse import Pipeline, shared_pipeline


@pytest.fixture(scope="session")
def pipeline(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pipeline]:
    with shared_pipeline(tmp_path_factory) as built:
        yield built
