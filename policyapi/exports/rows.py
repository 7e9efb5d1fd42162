"""Read exported rows from the database in batches, without holding a whole table in memory."""

from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa

from policyapi.exports.tables import TABLE_BY_MODEL, ExportTable

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


def table_of(stmt: sa.Select[Any]) -> ExportTable | None:
    """The exported table a collection query lists, if it lists one plainly."""
    descriptions = stmt.column_descriptions
    entity = descriptions[0].get("entity") if len(descriptions) == 1 else None
    table = TABLE_BY_MODEL.get(entity) if entity is not None else None
    if table is None or list(stmt.get_final_froms()) != [table.table]:
        return None
    return table


def collection_select(
    table: ExportTable, stmt: sa.Select[Any], order: Sequence[Any]
) -> sa.Select[Any]:
    """The exported columns of the rows a collection query matches, in the collection's order."""
    query = sa.select(*table.select_columns())
    if stmt.whereclause is not None:
        query = query.where(stmt.whereclause)
    return query.order_by(*order)


def iter_batches(engine: sa.Engine, query: sa.Select[Any]) -> Iterator[Sequence[sa.Row[Any]]]:
    """Rows of `query` in batches, read through a server-side cursor where the engine has one."""
    with engine.connect() as connection:
        result = connection.execution_options(yield_per=BATCH_ROWS).execute(query)
        try:
            yield from result.partitions()
        finally:
            # Also when the client goes away mid-download: release the server-side cursor.
            result.close()
