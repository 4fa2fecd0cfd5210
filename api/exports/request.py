"""What `/v4/export/{dataset}/{YYYY-MM}.{format}` asks for, validated against the vocabularies:
an unknown dataset or format is 404, a malformed or impossible month 400."""

import re
from dataclasses import dataclass
from datetime import date

from api.errors import ApiError
from api.exports.datasets import DATASETS, ExportDataset
from api.exports.files import FORMATS, FileFormat

_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
FIRST_YEAR = 1998  # the NEM started in December 1998
LAST_YEAR = 2199  # well inside every engine's timestamps (ClickHouse's DateTime64 ends in 2299)


@dataclass(frozen=True)
class ExportRequest:
    dataset: ExportDataset
    month: date  # the first day, network time
    file_format: FileFormat

    @property
    def filename(self) -> str:
        return f"{self.dataset.name}-{self.month:%Y-%m}.{self.file_format.extension}"


def parse_month(text: str) -> date:
    """`YYYY-MM` (FIRST_YEAR-01 .. LAST_YEAR-12) as the month's first day."""
    found = _MONTH.fullmatch(text)
    if not found or not 1 <= int(found[2]) <= 12 or not FIRST_YEAR <= int(found[1]) <= LAST_YEAR:
        raise ApiError(f"month must be YYYY-MM, {FIRST_YEAR}-01 to {LAST_YEAR}-12, got {text!r}")
    return date(int(found[1]), int(found[2]), 1)


def parse_export(dataset: str, filename: str) -> ExportRequest:
    """Every check on an export request: the dataset, the month and the file format."""
    if dataset not in DATASETS:
        raise ApiError(f"unknown dataset {dataset!r}; one of {', '.join(DATASETS)}", 404)
    month, _, extension = filename.rpartition(".")
    if extension not in FORMATS:
        raise ApiError(f"unknown format {extension!r}; one of {', '.join(FORMATS)}", 404)
    return ExportRequest(DATASETS[dataset], parse_month(month), FORMATS[extension])
