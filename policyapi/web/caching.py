"""In-process caches keyed by the dataset version: the version, whole responses, totals, rankings.

web/pipeline.py calls `store_response` after a view; web/conditional.py answers from
`cached_response` before one.

Every cached value is keyed by the dataset fingerprint (through the ETag or directly), so a new
release makes old entries unreachable; they age out of the bounded LRUs. The fingerprint is
re-read at most every DATASET_VERSION_TTL seconds, and at once after any commit through the
app's engine. Settings (POLICYAPI_-prefixed in the environment): RESPONSE_CACHE_BYTES (0 turns
the response cache off), RESPONSE_CACHE_MAX_ENTRY, TOTALS_CACHE_SIZE, RANKING_CACHE_BYTES (0
ranks every search anew), RANKING_CACHE_URL (Redis, shared by workers; web/shared_rankings.py)
and RANKING_CACHE_TTL, DATASET_VERSION_TTL.
"""

import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from cachetools import LRUCache
from sqlalchemy import event

from flask import Flask, Response, current_app, g

from policyapi import budget
from policyapi.db import get_engine, get_job_engine
from policyapi.queries.meta import get_dataset_fingerprint
from policyapi.web.shared_rankings import SharedRankings

EXTENSION_KEY = "policyapi.cache"
DEFAULTS = {
    "RESPONSE_CACHE_BYTES": 64 * 1024 * 1024,
    "RESPONSE_CACHE_MAX_ENTRY": 1024 * 1024,
    "TOTALS_CACHE_SIZE": 4096,
    # A word in 6 % of a million statements ranks to about 1 MB on SQLite, 13 MB on PostgreSQL.
    "RANKING_CACHE_BYTES": 128 * 1024 * 1024,
    "RANKING_CACHE_URL": None,
    "RANKING_CACHE_TTL": 3600,
    "DATASET_VERSION_TTL": 1.0,
}
# Headers that describe one exchange, not the representation.
PER_REQUEST_HEADERS = frozenset({"content-length", "set-cookie", "date"})


class Sized(Protocol):
    @property
    def nbytes(self) -> int: ...

    def to_bytes(self) -> bytes: ...


SizedT = TypeVar("SizedT", bound=Sized)


@dataclass(frozen=True)
class CachedResponse:
    body: bytes
    status: int
    headers: list[tuple[str, str]]


class Caches:
    """The per-process caches of one app; safe to share between a worker's threads."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.lock = threading.Lock()
        self.max_entry = int(config["RESPONSE_CACHE_MAX_ENTRY"])
        capacity = int(config["RESPONSE_CACHE_BYTES"])
        self.responses: LRUCache[str, CachedResponse] | None = (
            LRUCache(maxsize=capacity, getsizeof=lambda entry: len(entry.body) + 512)
            if capacity > 0
            else None
        )
        self.totals: LRUCache[Hashable, int] = LRUCache(maxsize=int(config["TOTALS_CACHE_SIZE"]))
        self.rankings: LRUCache[Hashable, Sized] = LRUCache(
            maxsize=int(config["RANKING_CACHE_BYTES"]), getsizeof=lambda ranking: ranking.nbytes
        )
        # One lock per ranking being computed: concurrent requests for it wait, not rank again.
        self.ranking_locks: dict[Hashable, threading.Lock] = {}
        url = config["RANKING_CACHE_URL"]
        self.shared = SharedRankings(url, int(config["RANKING_CACHE_TTL"])) if url else None
        self.version_ttl = float(config["DATASET_VERSION_TTL"])
        self.version: tuple[str, float] | None = None

    def clear(self) -> None:
        with self.lock:
            self.version = None
            self.totals.clear()
            self.rankings.clear()
            if self.responses is not None:
                self.responses.clear()


def _caches() -> Caches:
    caches: Caches = current_app.extensions[EXTENSION_KEY]
    return caches


def dataset_fingerprint() -> str:
    """The loaded dataset's fingerprint, re-read from the database at most once per TTL."""
    caches = _caches()
    now = time.monotonic()
    known = caches.version
    if known is not None and now < known[1]:
        return known[0]
    with get_engine().connect() as conn:
        fingerprint = get_dataset_fingerprint(conn)
    caches.version = (fingerprint, now + caches.version_ttl)
    return fingerprint


