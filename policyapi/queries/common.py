"""Small helpers shared by the read queries."""

from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import QueryableAttribute
from sqlmodel import Session, SQLModel


def contains_all_words(columns: list[Any], q: str) -> sa.ColumnElement[bool]:
    """Every word of `q` appears (case-insensitively) in at least one of `columns`."""
    clauses = []
    for word in q.split():
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        clauses.append(sa.or_(*(col.ilike(f"%{escaped}%", escape="\\") for col in columns)))
    return sa.and_(sa.true(), *clauses)


def annotate(obj: Any, **values: Any) -> Any:
    """Attach computed values (counts) to a loaded model for serialisation.

    Table models refuse unknown attributes through pydantic's __setattr__; these values are
    read-only extras of one response, so they bypass it.
    """
    for name, value in values.items():
        object.__setattr__(obj, name, value)
    return obj


def period_end(partial_date: str) -> str:
    """The largest full date within a partial ISO date, for inclusive text comparison.

    "2020" -> "2020-12-31", "2020-02" -> "2020-02-31" (only compared as text, never parsed).
    """
    return partial_date + ["-12-31", "-31", ""][partial_date.count("-")]


def rel(attribute: object) -> QueryableAttribute[Any]:
    """Type a model's relationship or column attribute for loader options.

    SQLModel declares relationships with their Python value types, so mypy cannot see them as
    the instrumented attributes they are at runtime.
    """
    return cast(QueryableAttribute[Any], attribute)


def exists(session: Session, model: type[SQLModel], item_id: str) -> bool:
    """True when a row with this primary key exists (one cheap query, nothing loaded)."""
    table = cast(sa.Table, model.__table__)  # type: ignore[attr-defined]
    stmt = sa.select(sa.literal(1)).select_from(table).where(table.c.id == item_id)
    return session.execute(stmt).first() is not None
