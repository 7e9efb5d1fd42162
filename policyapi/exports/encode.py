"""Encode exported rows as CSV, NDJSON or a JSON array, one chunk of bytes per batch of rows.

CSV follows RFC 4180: UTF-8, a header row, CRLF line ends, fields quoted only when needed.
A null is written as the two characters `\\N` (as PostgreSQL's COPY and MySQL do), so an empty
field is always the empty string. Arrays are JSON-encoded cells. Nested objects are written
with sorted keys everywhere, so the bytes depend only on the content.
"""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from enum import StrEnum
from typing import Any

import orjson

from policyapi.exports.tables import Column, ExportTable, Kind

NULL = "\\N"
CRLF = "\r\n"


class Format(StrEnum):
    CSV = "csv"
    NDJSON = "ndjson"
    JSON = "json"


MEDIA_TYPES = {
    Format.CSV: "text/csv",
    Format.NDJSON: "application/x-ndjson",
    Format.JSON: "application/json",
}

Row = Sequence[Any]
Batches = Iterable[Sequence[Row]]


class UnrepresentableValue(ValueError):
    """A text value that equals the CSV null marker cannot be told apart from null."""


def canonical_json(value: Any) -> bytes:
    """A JSON value (or its stored text) as compact JSON with sorted keys."""
    if isinstance(value, str):
        value = orjson.loads(value)
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


class _Shape:
    """Which positions of a row need more than passing through, found once per table."""

    def __init__(self, columns: Sequence[Column]) -> None:
        self.names = [column.name for column in columns]
        self.arrays = [i for i, column in enumerate(columns) if column.kind is Kind.ARRAY]
        self.dates = [i for i, column in enumerate(columns) if column.kind is Kind.DATE]

    def csv_cells(self, row: Row) -> list[Any]:
        if NULL in row:
            raise UnrepresentableValue(f"the text {NULL!r} cannot be exported to CSV")
        cells = [NULL if value is None else value for value in row]
        for i in self.arrays:
            if row[i] is not None:
                cells[i] = canonical_json(row[i]).decode()
        for i in self.dates:
            if row[i] is not None:
                cells[i] = date.isoformat(row[i])
        return cells

    def json_object(self, row: Row) -> bytes:
        values = list(row)
        for i in self.arrays:
            if row[i] is not None:
                values[i] = orjson.Fragment(canonical_json(row[i]))
        for i in self.dates:
            if row[i] is not None:
                values[i] = date.isoformat(row[i])
        return orjson.dumps(dict(zip(self.names, values, strict=True)))


def csv_chunks(columns: Sequence[Column], batches: Batches) -> Iterator[bytes]:
    """The header, then one chunk per batch of rows."""
    shape = _Shape(columns)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator=CRLF)
    writer.writerow(shape.names)
    yield buffer.getvalue().encode()
    for batch in batches:
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(map(shape.csv_cells, batch))
        yield buffer.getvalue().encode()


def ndjson_chunks(columns: Sequence[Column], batches: Batches) -> Iterator[bytes]:
    """One JSON object per line."""
    shape = _Shape(columns)
    for batch in batches:
        yield b"".join(shape.json_object(row) + b"\n" for row in batch)


def json_chunks(columns: Sequence[Column], batches: Batches) -> Iterator[bytes]:
    """A JSON array of objects, one per line."""
    shape = _Shape(columns)
    separator = b"[\n"
    for batch in batches:
        parts = []
        for row in batch:
            parts.append(separator + shape.json_object(row))
            separator = b",\n"
        yield b"".join(parts)
    yield b"[]\n" if separator == b"[\n" else b"\n]\n"


ENCODERS = {Format.CSV: csv_chunks, Format.NDJSON: ndjson_chunks, Format.JSON: json_chunks}


def encode(table: ExportTable, fmt: Format, batches: Batches) -> Iterator[bytes]:
    """Encode batches of `table` rows (values in column order) as `fmt`."""
    return ENCODERS[fmt](table.columns, batches)


def interruption(fmt: Format, message: str) -> bytes:
    """The last bytes of a file whose reading was interrupted: no reader takes it as whole.

    CSV gets a last line starting with `#` (a row of one field), NDJSON a last object with an
    `error`, and JSON is left unclosed with the message after it, so it does not parse.
    """
    if fmt is Format.CSV:
        return f"# {message}{CRLF}".encode()
    if fmt is Format.NDJSON:
        return orjson.dumps({"error": "export interrupted", "detail": message}) + b"\n"
    return f"\n/* {message} */\n".encode()


def marked(fmt: Format, chunks: Iterator[bytes], interrupted: type[Exception]) -> Iterator[bytes]:
    """`chunks`, ending with the interruption marker if reading them raises `interrupted`."""
    try:
        yield from chunks
    except interrupted as error:
        yield interruption(fmt, str(error))
