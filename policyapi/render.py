"""The public JSON of statements and provisions, built straight from flat rows.

These builders produce exactly what StatementSchema and ProvisionSchema dump from models
(tests/test_render.py compares the two on every seeded record); they exist because the
marshmallow dump and url_for per link cost more than the queries on the hot endpoints.
"""

import re
from collections.abc import Callable
from typing import Any

import orjson

from flask import Response, current_app, request, url_for

from policyapi.queries.rows import ProvisionParts
from policyapi.urls import absolute_path_url

MARKER = "__policyapi_id__"
_UNRESERVED = re.compile(r"[A-Za-z0-9._~-]+").fullmatch


class Links:
    """Absolute item URLs for one request, without a url_for call per link.

    Each endpoint's path is built by url_for once per app (and script root) around a marker;
    a link is then the request's base URL, that path and the quoted id, joined.
    """

    def __init__(self) -> None:
        url_map = current_app.url_map
        # The `id` converter quotes path values exactly as url_for would.
        self._quote = url_map.converters["id"](url_map).to_url
        self._base = absolute_path_url("")
        self._paths: dict[tuple[str, str], tuple[str, str]] = current_app.extensions.setdefault(
            "policyapi.link_paths", {}
        )
        self._root = request.root_path
        self.statement = self._maker("statements.StatementById", "statement_id")
        self.article = self._maker("articles.ArticleById", "article_id")
        self.speaker = self._maker("speakers.SpeakerById", "speaker_id")
        self.citation = self._maker("citations.CitationById", "citation_id")
        self.document = self._maker("documents.DocumentById", "document_id")
        self.provision = self._maker("provisions.ProvisionById", "provision_id")
        self.provision_statements = self._maker("provisions.ProvisionStatements", "provision_id")
        self.topic = self._maker("topics.TopicById", "topic_id")

    def _maker(self, endpoint: str, arg: str) -> Callable[[str], str]:
        parts = self._paths.get((self._root, endpoint))
        if parts is None:
            values: dict[str, Any] = {arg: MARKER}
            head, _, tail = url_for(endpoint, **values).partition(MARKER)
            parts = self._paths[(self._root, endpoint)] = (head, tail)
        head, tail, quote = self._base + parts[0], parts[1], self._quote

        def url(value: str) -> str:
            # Unreserved characters are never quoted: skip the quoting call for plain ids.
            return head + (value if _UNRESERVED(value) else quote(value)) + tail

        return url


def _strings(values: list[Any]) -> list[Any]:
    return [None if v is None else str(v) for v in values]


def _source_links(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """LinkSchema's dump: url and note, each only when the stored entry has it."""
    return [
        {k: None if entry[k] is None else str(entry[k]) for k in ("url", "note") if k in entry}
        for entry in entries
    ]


def document_ref(links: Links, document_id: str, title: str) -> dict[str, Any]:
    return {
        "id": document_id,
        "url": links.document(document_id),
        "title": title,
    }


def provision_ref(
    links: Links, provision_id: str, number: str, eid: str, heading: str
) -> dict[str, Any]:
    return {
        "id": provision_id,
        "url": links.provision(provision_id),
        "number": number,
        "eid": eid,
        "heading": heading,
    }


def _citation(links: Links, row: Any) -> dict[str, Any]:
    provision = None
    if row.provision_id is not None:
        provision = provision_ref(
            links,
            row.provision_id,
            row.provision_number,
            row.provision_eid,
            row.provision_heading,
        )
    return {
        "id": row.id,
        "url": links.citation(row.id),
        "relation": row.relation,
        "justification": row.justification,
        "document": document_ref(links, row.document_id, row.document_title),
        "provision": provision,
    }


def statement(links: Links, row: Any, citations: list[Any]) -> dict[str, Any]:
    """StatementSchema's dump of a row from queries.rows.statement_page_select."""
    article_url = links.article(row.article_id)
    speaker = None
    if row.speaker_id is not None:
        speaker = {
            "id": row.speaker_id,
            "url": links.speaker(row.speaker_id),
            "name": row.speaker_name,
        }
    parent = None
    if row.parent_id is not None:
        parent = {
            "id": row.parent_id,
            "url": links.statement(row.parent_id),
            "kind": row.parent_kind,
            "text": row.parent_text,
        }
    return {
        "id": row.id,
        "url": links.statement(row.id),
        "article": {
            "id": row.article_id,
            "url": article_url,
            "title": row.article_title,
            "publisher": row.article_publisher,
            "published_on": row.article_published_on,
        },
        "speaker": speaker,
        "role_as_stated": row.role_as_stated,
        "attribution": row.attribution,
        "kind": row.kind,
        "text": row.text,
        "anchor": {
            "source": article_url,
            "position": {
                "type": "TextPositionSelector",
                "start": row.start_offset,
                "end": row.end_offset,
            },
            "quote": {
                "type": "TextQuoteSelector",
                "exact": row.text,
                "prefix": row.prefix,
                "suffix": row.suffix,
            },
        },
        "paragraph": row.paragraph,
        "parent": parent,
        "said_on": row.said_on,
        "said_on_note": row.said_on_note,
        "notes": _strings(row.notes),
        "citations": [_citation(links, c) for c in citations],
    }


def provision(links: Links, row: Any, parts: ProvisionParts) -> dict[str, Any]:
    """ProvisionSchema's dump of a row from queries.rows.provision_row and its parts."""
    parent = None
    if row.parent_id is not None:
        parent = provision_ref(
            links, row.parent_id, row.parent_number, row.parent_eid, row.parent_heading
        )
    return {
        "id": row.id,
        "url": links.provision(row.id),
        "document": document_ref(links, row.document_id, row.document_title),
        "number": row.number,
        "eid": row.eid,
        "position": row.position,
        "parent": parent,
        "children": [
            provision_ref(links, c.id, c.number, c.eid, c.heading) for c in parts.children
        ],
        "heading": row.heading,
        "summary": row.summary,
        "text": row.text,
        "topics": [{"id": t.id, "url": links.topic(t.id), "label": t.label} for t in parts.topics],
        "confidence": row.confidence,
        "confidence_note": row.confidence_note,
        "evidence": _source_links(row.evidence),
        "citation_counts": parts.citation_counts,
        "statements_url": links.provision_statements(row.id),
    }


def json_response(body: Any, headers: dict[str, str] | None = None) -> Response:
    """A 200 JSON response encoded with orjson (the same JSON, several times faster)."""
    return current_app.response_class(
        orjson.dumps(body) + b"\n", mimetype="application/json", headers=headers
    )
