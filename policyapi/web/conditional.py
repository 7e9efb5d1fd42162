"""Conditional requests: a strong ETag from the dataset version, checked before any data query.

The ETag hashes the dataset fingerprint and everything that shapes an answer (base URL,
path and query, Accept), so it is known before the view runs: a 304, or a stored copy of the
answer, costs no data query.
"""

import hashlib

from flask import Response, current_app, g, request
from werkzeug.datastructures import ETags

from policyapi.web import caching, compression, links

CACHED_PREFIXES = (
    "/v1/",
    "/openapi.json",
    "/oembed",
    "/embed/provisions/",
    "/embed/statements/",
    "/embed/documents/",
)


def _is_cacheable_request() -> bool:
    cached_path = request.path == "/" or request.path.startswith(CACHED_PREFIXES)
    return request.method in ("GET", "HEAD") and cached_path


def _etag_for_request(fingerprint: str) -> str:
    """Strong ETag from the dataset release and everything that shapes the response."""
    accept = request.headers.get("Accept", "")
    key = "\n".join((fingerprint, links.cache_key(), request.full_path, accept))
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def answer_from_etag() -> Response | None:
    """Pipeline step: 304, or a stored copy, when this version of the answer is known."""
    if not _is_cacheable_request():
        return None
    fingerprint = caching.dataset_fingerprint()
    g.dataset_fingerprint = fingerprint
    g.etag = _etag_for_request(fingerprint)
    asked = request.if_none_match
    if asked.star_tag:
        # `*` matches only if a current representation exists (RFC 9110 §13.1.2): a 404, an
        # invalid query or an error must still be sent. So the view (or a stored 200) answers,
        # and `answer_any_representation` turns only a 200 into a 304.
        g.if_none_match_any = True
    else:
        matched = _matched_tag(asked, g.etag)
        if matched is not None:
            g.matched_etag = matched  # the 304 carries the tag the client holds
            return Response(status=304)
    return caching.cached_response(g.etag)


def _matched_tag(asked: ETags, etag: str) -> str | None:
    """The tag of ours that If-None-Match names, compared weakly (W/"x" matches "x").

    A compressed answer carried `"<etag>:<coding>"` (web/compression.py); the coding this
    request would get is the one that counts, so a gzip tag does not validate a br answer.
    """
    coding = compression.encoding_for_request()
    candidates = (etag, f"{etag}:{coding}") if coding else (etag,)
    return next((tag for tag in candidates if asked.contains_weak(tag)), None)


def answer_any_representation(response: Response) -> Response:
    """Pipeline step: for `If-None-Match: *`, a 200 becomes a 304 with the same validators.

    After the response cache, so the 200 is stored for the next request.
    """
    if response.status_code == 200 and g.get("if_none_match_any"):
        response.close()  # a stream (an export) not read yet is released, never read
        response.response = []
        response.status_code = 304
    return response


def add_validators(response: Response) -> Response:
    """Pipeline step: ETag, Cache-Control, Vary and X-Dataset-Version on a cacheable answer."""
    etag = g.get("etag")
    if etag and response.status_code in (200, 304):
        response.set_etag(g.get("matched_etag", etag))
        response.headers["Cache-Control"] = f"public, max-age={current_app.config['CACHE_MAX_AGE']}"
        if "Vary" in response.headers:
            response.vary.add("Accept")
        else:  # the usual case, without parsing and re-serialising a header set
            response.headers["Vary"] = "Accept"
    if response.status_code >= 400:
        response.headers["Cache-Control"] = "no-store"
    if "dataset_fingerprint" in g:
        response.headers["X-Dataset-Version"] = g.dataset_fingerprint
    return response
