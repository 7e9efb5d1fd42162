"""Few dear requests at once per worker process: searches and whole downloads take slots.

Ranking a new search, matching a collection's `q` and suggesting each read the index for up to
the request's time budget (STATEMENT_TIMEOUT); a download of a whole table (/v1/export/...,
a collection as CSV or NDJSON) encodes every row, for seconds to minutes on a big dataset.
Quotas count per client, so many clients (or one client with many addresses) asking for such
work at once could hold every thread of every worker while every other request queued behind
them. So that work holds a slot of its kind: taken without waiting, given back when the work
is done (for a download: when its body has been sent, or the client has gone). With none free
the request is refused at once with a 503 problem and `Retry-After` (waiting would hold the
very thread this keeps free). Requests that need no such work never take one: a search whose
ranking is kept (its pages are bisections), answers from the response cache, 304s, refused
queries (422), everything without `q`.

Per worker, SEARCH_CONCURRENCY searches and DOWNLOAD_CONCURRENCY downloads; `policyapi serve`
sets them from its --threads (`for_threads`), so that one thread in four stays free of both.
0 turns a cap off.
"""

import threading
import weakref
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import cast

from flask import Flask, Response, current_app, g

from policyapi.errors import problem_response

RETRY_AFTER_SECONDS = 1


@dataclass(frozen=True)
class Kind:
    """Work of one kind, capped per worker by one setting."""

    name: str
    setting: str
    busy: str  # the 503's detail


SEARCH = Kind(
    "search",
    "SEARCH_CONCURRENCY",
    "Too many searches are running on this server right now; retry in a moment. "
    "Requests without q are not affected.",
)
DOWNLOAD = Kind(
    "download",
    "DOWNLOAD_CONCURRENCY",
    "Too many whole-table downloads are running on this server right now; retry in a moment. "
    "Pages of the collections (JSON) are not affected.",
)
KINDS = (SEARCH, DOWNLOAD)


class Busy(Exception):
    """Every slot of a kind is taken in this worker."""

    def __init__(self, kind: Kind) -> None:
        super().__init__(kind.busy)
        self.kind = kind


def for_threads(threads: int) -> dict[str, int]:
    """The caps `policyapi serve` gives a worker of `threads` threads, by setting: half of
    them for searches and a quarter for downloads, at least one each."""
    return {SEARCH.setting: max(1, threads // 2), DOWNLOAD.setting: max(1, threads // 4)}


def _semaphore(kind: Kind) -> threading.BoundedSemaphore | None:
    found: threading.BoundedSemaphore | None = current_app.extensions.get(extension_key(kind))
    return found


def extension_key(kind: Kind) -> str:
    return f"policyapi.slots.{kind.name}"


def _take(kind: Kind) -> threading.BoundedSemaphore | None:
    """One slot of `kind` (None when uncapped), or Busy."""
    semaphore = _semaphore(kind)
    if semaphore is not None and not semaphore.acquire(blocking=False):
        raise Busy(kind)
    return semaphore


@contextmanager
def slot(kind: Kind) -> Iterator[None]:
    """Run the block holding one slot of `kind`; Busy if none is free.

    A request already holding one of this kind (a search page that ranks) takes no second.
    """
    held = f"slot_{kind.name}"
    if g.get(held):
        yield
        return
    semaphore = _take(kind)
    g.setdefault(held, True)
    try:
        yield
    finally:
        g.pop(held, None)
        if semaphore is not None:
            semaphore.release()


class _Release:
    """Give a slot back once, however many times asked."""

    def __init__(self, semaphore: threading.BoundedSemaphore) -> None:
        self._semaphore: threading.BoundedSemaphore | None = semaphore
        self._lock = threading.Lock()

    def __call__(self) -> None:
        with self._lock:
            semaphore, self._semaphore = self._semaphore, None
        if semaphore is not None:
            semaphore.release()


def held_until_sent(kind: Kind, build: Callable[[], Response]) -> Response:
    """The streamed response `build()` makes, holding a slot of `kind` until its body has been
    produced or the client went away (the response is closed); Busy if none is free."""
    semaphore = _take(kind)
    if semaphore is None:
        return build()
    release = _Release(semaphore)
    try:
        response = build()
    except BaseException:
        release()
        raise
    if response.is_streamed:
        # Given back as the last chunk is taken, before it is written: a client reading one
        # download after another must never find its own finished download still holding
        # the slot (the server closes a response only after the client has it all).
        body = cast(Iterable[bytes], response.response)  # downloads are encoded bytes
        response.response = _releasing_at_the_end(body, release)
    response.call_on_close(release)
    # Should anything drop the response without closing it, the slot comes back with it.
    weakref.finalize(response, release)
    return response


def _releasing_at_the_end(body: Iterable[bytes], release: _Release) -> Iterator[bytes]:
    try:
        yield from body  # closing this closes `body` too (an export's connection and cursor)
    finally:
        release()


def _busy(error: Busy) -> Response:
    return problem_response(503, error.kind.busy, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


def init_app(app: Flask) -> None:
    """One semaphore per kind and app (a worker process serves one app), unless capped at 0."""
    for kind in KINDS:
        size = int(app.config[kind.setting])
        if size < 0:
            raise ValueError(f"{kind.setting} must be 0 (no cap) or more, not {size}")
        if size:
            app.extensions[extension_key(kind)] = threading.BoundedSemaphore(size)
    app.register_error_handler(Busy, _busy)
