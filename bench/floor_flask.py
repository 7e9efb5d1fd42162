"""The ceiling: a bare Flask app answering JSON documents, under the same gunicorn settings.

/json builds and encodes a 10 KB document on every request (Flask's jsonify); /json/<size>
does the same for a document of about `size` bytes, so a cached answer of ours can be set
against a bare route of the same size; /bytes returns the 10 KB document pre-encoded.
"""

from functools import lru_cache
from typing import Any

import orjson

from flask import Flask, Response, jsonify

app = Flask(__name__)


def _item(n: int) -> dict[str, Any]:
    return {
        "id": f"a{n:07d}-oakridge-gazette-2015-s{n:03d}",
        "url": f"http://127.0.0.1/v1/statements/a{n:07d}-oakridge-gazette-2015-s{n:03d}",
        "kind": "paraphrase",
        "text": "the annual tenant openly delays the urgent landlord before the next budget",
        "anchor": {"start": n * 100, "end": n * 100 + 75},
        "speaker": {"id": "maria-garcia", "name": "Maria García"},
        "citations": [{"relation": "defends", "provision": f"oakridge-s{n}"}],
    }


@lru_cache(maxsize=32)
def document(size: int) -> dict[str, Any]:
    """A page-like document whose JSON is about `size` bytes."""
    items: list[dict[str, Any]] = []
    while len(orjson.dumps(items)) < size - 80:
        items.append(_item(len(items)))
    return {"results": items, "pagination": {"next": None, "prev": None, "total": len(items)}}


ENCODED = orjson.dumps(document(10_000))


@app.get("/json")
def json_document() -> Response:
    return jsonify(document(10_000))


@app.get("/json/<int:size>")
def sized_json_document(size: int) -> Response:
    return jsonify(document(size))


@app.get("/bytes")
def json_bytes() -> Response:
    return Response(ENCODED, mimetype="application/json")
