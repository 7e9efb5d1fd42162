"""The search index: our own analysed terms in two plain tables, the same on every engine.

`search_index` holds one row per searchable item (provision, statement, document, speaker,
article): what a hit shows (title, the body its snippet comes from, its document) and its
terms in order (`terms`, space-separated, for phrases). `search_index_terms` holds the
postings: each (term, item) once, with a weight (2 per occurrence in the heading, 1 in the
body). Both are rebuilt from the data whenever seeds load, by tokens.py's one analyser, so
matching and ranking never depend on an engine's stemmer or ranking function. Their DDL is
migration 0010's; the tables here describe it for queries (and are left out of autogenerate).
"""

from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from policyapi.search.tokens import terms

METADATA = sa.MetaData()
ITEMS = sa.Table(
    "search_index",
    METADATA,
    sa.Column("kind", sa.String(20), primary_key=True),
    sa.Column("item_id", sa.String(160), primary_key=True),
    sa.Column("document_id", sa.String(160)),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("terms", sa.Text, nullable=False),
    sa.Column("length", sa.Integer, nullable=False),
)
POSTINGS = sa.Table(
    "search_index_terms",
    METADATA,
    sa.Column("term", sa.Text, primary_key=True),
    sa.Column("kind", sa.String(20), primary_key=True),
    sa.Column("item_id", sa.String(160), primary_key=True),
    sa.Column("weight", sa.Integer, nullable=False),
)
KINDS = ("provision", "statement", "document", "speaker", "article")
HEADING_WEIGHT = 2
# Between the heading's and the body's terms in `terms`, so no phrase spans the two.
FIELD_BREAK = "|"
BATCH = 5000

# Per kind: a select of (id, document_id, title shown, heading searched, body searched and
# snippeted) from `{page}`, and the table that is paged. `{page}` is one batch of that table's
# rows in id order, taken before any join: otherwise PostgreSQL may join (and run the citation
# subquery for) every row of the table for each batch, and sort them to keep the first few.
_SOURCES = {
    "provision": (
        "SELECT p.id, p.document_id, p.number || ' ' || p.heading, "
        "p.number || ' ' || p.heading, p.summary || ' ' || COALESCE(p.text, '') "
        "FROM {page} p",
        "provisions",
    ),
    # A statement's title: who said it, where; its document: the first one it cites.
    "statement": (
        "SELECT s.id, "
        "(SELECT MIN(c.document_id) FROM citations c WHERE c.statement_id = s.id), "
        "COALESCE(sp.name || ', ', '') || a.title, COALESCE(sp.name, ''), s.text "
        "FROM {page} s JOIN articles a ON a.id = s.article_id "
        "LEFT JOIN speakers sp ON sp.id = s.speaker_id",
        "statements",
    ),
    "document": (
        "SELECT d.id, d.id, d.title, d.title, COALESCE(d.summary, '') FROM {page} d",
        "documents",
    ),
    "speaker": ("SELECT sp.id, NULL, sp.name, sp.name, '' FROM {page} sp", "speakers"),
    "article": ("SELECT a.id, NULL, a.title, a.title, '' FROM {page} a", "articles"),
}


# The tables the sources read (ANALYZE sees the transaction's own rows).
ANALYSED_SOURCES = ("provisions", "statements", "citations", "articles", "speakers", "documents")


def _batches(conn: sa.Connection, kind: str) -> Iterator[Sequence[sa.Row[Any]]]:
    """A kind's source rows, BATCH at a time in id order (memory bounded on any dataset)."""
    select, table = _SOURCES[kind]
    page = f"(SELECT * FROM {table} WHERE id > :after ORDER BY id LIMIT {BATCH})"  # nosec B608
    sql = sa.text(f"{select.format(page=page)} ORDER BY 1")  # nosec B608  # constant fragments
    after = ""
    while rows := conn.execute(sql, {"after": after}).all():
        yield rows
        after = rows[-1][0]


def entries(kind: str, row: Sequence[Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One item's index row and its postings."""
    item_id, document_id, title, heading, body = row
    heading_terms, body_terms = terms(heading), terms(body)
    weights: dict[str, int] = {}
    for term in heading_terms:
        weights[term] = weights.get(term, 0) + HEADING_WEIGHT
    for term in body_terms:
        weights[term] = weights.get(term, 0) + 1
    item = {
        "kind": kind,
        "item_id": item_id,
        "document_id": document_id,
        "title": title,
        "body": body,
        # Padded with spaces so a phrase is the LIKE pattern '% a b %' anywhere.
        "terms": " ".join(["", *heading_terms, FIELD_BREAK, *body_terms, ""]),
        "length": len(heading_terms) + len(body_terms),
    }
    postings = [
        {"term": term, "kind": kind, "item_id": item_id, "weight": weight}
        for term, weight in weights.items()
    ]
    return item, postings


def refresh_search_index(session: Session) -> None:
    """Rebuild the search index from the data, inside the caller's transaction."""
    conn = session.connection()
    rebuild(conn)


def rebuild(conn: sa.Connection) -> None:
    """Empty the index and analyse every searchable item into it."""
    conn.execute(POSTINGS.delete())
    conn.execute(ITEMS.delete())
    if conn.dialect.name == "postgresql":
        # Rows written earlier in this transaction (a load, a synthetic dataset) have no
        # statistics yet; without them the planner may read every citation for each statement.
        conn.exec_driver_sql(f"ANALYZE {', '.join(ANALYSED_SOURCES)}")
    for kind in KINDS:
        for rows in _batches(conn, kind):
            items: list[dict[str, Any]] = []
            postings: list[dict[str, Any]] = []
            for row in rows:
                item, its_postings = entries(kind, row)
                items.append(item)
                postings.extend(its_postings)
            _write(conn, items, postings)


def _write(
    conn: sa.Connection, items: list[dict[str, Any]], postings: list[dict[str, Any]]
) -> None:
    if conn.dialect.name != "postgresql":
        conn.execute(ITEMS.insert(), items)
        conn.execute(POSTINGS.insert(), postings)
        return
    # COPY: an order of magnitude faster than INSERTs for a million postings.
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    for table, rows in ((ITEMS, items), (POSTINGS, postings)):
        names = [column.name for column in table.columns]
        with cursor.copy(f"COPY {table.name} ({', '.join(names)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[name] for name in names])
