"""Cut a PostgreSQL connection whose server stopped answering, so a call fails, not hangs.

A server that is frozen (SIGSTOP, a partition behind a host that still ACKs) never enforces
its own statement_timeout, and TCP keepalives and tcp_user_timeout see nothing wrong while
the peer's kernel acknowledges: libpq then waits forever. A watchdog thread therefore shuts
down the socket of a call that is still running when it should not be. libpq reads the end
of the stream, psycopg raises OperationalError, SQLAlchemy treats it as a disconnect and
drops the connection.

Two kinds of watch:
- a deadline (a request's statement, a ping): cut when it passes. The deadline is the budget
  plus a grace, so the server's own timeout answers first whenever the server is alive, and
  the request becomes a 503 "database unavailable".
- a liveness check (a job's connection, whose statements may rightly run for minutes): when
  the time passes, ask whether the server still answers a new connection, and cut only if
  it does not; otherwise ask again as long later. A slow job is left alone, a job whose
  server went silent fails instead of waiting forever.
"""

import math
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass
class _Call:
    fd: int
    seconds: float
    deadline: float
    # None: cut at the deadline. Else asked at the deadline (the answer may take seconds).
    still_answering: Callable[[], bool] | None


class Watchdog:
    """One thread per process that cuts the sockets of calls whose server stopped answering."""

    def __init__(self) -> None:
        self._calls: dict[int, _Call] = {}
        self._cut: set[int] = set()
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None

    def watch(
        self,
        dbapi_connection: Any,
        seconds: float,
        still_answering: Callable[[], bool] | None = None,
    ) -> None:
        """Cut `dbapi_connection` unless `release` is called within `seconds`.

        With `still_answering`, the time passing does not cut: the watchdog asks it instead
        (from a thread of its own) and cuts only on False; on True it asks again `seconds` later.
        """
        try:
            fd = int(dbapi_connection.pgconn.socket)
        except Exception:  # noqa: BLE001 - closed or not a psycopg connection: nothing to cut
            return
        with self._changed:
            key = id(dbapi_connection)
            self._cut.discard(key)
            self._calls[key] = _Call(fd, seconds, time.monotonic() + seconds, still_answering)
            self._ensure_thread()
            self._changed.notify()

    def release(self, dbapi_connection: Any) -> None:
        """The call on `dbapi_connection` ended (or its connection is gone): stop watching."""
        with self._changed:
            self._calls.pop(id(dbapi_connection), None)
            self._cut.discard(id(dbapi_connection))

    def was_cut(self, dbapi_connection: Any) -> bool:
        """Whether the watchdog cut `dbapi_connection` since it was last watched."""
        with self._changed:
            return id(dbapi_connection) in self._cut

    def _ensure_thread(self) -> None:
        # Started lazily, in the process that uses it (gunicorn forks workers after import).
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="db-watchdog", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        with self._changed:
            while True:
                now = time.monotonic()
                for key, call in list(self._calls.items()):
                    if call.deadline > now:
                        continue
                    if call.still_answering is None:
                        self._cut_call(key)
                        continue
                    # Asked from another thread: a check takes seconds, and other calls'
                    # deadlines must not wait for it. No deadline until it answers.
                    call.deadline = math.inf
                    threading.Thread(
                        target=self._check,
                        args=(key, call, call.still_answering),
                        name="db-liveness",
                        daemon=True,
                    ).start()
                soonest = min((call.deadline for call in self._calls.values()), default=math.inf)
                self._changed.wait(None if soonest == math.inf else max(soonest - now, 0.01))

    def _check(self, key: int, call: _Call, still_answering: Callable[[], bool]) -> None:
        answering = True  # a check that fails (a bug) leaves the call watched, never cuts it
        try:
            answering = still_answering()
        finally:
            with self._changed:
                # Released (or watched anew) meanwhile: this answer is about nothing any more.
                if self._calls.get(key) is call:
                    if answering:
                        call.deadline = time.monotonic() + call.seconds
                        self._changed.notify()
                    else:
                        self._cut_call(key)

    def _cut_call(self, key: int) -> None:
        # Under the lock: a call that is released cannot be cut after, nor its fd reused.
        call = self._calls.pop(key)
        self._cut.add(key)
        _cut(call.fd)


def _cut(fd: int) -> None:
    """Shut the socket down (both ways) through a duplicate, leaving the fd to its owner."""
    try:
        duplicate = socket.socket(fileno=os.dup(fd))
    except OSError:
        return
    try:
        duplicate.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    finally:
        duplicate.close()


WATCHDOG = Watchdog()
