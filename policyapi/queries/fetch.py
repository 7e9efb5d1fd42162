"""Run a prebuilt Core select straight on the DBAPI cursor.

SQLAlchemy's execution layer (execution context, result metadata, Row objects) costs about
60 µs per statement; the hot endpoints run three or four statements and answer in about a
millisecond. Here a statement is compiled once per dialect, expanded per call (IN lists) with
SQLAlchemy's own `construct_expanded_state`, and its rows come back as named tuples. Results
are not type-processed, except JSON columns, which SQLite returns as text: select plain columns.
"""

import threading
from collections import namedtuple
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass
from typing import Any, TypeVar, overload

import orjson
import sqlalchemy as sa
from cachetools import LRUCache

T = TypeVar("T")
Query = sa.Select[Any] | sa.CompoundSelect[Any] | sa.TextualSelect


@dataclass(frozen=True)
class _Prepared:
    compiled: Any
    row_type: type
    json_columns: tuple[int, ...]  # decoded here: only SQLite returns JSON as text


_lock = threading.Lock()
_prepared: LRUCache[tuple[Query, str], _Prepared] = LRUCache(maxsize=1024)


def _prepare(stmt: Query, dialect: sa.Dialect) -> _Prepared:
    key = (stmt, dialect.name)
    with _lock:
        prepared = _prepared.get(key)
    if prepared is None:
        columns = list(stmt.selected_columns)
        json_columns: tuple[int, ...] = ()
        if dialect.name == "sqlite":
            json_columns = tuple(i for i, c in enumerate(columns) if isinstance(c.type, sa.JSON))
        prepared = _Prepared(
            compiled=stmt.compile(dialect=dialect),
            row_type=namedtuple("Row", [c.key for c in columns]),  # type: ignore[misc]
            json_columns=json_columns,
        )
        with _lock:
            _prepared[key] = prepared
    return prepared


@overload
def fetch(conn: sa.Connection, stmt: Query, params: Mapping[str, Any]) -> list[Any]: ...


@overload
def fetch(
    conn: sa.Connection, stmt: Query, params: Mapping[str, Any], row_type: type[T]
) -> list[T]: ...


def fetch(
    conn: sa.Connection, stmt: Query, params: Mapping[str, Any], row_type: type[Any] | None = None
) -> list[Any]:
    """All rows of `stmt` with `params`, as named tuples keyed like the selected columns.

    With `row_type` (a NamedTuple naming the selected columns in order), rows are of that type;
    a select and a row type that disagree are a programming error, raised on first use.
    """
    prepared = _prepare(stmt, conn.dialect)
    if row_type is None:
        row_type = prepared.row_type
    elif getattr(row_type, "_fields", ()) != prepared.row_type._fields:  # type: ignore[attr-defined]
        columns = prepared.row_type._fields  # type: ignore[attr-defined]
        raise TypeError(f"{row_type.__name__} names {row_type._fields}, the select {columns}")
    return [row_type(*row) for row in fetch_tuples(conn, stmt, params)]


def fetch_tuples(conn: sa.Connection, stmt: Query, params: Mapping[str, Any]) -> list[Any]:
    """All rows of `stmt` with `params` as the driver gives them, for many-row reads."""
    prepared = _prepare(stmt, conn.dialect)
    state = prepared.compiled.construct_expanded_state(dict(params))
    values = dict(state.parameters)
    for name, process in state.processors.items():
        if name in values:
            values[name] = process(values[name])
    parameters: Any = values
    if prepared.compiled.positional:
        parameters = [values[name] for name in state.positiontup]
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    # The engine's cursor events still fire, so tracing and tests see these statements.
    events = conn.dispatch
    try:
        events.before_cursor_execute(conn, cursor, state.statement, parameters, None, False)
        cursor.execute(state.statement, parameters)
        events.after_cursor_execute(conn, cursor, state.statement, parameters, None, False)
        found: list[Any] = cursor.fetchall()
    except conn.dialect.loaded_dbapi.Error as error:
        # What Connection.execute does with a driver's error: raised as SQLAlchemy's
        # DBAPIError (OperationalError...), the connection invalidated if it was lost, so
        # errors.py answers it as for any query (over its time budget: a 503, never a 500).
        conn._handle_dbapi_exception(error, state.statement, parameters, cursor, None)
    finally:
        with suppress(conn.dialect.loaded_dbapi.Error):  # a cursor of a lost connection
            cursor.close()
    if prepared.json_columns:
        found = [_decode(row, prepared.json_columns) for row in found]
    return found


def _decode(row: Any, columns: tuple[int, ...]) -> list[Any]:
    values = list(row)
    for i in columns:
        if values[i] is not None:
            values[i] = orjson.loads(values[i])
    return values
