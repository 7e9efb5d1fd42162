"""The hand-written floor: raw driver, dicts and orjson answering the same queries as the API.

Same JSON shapes as /v1/provisions/<id>, /v1/provisions/<id>/statements and /v1/statements
(first page or after a key), and a naive ranked search over the API's index tables (one
word's postings ranked, then sorted). No ORM, no schema library, no cursor signing; totals are
counted once per process.
Runs under the same gunicorn settings; DATABASE_URL picks SQLite or PostgreSQL.
"""

import base64
import os
import threading
from typing import Any

import orjson

from flask import Flask, Response, request

from policyapi.search.tokens import term_of  # the index's terms are ours: stem the word alike

URL = os.environ["DATABASE_URL"]
POSTGRES = URL.startswith("postgresql")
app = Flask(__name__)
_local = threading.local()
_totals: dict[tuple[Any, ...], int] = {}
RELATIONS = ("describes", "defends", "criticizes", "mentions")


def _connect() -> Any:
    if POSTGRES:
        import psycopg

        return psycopg.connect(URL.replace("postgresql+psycopg://", "postgresql://"))
    import sqlite3

    return sqlite3.connect(URL.removeprefix("sqlite:///"), check_same_thread=False)


def query(sql: str, *params: Any) -> list[Any]:
    conn = getattr(_local, "conn", None)
    if conn is None:
        conn = _local.conn = _connect()
    if POSTGRES:
        sql = sql.replace("?", "%s")
    cursor = conn.cursor()
    cursor.execute(sql, params)
    rows = cursor.fetchall()
    if POSTGRES:
        conn.rollback()
    return rows


def _json(body: Any) -> Response:
    return Response(orjson.dumps(body), mimetype="application/json")


def _ref(base: str, pid: str, number: str, eid: str, heading: str) -> dict[str, Any]:
    return {"id": pid, "url": f"{base}/provisions/{pid}", "number": number, "eid": eid,
            "heading": heading}  # fmt: skip


def _json_value(value: Any) -> Any:
    return orjson.loads(value) if isinstance(value, str) else value


PROVISION = """
SELECT p.id, p.document_id, d.title, p.number, p.eid, p.position, p.parent_id, pp.number,
       pp.eid, pp.heading, p.heading, p.summary, p.text, p.confidence, p.confidence_note,
       p.evidence
FROM provisions p JOIN documents d ON d.id = p.document_id
LEFT JOIN provisions pp ON pp.id = p.parent_id WHERE p.id = ?"""


@app.get("/v1/provisions/<pid>")
def provision(pid: str) -> Response:
    base = request.host_url.rstrip("/") + "/v1"
    rows = query(PROVISION, pid)
    if not rows:
        return Response(status=404)
    r = rows[0]
    children = query(
        "SELECT id, number, eid, heading FROM provisions WHERE parent_id = ? ORDER BY position",
        pid,
    )
    topics = query(
        "SELECT t.id, t.label FROM topics t JOIN provision_topics pt ON pt.topic_id = t.id "
        "WHERE pt.provision_id = ? ORDER BY t.position",
        pid,
    )
    counts = dict.fromkeys(RELATIONS, 0)
    for relation, n in query(
        "SELECT relation, count(DISTINCT statement_id) FROM citations WHERE provision_id = ? "
        "GROUP BY relation",
        pid,
    ):
        counts[relation] = n
    return _json({
        "id": r[0], "url": f"{base}/provisions/{r[0]}",
        "document": {"id": r[1], "url": f"{base}/documents/{r[1]}", "title": r[2]},
        "number": r[3], "eid": r[4], "position": r[5],
        "parent": _ref(base, r[6], r[7], r[8], r[9]) if r[6] else None,
        "children": [_ref(base, *c) for c in children],
        "heading": r[10], "summary": r[11], "text": r[12],
        "topics": [{"id": t, "url": f"{base}/topics/{t}", "label": label} for t, label in topics],
        "confidence": r[13], "confidence_note": r[14], "evidence": _json_value(r[15]),
        "citation_counts": counts, "statements_url": f"{base}/provisions/{r[0]}/statements",
    })  # fmt: skip


STATEMENTS = """
SELECT s.id, s.article_id, s.start_offset, s.end_offset, s.speaker_id, s.parent_id, s.kind,
       s.role_as_stated, s.attribution, s.text, s.prefix, s.suffix, s.paragraph, s.said_on,
       s.said_on_note, s.notes, a.title, a.publisher, a.published_on, sp.name, ps.kind, ps.text
FROM statements s JOIN articles a ON a.id = s.article_id
LEFT JOIN speakers sp ON sp.id = s.speaker_id LEFT JOIN statements ps ON ps.id = s.parent_id
WHERE {where} ORDER BY s.article_id, s.start_offset, s.id LIMIT ?"""
CITATIONS = """
SELECT c.statement_id, c.id, c.relation, c.justification, c.document_id, d.title,
       c.provision_id, p.number, p.eid, p.heading
FROM citations c JOIN documents d ON d.id = c.document_id
LEFT JOIN provisions p ON p.id = c.provision_id
WHERE c.statement_id IN ({marks}) ORDER BY c.statement_id, c.position"""


