"""Which ids a filter names exist, and ids near an unknown one to suggest instead.

Filters on ids (`speaker=`, `document=`...) are checked before the page query: an unknown id
is a 422 naming the closest ones, not an empty 200. Checking costs one indexed IN query per
filter given; only a refused request pays for the suggestion query, which reads a bounded
number of ids whatever the table's size.
"""

import sqlalchemy as sa

from policyapi.queries.common import (
    ARTICLES_TABLE,
    DOCUMENTS_TABLE,
    JURISDICTIONS_TABLE,
    PROVISIONS_TABLE,
    SPEAKERS_TABLE,
    STATEMENTS_TABLE,
    any_of,
)
from policyapi.queries.fetch import fetch_tuples
from policyapi.seeds.releases import SUBJECTS

# Filter name -> the table whose ids it takes (the same name as the change subject kind).
ID_TABLES = {
    "document": DOCUMENTS_TABLE,
    "provision": PROVISIONS_TABLE,
    "speaker": SPEAKERS_TABLE,
    "article": ARTICLES_TABLE,
    "statement": STATEMENTS_TABLE,
    "jurisdiction": JURISDICTIONS_TABLE,
}
# Suggestions come from the first POOL ids (all of them in a dataset of news-sized tables)
# and the NEIGHBOURS ids either side of the unknown one in id order (a typo near the end of
# a long id in a large table: `...-s99` for `...-s9`).
POOL = 2000
NEIGHBOURS = 20


def _present(kind: str) -> sa.Select[tuple[str]]:
    table = ID_TABLES[kind]
    return sa.select(table.c.id.label("id")).where(any_of(table.c.id, "ids"))


def _present_or_changed(kind: str) -> sa.CompoundSelect[tuple[str]]:
    # An id a past release removed still names changes: /v1/changes accepts it.
    changed = sa.select(SUBJECTS.c.value.label("id")).where(
        SUBJECTS.c.kind == kind, any_of(SUBJECTS.c.value, "ids")
    )
    return sa.union(_present(kind), changed)


def _near(kind: str) -> sa.CompoundSelect[tuple[str]]:
    column = ID_TABLES[kind].c.id
    parts = [
        sa.select(column).order_by(column).limit(POOL),
        sa.select(column).where(column >= sa.bindparam("near")).order_by(column).limit(NEIGHBOURS),
        sa.select(column)
        .where(column < sa.bindparam("near"))
        .order_by(column.desc())
        .limit(NEIGHBOURS),
    ]
    # SQLite takes ORDER BY and LIMIT in a compound's parts only inside subqueries.
    return sa.union(*(sa.select(part.subquery().c.id) for part in parts))


PRESENT = {kind: _present(kind) for kind in ID_TABLES}
PRESENT_OR_CHANGED = {kind: _present_or_changed(kind) for kind in ID_TABLES}
NEAR = {kind: _near(kind) for kind in ID_TABLES}


def present_ids(
    conn: sa.Connection, kind: str, ids: list[str], *, or_changed: bool = False
) -> set[str]:
    """Those of `ids` in the data (or, with `or_changed`, that some change is about)."""
    query = (PRESENT_OR_CHANGED if or_changed else PRESENT)[kind]
    return {str(row[0]) for row in fetch_tuples(conn, query, {"ids": ids})}


def ids_near(conn: sa.Connection, kind: str, wanted: str) -> list[str]:
    """At most POOL + 2 x NEIGHBOURS ids to find a suggestion for `wanted` among."""
    return [str(row[0]) for row in fetch_tuples(conn, NEAR[kind], {"near": wanted})]
