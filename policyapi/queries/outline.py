"""Where provisions sit in their document's outline: each with every provision enclosing it.

One recursive query walks up the `parent_id` chains of any number of provisions at once (no
query per level), bounded by MAX_DEPTH so that a loop, which the seed check refuses but no
constraint forbids, cannot run away.
"""

from collections.abc import Sequence
from typing import Any, NamedTuple

import sqlalchemy as sa

from policyapi.queries.common import PROVISIONS_TABLE, any_of
from policyapi.queries.fetch import fetch

# Deeper than any document's outline (Part > Chapter > Section > ... > Clause is seven).
MAX_DEPTH = 32


class OutlineRow(NamedTuple):
    """What a provision's full label is built from."""

    id: str
    document_id: str
    parent_id: str | None
    kind: str
    number: str
    label_scheme: str
    position: int


def _chains() -> sa.Select[Any]:
    p, up = PROVISIONS_TABLE, PROVISIONS_TABLE.alias("up")
    # A literal column, not a bound 0: PostgreSQL needs one type for depth in both terms.
    depth = sa.literal_column("0", sa.Integer).label("depth")
    start = sa.select(p.c.id, p.c.parent_id, depth).where(any_of(p.c.id, "provision_ids"))
    chain = start.cte("chain", recursive=True)
    chain = chain.union_all(
        sa.select(up.c.id, up.c.parent_id, chain.c.depth + 1)
        .join(chain, up.c.id == chain.c.parent_id)
        .where(chain.c.depth < MAX_DEPTH)
    )
    return (
        sa.select(*(p.c[name] for name in OutlineRow._fields))
        .where(p.c.id.in_(sa.select(chain.c.id)))
        .order_by(p.c.document_id, p.c.position, p.c.id)
    )


CHAINS = _chains()


def chains_of(conn: sa.Connection, provision_ids: Sequence[str]) -> dict[str, OutlineRow]:
    """These provisions and every provision enclosing them, by id, in document order."""
    if not provision_ids:
        return {}
    rows = fetch(conn, CHAINS, {"provision_ids": list(provision_ids)}, OutlineRow)
    return {row.id: row for row in rows}
