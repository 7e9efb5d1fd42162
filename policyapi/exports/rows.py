"""Read exported rows from the database in batches, without holding a whole table in memory.

Read through an engine, a table comes in chunks, each its own short read (a keyset page on
its own connection and statement, under its own time budget): a slow client holds no
transaction, no snapshot and no lock between chunks, so it never keeps a data release from
committing nor trips a server's idle or statement timeouts. Every chunk checks the dataset it
was read from against the one the first chunk saw, so a file never mixes two releases: if a
release lands mid-stream, the reader stops with ReleaseChanged (the encoder marks the file).
"""

from collections.abc import Iterator, Mapping, Sequence
from contextlib import nullcontext
from typing import Any

import sqlalchemy as sa

from policyapi import budget
from policyapi.exports.encode import Row
from policyapi.exports.tables import ExportTable
from policyapi.queries.meta import get_dataset_fingerprint

# Rows per database fetch and per chunk of the response body.
BATCH_ROWS = 1000


def byte_order(column: sa.ColumnElement[Any], dialect: str) -> sa.ColumnElement[Any]:
    """Order text by its bytes on every engine."""
    # PostgreSQL sorts text by the database's locale, SQLite by code point. Sorting by bytes
    # ("C") makes the row order, hence the bytes of an export, the same on both engines.
    if dialect == "postgresql" and _is_text(column.type):
        return column.collate("C")
    return column


def _is_text(type_: sa.types.TypeEngine[Any]) -> bool:
    # SQLModel's AutoString is a TypeDecorator over String, not a String itself.
    if isinstance(type_, sa.types.TypeDecorator):
        return isinstance(type_.impl_instance, sa.String)
    return isinstance(type_, sa.String)


class ReleaseChanged(Exception):
    """A new dataset release was loaded while a chunked export was being read."""

    def __init__(self, pinned: str, current: str) -> None:
        super().__init__(
            f"export interrupted: the dataset changed from {pinned} to {current} while this "
            "file was read; download it again"
        )


def table_order(table: ExportTable, dialect: str) -> list[sa.ColumnElement[Any]]:
    """The stable row order of `table`'s export on `dialect` (unique together)."""
    return [byte_order(table.table.c[name], dialect) for name in table.order]


def table_select(table: ExportTable, dialect: str) -> sa.Select[Any]:
    """Every row of `table`, its exported columns, in its stable order."""
    return sa.select(*table.select_columns()).order_by(*table_order(table, dialect))


def count_rows(connection: sa.Connection, table: ExportTable) -> int:
    """Number of rows in `table` (for progress bars)."""
    count = connection.execute(sa.select(sa.func.count()).select_from(table.table)).scalar_one()
    return int(count)


def collection_select(
    table: ExportTable, where: Sequence[sa.ColumnElement[bool]], order: Sequence[Any]
) -> sa.Select[Any]:
    """The exported columns of the rows a collection's filters match, in the collection's order."""
    return sa.select(*table.select_columns()).where(*where).order_by(*order)


def iter_batches(
    connection: sa.Connection, query: sa.Select[Any], params: Mapping[str, Any] | None = None
) -> Iterator[Sequence[sa.Row[Any]]]:
    """Rows of `query` in batches through one connection, with a server-side cursor.

    For the loader, inside its transaction: a release's package is written from the data it
    is about to commit. Readers use iter_chunks.
    """
    yield from _batches(connection, query, params)


def iter_chunks(
    engine: sa.Engine,
    query: sa.Select[Any],
    order: Sequence[sa.ColumnElement[Any]],
    params: Mapping[str, Any] | None = None,
    chunk_seconds: float | None = None,
) -> Iterator[Sequence[Row]]:
    """Rows of `query` (ordered by `order`, unique together) in chunks, each read on its own.

    Every chunk gets `chunk_seconds` of time budget (None: unbounded, for jobs). Raises
    ReleaseChanged if the dataset changes between the first chunk and a later one.
    """
    width = len(query.selected_columns)
    keyed = query.add_columns(*(column.label(f"_key{i}") for i, column in enumerate(order)))
    after = sa.tuple_(*order) > sa.tuple_(*(sa.bindparam(f"_after{i}") for i in range(len(order))))
    pinned: str | None = None
    key: dict[str, Any] = {}
    while True:
        stmt = (keyed.where(after) if key else keyed).limit(BATCH_ROWS)
        window = nullcontext() if chunk_seconds is None else budget.window(chunk_seconds)
        with window, engine.connect() as connection:
            pinned = pinned or get_dataset_fingerprint(connection)
            rows = connection.execute(stmt, {**(params or {}), **key}).fetchall()
            # Read after the rows: a release committed before they were read is seen here.
            current = get_dataset_fingerprint(connection)
        if current != pinned:
            raise ReleaseChanged(pinned, current)
        if rows:
            yield [tuple(row[:width]) for row in rows]
        if len(rows) < BATCH_ROWS:
            return
        key = {f"_after{i}": value for i, value in enumerate(rows[-1][width:])}


def _batches(
    connection: sa.Connection, query: sa.Select[Any], params: Mapping[str, Any] | None
) -> Iterator[Sequence[sa.Row[Any]]]:
    # Per statement: Connection.execution_options() would change the connection itself (the
    # loader's, which goes on to write).
    result = connection.execute(query.execution_options(yield_per=BATCH_ROWS), params)
    try:
        yield from result.partitions()
    finally:
        # Also when the client goes away mid-download: release the server-side cursor.
        result.close()
