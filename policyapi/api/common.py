"""Helpers every blueprint uses: pages, 404s, vocabulary checks."""

from typing import Any

import sqlalchemy as sa

from werkzeug.routing import BaseConverter

from flask_smorest import abort

from policyapi.api.exports import stream_if_requested
from policyapi.db import get_session
from policyapi.pagination import envelope, paginate
from policyapi.queries.catalog import list_topic_ids

ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._~-]{0,499}"


class IdConverter(BaseConverter):
    """Path ids: slugs and citation ids. Anything else is simply not found."""

    regex = ID_PATTERN


def id_converter_doc(_converter: BaseConverter) -> dict[str, Any]:
    return {"type": "string", "pattern": f"^{ID_PATTERN}$", "maxLength": 500}


def page_response(
    stmt: sa.Select[Any], order: list[Any], args: dict[str, Any], **options: Any
) -> tuple[dict[str, Any], int, dict[str, str]]:
    """Run a filtered query one cursor page at a time and wrap it in the envelope."""
    stream_if_requested(stmt, order, args)  # CSV or NDJSON: every matching row, not a page
    page = paginate(
        get_session(), stmt, order, cursor=args["cursor"], page_size=args["page_size"], **options
    )
    body, headers = envelope(page)
    return body, 200, headers


def found(item: Any, what: str, item_id: str) -> Any:
    """Return `item`, or abort with a 404 naming what was looked for."""
    if item is None:
        abort(404, message=f"No {what} with id {item_id!r}.")
    return item


def require_known_topics(args: dict[str, Any]) -> None:
    """Topics are a controlled vocabulary kept in the data: unknown ones are a 422."""
    wanted = args.get("topic")
    if not wanted:
        return
    known = list_topic_ids(get_session())
    unknown = [t for t in wanted if t not in known]
    if unknown:
        names = ", ".join(map(repr, unknown))
        message = f"unknown topic(s) {names}; must be one of: {', '.join(known)}"
        abort(422, errors={"topic": [message]})
