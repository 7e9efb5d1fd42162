"""Read exported rows from the database in batches, without holding a whole table in memory."""

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from policyapi.exports.tables import ExportTable

# Rows per database fetch and per chunk of the response body.
BATCH_ROWS = 1000


def byte_order(column: sa.ColumnElement[Any], dialect: str) -> sa.ColumnElement[Any]:
    """Order text by its bytes on every engine."""
    # PostgreSQL sorts text by the database's locale, SQLite by code point. Sorting by bytes
    # ("C") makes the row order, hence the bytes of an export, the same on both engines.
    if dialect == "postgresql" and isinstance(column.type, sa.String):
        return column.collate("C")
    return column


def table_select(table: ExportTable, dialect: str) -> sa.Select[Any]:
    """Every row of `table`, its exported columns, in its stable order."""
    order = [byte_order(table.table.c[name], dialect) for name in table.order]
    return sa.select(*table.select_columns()).order_by(*order)


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
    bind: sa.Engine | sa.Connection, query: sa.Select[Any], params: Mapping[str, Any] | None = None
) -> Iterator[Sequence[sa.Row[Any]]]:
    """Rows of `query` in batches, read through a server-side cursor where the engine has one.

    Given a connection (the loader's, inside its transaction), rows are read through it: a
    release's package is written from the data it is about to commit.
    """
    if isinstance(bind, sa.Connection):
        yield from _batches(bind, query, params)
        return
    with bind.connect() as connection:
        yield from _batches(connection, query, params)


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
