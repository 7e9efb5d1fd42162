"""Each request's time budget for database work, kept per thread.

A request starts its budget before the view runs and ends it at teardown, so a response
streamed after that (an export) is not cut by it: such a stream opens a short window of its
own for each chunk it reads. Jobs (seed load, export CLI, migrations) never open one.
SQLite reads the deadline from its progress handler. PostgreSQL enforces it itself: each
session's statement_timeout is the whole budget, and a statement that starts once part of the
budget is spent gets only what is left (see db.py).
"""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError

_local = threading.local()

# PostgreSQL's SQLSTATEs for "canceled by statement_timeout" and "lock_timeout expired".
OVER_BUDGET_STATES = frozenset({"57014", "55P03"})
# What sqlite3 says when its progress handler stops a statement.
SQLITE_INTERRUPTED = "interrupted"


class OverBudget(Exception):
    """This thread's budget ran out while it waited for another request's work (a ranking)."""


def start(seconds: float) -> None:
    """Give this thread's database work `seconds` from now."""
    _local.deadline = time.monotonic() + seconds


def end() -> None:
    """This thread's database work has no deadline any more."""
    _local.deadline = None


def expired() -> bool:
    """Whether this thread has a deadline and it has passed."""
    left = remaining()
    return left is not None and left < 0


def remaining() -> float | None:
    """Seconds left of this thread's budget (negative once spent), or None without one."""
    deadline: float | None = getattr(_local, "deadline", None)
    return None if deadline is None else deadline - time.monotonic()


@contextmanager
def window(seconds: float) -> Iterator[None]:
    """A budget of `seconds` for one step (an export chunk), restoring the one before after."""
    before = getattr(_local, "deadline", None)
    start(seconds)
    try:
        yield
    finally:
        _local.deadline = before


def is_over_budget(error: DBAPIError) -> bool:
    """Whether the database stopped a statement because it ran past its time budget."""
    if getattr(error.orig, "sqlstate", None) in OVER_BUDGET_STATES:
        return True
    return str(error.orig) == SQLITE_INTERRUPTED
