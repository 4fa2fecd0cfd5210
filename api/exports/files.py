"""Arrow record batches to file bytes, chunk by chunk: each batch written is handed on at once,
so a file of any size passes through memory one batch at a time."""

import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq


class _Drain(io.RawIOBase):
    """A write-only sink whose bytes are taken out (`drain`) as soon as they are written."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self._position = 0

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        self._parts.append(bytes(data))
        self._position += len(data)
        return len(data)

    def tell(self) -> int:
        return self._position

    def drain(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


class _Writer(Protocol):
    def write_batch(self, batch: pa.RecordBatch) -> None: ...
    def close(self) -> None: ...


def _chunks(
    schema: pa.Schema, batches: Iterable[pa.RecordBatch], open_writer: Callable[..., _Writer]
) -> Iterator[bytes]:
    sink = _Drain()
    writer = open_writer(sink, schema)
    for batch in batches:
        writer.write_batch(conform(batch, schema))
        if chunk := sink.drain():
            yield chunk
    writer.close()
    yield sink.drain()


def conform(batch: pa.RecordBatch, schema: pa.Schema) -> pa.RecordBatch:
    """`batch` with `schema`'s column types (engines differ: ClickHouse's times carry UTC)."""
    if batch.schema.equals(schema):
        return batch
    columns = [_naive(batch.column(field.name)).cast(field.type) for field in schema]
    return pa.RecordBatch.from_arrays(columns, schema=schema)


def _naive(column: pa.Array) -> pa.Array:
    if pa.types.is_timestamp(column.type) and column.type.tz is not None:
        return column.cast(pa.timestamp(column.type.unit))
    return column


def parquet_chunks(schema: pa.Schema, batches: Iterable[pa.RecordBatch]) -> Iterator[bytes]:
    return _chunks(schema, batches, lambda sink, s: pq.ParquetWriter(sink, s, compression="zstd"))


def csv_chunks(schema: pa.Schema, batches: Iterable[pa.RecordBatch]) -> Iterator[bytes]:
    return _chunks(schema, batches, pa_csv.CSVWriter)


@dataclass(frozen=True)
class FileFormat:
    extension: str
    media_type: str
    chunks: Callable[[pa.Schema, Iterable[pa.RecordBatch]], Iterator[bytes]]


FORMATS = {
    "parquet": FileFormat("parquet", "application/vnd.apache.parquet", parquet_chunks),
    "csv": FileFormat("csv", "text/csv", csv_chunks),
}
