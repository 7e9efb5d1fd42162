"""A `limits` storage in one SQLite file, so the workers of one server share their counters.

Per-worker memory counters let a client make workers × its quota, and `RateLimit-Remaining`
jumps as requests land on different workers. Redis (`RATELIMIT_STORAGE_URI=redis://...`) shares
them between hosts; on one host without Redis, gunicorn_conf.py points every worker at one file
of this storage (`policyapi-sqlite:///path`). A hit is one upsert in WAL mode without fsync:
the counters are worth nothing after a crash, and a lost window only forgives a few requests.
"""

import sqlite3
import threading
import time
from typing import Any

from limits.storage import Storage

SCHEME = "policyapi-sqlite"
# Writers queue for the file lock at most this long; past it the limiter's memory fallback
# counts (ratelimit.py), so a request never waits on the counters.
BUSY_TIMEOUT_SECONDS = 1.0
SWEEP_SECONDS = 10.0


class SQLiteStorage(Storage):
    """Fixed-window counters (key, count, expires_at) in a table shared by processes."""

    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options: Any) -> None:
        self.path = uri.removeprefix(f"{SCHEME}://")
        self._local = threading.local()
        self._next_sweep = 0.0
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self._connection().execute(
            "CREATE TABLE IF NOT EXISTS counters"
            " (key TEXT PRIMARY KEY, count INTEGER NOT NULL, expires_at REAL NOT NULL)"
        )

    @property
    def base_exceptions(self) -> type[Exception]:
        return sqlite3.Error

    def _connection(self) -> sqlite3.Connection:
        """One connection per thread (sqlite3 connections must not cross threads)."""
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None
            )
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=OFF")
            self._local.connection = connection
        return connection

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        """Add `amount` to the key's window, starting a new window if the old one expired."""
        now = time.time()
        self._sweep(now)
        row = (
            self._connection()
            .execute(
                "INSERT INTO counters (key, count, expires_at) VALUES (?, ?, ?)"
                " ON CONFLICT (key) DO UPDATE SET"
                " count = CASE WHEN expires_at <= ? THEN excluded.count"
                " ELSE count + excluded.count END,"
                " expires_at = CASE WHEN expires_at <= ? THEN excluded.expires_at"
                " ELSE expires_at END"
                " RETURNING count, expires_at",
                (key, amount, now + expiry, now, now),
            )
            .fetchone()
        )
        # limits' fixed window reads the key back at once (get, then get_expiry): answer those
        # from this upsert, one statement per hit instead of three.
        expires_at = float(row[1])
        self._local.last_hit = (key, int(row[0]), expires_at) if expires_at > now else None
        return int(row[0])

    def _just_hit(self, key: str) -> tuple[str, int, float] | None:
        last: tuple[str, int, float] | None = getattr(self._local, "last_hit", None)
        return last if last is not None and last[0] == key else None

    def get(self, key: str) -> int:
        last = self._just_hit(key)
        if last is not None:
            return last[1]
        row = (
            self._connection()
            .execute(
                "SELECT count FROM counters WHERE key = ? AND expires_at > ?", (key, time.time())
            )
            .fetchone()
        )
        return int(row[0]) if row else 0

    def get_expiry(self, key: str) -> float:
        last = self._just_hit(key)
        if last is not None:
            self._local.last_hit = None  # the hit's read-back is over: read the table again
            return last[2]
        now = time.time()
        row = (
            self._connection()
            .execute("SELECT expires_at FROM counters WHERE key = ? AND expires_at > ?", (key, now))
            .fetchone()
        )
        return float(row[0]) if row else now

    def check(self) -> bool:
        try:
            self._connection().execute("SELECT 1").fetchone()
        except sqlite3.Error:
            return False
        return True

    def reset(self) -> int | None:
        self._local.last_hit = None
        return self._connection().execute("DELETE FROM counters").rowcount

    def clear(self, key: str) -> None:
        self._local.last_hit = None
        self._connection().execute("DELETE FROM counters WHERE key = ?", (key,))

    def _sweep(self, now: float) -> None:
        """Drop expired windows now and then (reads ignore them anyway: this bounds the file)."""
        if now < self._next_sweep:
            return
        self._next_sweep = now + SWEEP_SECONDS
        self._connection().execute("DELETE FROM counters WHERE expires_at <= ?", (now,))
