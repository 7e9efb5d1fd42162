"""Answers for the busiest reads, built from flat rows and encoded with orjson.

Views keep their flask-smorest decorators (arguments, documented response schema); they
return a finished Response, which flask-smorest passes through without dumping it again.
"""

import dataclasses
from typing import Any

from flask import Response

from policyapi import render
from policyapi.api.common import found
from policyapi.api.exports import requested_format, stream_if_requested
from policyapi.db import get_engine
from policyapi.exports.encode import Format
from policyapi.pagination import envelope, paginate
from policyapi.queries import rows
from policyapi.queries.statements import list_statements


def statement_page(args: dict[str, Any]) -> Response:
    """One cursor page of filtered statements (or every row, as CSV or NDJSON if asked)."""
    if requested_format(args) is not Format.JSON:
        stream_if_requested(*list_statements(args), args)
    select, counted, params = rows.statement_page_select(args)
    with get_engine().connect() as conn:
        page = paginate(
            conn,
            select,
            rows.STATEMENT_ORDER_COLUMNS,
            cursor=args["cursor"],
            page_size=args["page_size"],
            rows_not_models=True,
            count_stmt=counted,
            params=params,
        )
        citations = rows.citation_rows(conn, [row.id for row in page.items])
    links = render.Links()
    items = [render.statement(links, row, citations[row.id]) for row in page.items]
    body, headers = envelope(dataclasses.replace(page, items=items))
    return render.json_response(body, headers)


def statement_detail(statement_id: str) -> Response:
    """One statement with its anchor, article, speaker, parent and citations."""
    with get_engine().connect() as conn:
        row = found(rows.statement_row(conn, statement_id), "statement", statement_id)
        citations = rows.citation_rows(conn, [statement_id])
    return render.json_response(render.statement(render.Links(), row, citations[statement_id]))


def provision_detail(provision_id: str) -> Response:
    """One provision with its document, parent, children, topics and citation counts."""
    with get_engine().connect() as conn:
        row = found(rows.provision_row(conn, provision_id), "provision", provision_id)
        body = render.provision(render.Links(), row, rows.provision_parts(conn, provision_id))
    return render.json_response(body)