def cached_response(etag: str) -> Response | None:
    """The stored answer to a request with this ETag, if any."""
    responses = _caches().responses
    if responses is None:
        return None
    with _caches().lock:
        entry = responses.get(etag)
    if entry is None:
        return None
    g.response_from_cache = True
    return current_app.response_class(entry.body, status=entry.status, headers=entry.headers)


def store_response(response: Response) -> Response:
    """Keep a successful, buffered answer to a cacheable request, keyed by its ETag."""
    caches = _caches()
    etag = g.get("etag")
    if (
        caches.responses is None
        or etag is None
        or g.get("response_from_cache")
        or response.status_code != 200
        or response.is_streamed
        or response.direct_passthrough
        or "Set-Cookie" in response.headers
        or (response.content_length or 0) > caches.max_entry
    ):
        return response
    body = response.get_data()
    headers = [(k, v) for k, v in response.headers if k.lower() not in PER_REQUEST_HEADERS]
    with caches.lock:
        caches.responses[etag] = CachedResponse(body, response.status_code, headers)
    return response


def cached_total(filters: Hashable, count: Callable[[], int]) -> int:
    """The number of rows a collection's filter values match, counted once per dataset version.

    `filters` names the collection and its filter values (queries build it); any other number
    fixed by the dataset version (a release's sequence) is remembered the same way. Outside a
    cacheable request (no dataset fingerprint yet) the rows are counted every time.
    """
    if "dataset_fingerprint" not in g:
        return count()
    caches, key = _caches(), (g.dataset_fingerprint, filters)
    with caches.lock:
        total = caches.totals.get(key)
    if total is None:
        total = count()
        with caches.lock:
            caches.totals[key] = total
    return total


def cached_ranking(
    key: Hashable, rank: Callable[[], SizedT], decode: Callable[[bytes], SizedT]
) -> SizedT:
    """A search's ranked matches, computed once per dataset version while they fit the cache.

    The worker's LRU is asked first, then Redis if configured (`decode` reads what another
    worker stored there), and only then is the search ranked. Outside a cacheable request (no
    dataset fingerprint yet) the search is ranked every time.
    """
    caches = _caches()
    if "dataset_fingerprint" not in g or caches.rankings.maxsize == 0:
        return rank()
    key = (g.dataset_fingerprint, key)
    with caches.lock:
        found = caches.rankings.get(key)
        if found is None:
            computing = caches.ranking_locks.setdefault(key, threading.Lock())
    if found is not None:
        return found  # type: ignore[return-value]  # stored by this function: a SizedT
    # Waiting for another request's ranking of the same query counts against this request's
    # budget like its own statements would: it never waits past it.
    left = budget.remaining()
    if not computing.acquire(timeout=-1 if left is None else max(0.0, left)):
        raise budget.OverBudget("waited for the same search's ranking past the time budget")
    try:
        with caches.lock:
            found = caches.rankings.get(key)
        if found is not None:
            return found  # type: ignore[return-value]
        try:
            ranking = _shared_or_ranked(caches, key, rank, decode)
            with caches.lock:
                if ranking.nbytes <= caches.rankings.maxsize:
                    caches.rankings[key] = ranking
        finally:
            with caches.lock:
                caches.ranking_locks.pop(key, None)
    finally:
        computing.release()
    return ranking


def _shared_or_ranked(
    caches: Caches, key: Hashable, rank: Callable[[], SizedT], decode: Callable[[bytes], SizedT]
) -> SizedT:
    if caches.shared is None:
        return rank()
    stored = caches.shared.get(key)
    if stored is not None:
        return decode(stored)
    ranking = rank()
    caches.shared.put(key, ranking.to_bytes())
    return ranking


def init_app(app: Flask) -> None:
    """Create the caches; forget them on any commit through either of the app's engines."""
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    caches = Caches(app.config)
    app.extensions[EXTENSION_KEY] = caches
    for engine in (get_engine(app), get_job_engine(app)):
        event.listen(engine, "commit", lambda _conn: caches.clear())
