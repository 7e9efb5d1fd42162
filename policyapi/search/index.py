"""The full-text index over provisions and statements: FTS5 on SQLite, tsvector on PostgreSQL.

The index is a plain table rebuilt from the data whenever seeds load, so both engines search
the same rows. Its DDL lives in the migrations (it is engine-specific, so not in the models).
"""

import sqlalchemy as sa
from sqlmodel import Session

SEARCH_TABLE = "search_index"

_FILL = """
INSERT INTO search_index (kind, item_id, document_id, title, body)
SELECT 'provision', p.id, p.document_id, p.number || ' ' || p.heading,
       p.summary || ' ' || COALESCE(p.text, '')
FROM provisions p
UNION ALL
SELECT 'statement', s.id, NULL, COALESCE(sp.name, ''), s.text
FROM statements s LEFT JOIN speakers sp ON sp.id = s.speaker_id
ORDER BY 1, 2
"""
# Rows go in (kind, item_id) order, so SQLite's rowid breaks rank ties exactly as
# (kind, item_id) would, without reading those columns for every match.


def refresh_search_index(session: Session) -> None:
    """Rebuild the search index from provisions and statements, inside the caller's transaction."""
    session.execute(sa.text(f"DELETE FROM {SEARCH_TABLE}"))  # nosec B608  # a constant name
    session.execute(sa.text(_FILL))
