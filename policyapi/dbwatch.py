"""Cut a PostgreSQL connection whose server stopped answering, so a request fails, not hangs.

A server that is frozen (SIGSTOP, a partition behind a host that still ACKs) never enforces
its own statement_timeout, and TCP keepalives and tcp_user_timeout see nothing wrong while
the peer's kernel acknowledges: libpq then waits forever. A watchdog thread therefore shuts
down the socket of any call still running past its deadline (the budget plus a grace, so
the server's own timeout answers first whenever the server is alive). libpq reads the end of
the stream, psycopg raises OperationalError, SQLAlchemy treats it as a disconnect and drops
the connection, and the request becomes a 503 "database unavailable".
"""

import os
import socket
import threading
import time
from typing import Any


class Watchdog:
    """One thread per process that cuts the sockets of calls past their deadline."""

    def __init__(self) -> None:
        self._calls: dict[int, tuple[float, int]] = {}
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None

    def watch(self, dbapi_connection: Any, seconds: float) -> None:
        """Cut `dbapi_connection` unless `release` is called within `seconds`."""
        try:
            fd = int(dbapi_connection.pgconn.socket)
        except Exception:  # noqa: BLE001 - closed or not a psycopg connection: nothing to cut
            return
        with self._changed:
            self._calls[id(dbapi_connection)] = (time.monotonic() + seconds, fd)
            self._ensure_thread()
            self._changed.notify()

    def release(self, dbapi_connection: Any) -> None:
        """The call on `dbapi_connection` ended in time."""
        with self._changed:
            self._calls.pop(id(dbapi_connection), None)

    def _ensure_thread(self) -> None:
        # Started lazily, in the process that uses it (gunicorn forks workers after import).
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="db-watchdog", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        with self._changed:
            while True:
                now = time.monotonic()
                for key, (deadline, fd) in list(self._calls.items()):
                    if deadline <= now:
                        del self._calls[key]
                        _cut(fd)
                soonest = min((deadline for deadline, _ in self._calls.values()), default=None)
                self._changed.wait(None if soonest is None else max(soonest - now, 0.01))


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