def _statement(base: str, r: Any, cites: list[Any]) -> dict[str, Any]:
    article_url = f"{base}/articles/{r[1]}"
    return {
        "id": r[0], "url": f"{base}/statements/{r[0]}",
        "article": {"id": r[1], "url": article_url, "title": r[16], "publisher": r[17],
                    "published_on": r[18]},
        "speaker": {"id": r[4], "url": f"{base}/speakers/{r[4]}", "name": r[19]} if r[4] else None,
        "role_as_stated": r[7], "attribution": r[8], "kind": r[6], "text": r[9],
        "anchor": {
            "source": article_url,
            "position": {"type": "TextPositionSelector", "start": r[2], "end": r[3]},
            "quote": {"type": "TextQuoteSelector", "exact": r[9], "prefix": r[10],
                      "suffix": r[11]},
        },
        "paragraph": r[12],
        "parent": {"id": r[5], "url": f"{base}/statements/{r[5]}", "kind": r[20], "text": r[21]}
        if r[5] else None,
        "said_on": r[13], "said_on_note": r[14], "notes": _json_value(r[15]),
        "citations": [
            {"id": c[1], "url": f"{base}/citations/{c[1]}", "relation": c[2],
             "justification": c[3],
             "document": {"id": c[4], "url": f"{base}/documents/{c[4]}", "title": c[5]},
             "provision": {"id": c[6], "url": f"{base}/provisions/{c[6]}", "number": c[7],
                           "eid": c[8], "heading": c[9]} if c[6] else None}
            for c in cites
        ],
    }  # fmt: skip


def _page(where: list[str], params: list[Any], count_sql: str) -> Response:
    base = request.host_url.rstrip("/") + "/v1"
    size = int(request.args.get("page_size", 50))
    key = (count_sql, tuple(params))
    if key not in _totals:
        _totals[key] = query(count_sql, *params)[0][0]
    after = request.args.get("after")
    if after:
        where = [*where, "(s.article_id, s.start_offset, s.id) > (?, ?, ?)"]
        params = [*params, *orjson.loads(base64.urlsafe_b64decode(after))]
    rows = query(STATEMENTS.format(where=" AND ".join(where) or "1=1"), *params, size + 1)
    more, rows = len(rows) > size, rows[:size]
    cites: dict[str, list[Any]] = {r[0]: [] for r in rows}
    if rows:
        for c in query(CITATIONS.format(marks=", ".join("?" * len(rows))), *cites):
            cites[c[0]].append(c)
    next_url = None
    if more:
        token = base64.urlsafe_b64encode(orjson.dumps([rows[-1][1], rows[-1][2], rows[-1][0]]))
        next_url = f"{request.base_url}?page_size={size}&after={token.decode()}"
    return _json({
        "results": [_statement(base, r, cites[r[0]]) for r in rows],
        "pagination": {"next": next_url, "prev": None, "page_size": size, "total": _totals[key]},
    })  # fmt: skip


@app.get("/v1/statements")
def statements() -> Response:
    kind = request.args.get("kind")
    where, params = (["s.kind = ?"], [kind]) if kind else ([], [])
    count = "SELECT count(*) FROM statements s" + (" WHERE s.kind = ?" if kind else "")
    return _page(where, params, count)


@app.get("/v1/provisions/<pid>/statements")
def provision_statements(pid: str) -> Response:
    cited = "s.id IN (SELECT statement_id FROM citations WHERE provision_id = ?)"
    return _page([cited], [pid], f"SELECT count(*) FROM statements s WHERE {cited}")


# Over the same index tables as the API (migration 0010): one term's postings, ranked by
# weight per length, every match sorted, no snippet work in SQL.
NAIVE_SQLITE = NAIVE_POSTGRES = """
SELECT p.kind, p.item_id, substr(i.body, 1, 160), p.weight * 1000 / (i.length + 16) AS score
FROM search_index_terms p JOIN search_index i ON i.kind = p.kind AND i.item_id = p.item_id
WHERE p.term = ? ORDER BY score DESC, p.kind, p.item_id LIMIT 20"""


@app.get("/search")
def search() -> Response:
    """The naive ranked query: every match is ranked and given a snippet, then sorted."""
    q = request.args["q"]
    rows = query(NAIVE_POSTGRES if POSTGRES else NAIVE_SQLITE, term_of(q) or q)
    return _json([{"type": k, "id": i, "snippet": s, "rank": r} for k, i, s, r in rows])
