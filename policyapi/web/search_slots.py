"""At most SEARCH_CONCURRENCY searches run at once in a worker process; one more is a 503.

Ranking a new search, matching a collection's `q` and suggesting provisions each read the
index for up to the request's time budget (STATEMENT_TIMEOUT). Quotas count per client, so
many clients (or one client with many addresses) doing that at once could hold every thread of
every worker for seconds while every other request queued behind them. So that work runs
inside `slot()`: it takes one of the worker's slots without waiting and gives it back when the
work is done; with none free the request is refused at once with a 503 problem and
`Retry-After` (waiting would hold the very thread this keeps free). What needs no such work
never takes a slot: a search whose ranking is cached (its pages are bisections), answers from
the response cache, 304s, and queries the language refuses (422).

`policyapi serve` gives searches half of each worker's threads (at least one); elsewhere the
default is Config's. 0 turns the cap off. A streamed collection (CSV or NDJSON with `q`) reads
its chunks after its view returns, each under a budget of its own (exports/rows.py), and
takes no slot.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, Response, current_app, g

from policyapi.errors import problem_response

EXTENSION_KEY = "policyapi.search_slots"
RETRY_AFTER_SECONDS = 1
BUSY = (
    "Too many searches are running on this server right now; retry in a moment. "
    "Requests without q are not affected."
)


class SearchesBusy(Exception):
    """Every search slot of this worker is taken."""


def slots_for_threads(threads: int) -> int:
    """The cap `policyapi serve` gives a worker of `threads` threads: half, at least one."""
    return max(1, threads // 2)


@contextmanager
def slot() -> Iterator[None]:
    """Run the block holding one of the worker's search slots; SearchesBusy if none is free.

    A request already holding one (a search page that ranks) does not take a second.
    """
    slots: threading.BoundedSemaphore | None = current_app.extensions.get(EXTENSION_KEY)
    if slots is None or g.get("search_slot"):
        yield
        return
    if not slots.acquire(blocking=False):
        raise SearchesBusy
    g.search_slot = True
    try:
        yield
    finally:
        g.search_slot = False
        slots.release()


def _busy(_error: SearchesBusy) -> Response:
    return problem_response(503, BUSY, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


def init_app(app: Flask) -> None:
    """One semaphore per app (a worker process serves one app), unless the cap is 0."""
    size = int(app.config["SEARCH_CONCURRENCY"])
    if size < 0:
        raise ValueError(f"SEARCH_CONCURRENCY must be 0 (no cap) or more, not {size}")
    if size:
        app.extensions[EXTENSION_KEY] = threading.BoundedSemaphore(size)
    app.register_error_handler(SearchesBusy, _busy)
