"""Compression (Flask-Compress): gzip, br, zstd or deflate, as the client's Accept-Encoding asks.

A pipeline step after the response cache, so the cache keeps one identity copy per ETag and
each exchange compresses it for its own client. Flask-Compress's own after_request hook is not
registered: the pipeline calls it at its place in the order.

Validators: a compressed answer is a different representation, so its strong ETag gets the
encoding as a suffix (`"<etag>:gzip"`, Flask-Compress's convention). `answer_from_etag`
(web/conditional.py) matches an If-None-Match against the tag this request's encoding would
carry, so a 304 still costs no query. Every answer says `Vary: Accept-Encoding`.

Bodies with an ETag are compressed once per coding and kept (COMPRESSED_CACHE_BYTES, 16 MB by
default; 0 compresses every time). Streams (table exports, feeds of every row) are compressed
chunk by chunk as they are sent, never buffered whole; the original stream is still closed when
the answer is (the export's database connection and cursor are released even if the client
goes away).
"""

import threading

from cachetools import LRUCache
from flask_compress import Compress
from flask_compress.flask_compress import _choose_algorithm

from flask import Flask, Request, Response, current_app, g, request

EXTENSION_KEY = "policyapi.compress"
# What this API sends beyond Flask-Compress's list of text types (JSON, HTML, CSS, JS, XML).
EXTRA_MEDIA_TYPES = (
    "application/problem+json",
    "application/ld+json",
    "application/feed+json",
    "application/json+oembed",
    "application/x-ndjson",
    "application/vnd.citationstyles.csl+json",
    "application/x-bibtex",
    "application/x-research-info-systems",
    "text/csv",
)
DEFAULTS = {
    # zstd and br first: smaller and cheaper than gzip for clients that offer them.
    "COMPRESS_ALGORITHM": ["zstd", "br", "gzip", "deflate"],
    # Flask-Compress leaves gzip out of streams by default; curl, R and pandas ask for gzip, and
    # zlib compresses a gzip stream incrementally like the others.
    "COMPRESS_ALGORITHM_STREAMING": ["zstd", "br", "gzip", "deflate"],
    "COMPRESS_STREAMS": True,
    # Conditional requests are answered by web/conditional.py before the view, not here.
    "COMPRESS_EVALUATE_CONDITIONAL_REQUEST": False,
}


class CompressedBodies:
    """Flask-Compress's cache backend: compressed bodies by coding and ETag, bounded in bytes.

    Compressing the 47 KB document JSON costs more than answering it from the response cache,
    so an answer with an ETag (which names the dataset version and everything that shapes the
    body) is compressed once per coding. Keys of answers without an ETag end in ';' (see
    `_cache_key`) and are never stored.
    """

    def __init__(self, capacity: int) -> None:
        self.lock = threading.Lock()
        self.bodies: LRUCache[str, bytes] = LRUCache(maxsize=capacity, getsizeof=len)

    def get(self, key: str) -> bytes | None:
        with self.lock:
            return self.bodies.get(key)

    def set(self, key: str, value: bytes) -> None:
        if key.endswith(";") or len(value) > self.bodies.maxsize:
            return
        with self.lock:
            self.bodies[key] = value


def _cache_key(_request: Request) -> str:
    return str(g.get("etag") or "")


def encoding_for_request() -> str | None:
    """The content coding this request's answer gets if its body is compressible (or None)."""
    compress: Compress = current_app.extensions[EXTENSION_KEY]
    accept_encoding = request.headers.get("Accept-Encoding", "")
    if not accept_encoding:
        return None
    return _choose_algorithm(compress.enabled_algorithms, accept_encoding)


def compress_response(response: Response) -> Response:
    """Pipeline step: compress the body for this client; `Vary: Accept-Encoding` on every answer."""
    compress: Compress = current_app.extensions[EXTENSION_KEY]
    stream = response.response if response.is_streamed else None
    response = compress.after_request(response)
    if stream is not None and response.response is not stream and hasattr(stream, "close"):
        # Flask-Compress wraps the stream in a new generator; closing that would not reach
        # the original iterable, which holds the export's connection.
        response.call_on_close(stream.close)
    return response


def init_app(app: Flask) -> None:
    """Configure Flask-Compress without its own hook (the pipeline calls the step)."""
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    app.config["COMPRESS_REGISTER"] = False
    capacity = int(app.config.setdefault("COMPRESSED_CACHE_BYTES", 16 * 1024 * 1024))
    compress = Compress()
    compress.init_app(app)
    if capacity > 0:
        compress.cache, compress.cache_key = CompressedBodies(capacity), _cache_key
    compress.compress_mimetypes_set.update(EXTRA_MEDIA_TYPES)
    app.extensions[EXTENSION_KEY] = compress
