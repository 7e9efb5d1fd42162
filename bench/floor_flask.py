"""The ceiling: a bare Flask app answering a 10 KB JSON document, under the same gunicorn settings.

/json builds and encodes the document on every request (Flask's jsonify); /bytes returns it
pre-encoded, which is what a response cache can at best do.
"""

import orjson

from flask import Flask, Response, jsonify

app = Flask(__name__)

DOCUMENT = {
    "results": [
        {
            "id": f"a{n:07d}-oakridge-gazette-2015-s{n:03d}",
            "url": f"http://127.0.0.1/v1/statements/a{n:07d}-oakridge-gazette-2015-s{n:03d}",
            "kind": "paraphrase",
            "text": "the annual tenant openly delays the urgent landlord before the next budget",
            "anchor": {"start": n * 100, "end": n * 100 + 75},
            "speaker": {"id": "maria-garcia", "name": "Maria García"},
            "citations": [{"relation": "defends", "provision": f"oakridge-s{n}"}],
        }
        for n in range(26)
    ],
    "pagination": {"next": None, "prev": None, "page_size": 26, "total": 26},
}
ENCODED = orjson.dumps(DOCUMENT)


@app.get("/json")
def json_document() -> Response:
    return jsonify(DOCUMENT)


@app.get("/bytes")
def json_bytes() -> Response:
    return Response(ENCODED, mimetype="application/json")
