"""Per-client rate limits (Flask-Limiter) announced with the IETF RateLimit header fields.

Header fields follow draft-ietf-httpapi-ratelimit-headers-06: `RateLimit-Limit`,
`RateLimit-Remaining`, `RateLimit-Reset` (seconds until the window resets) and
`RateLimit-Policy` (`<quota>;w=<window seconds>`). Flask-Limiter's own `X-RateLimit-*` headers
are off because they give the reset as a timestamp and add `Retry-After` to every response.

Settings (all `POLICYAPI_`-prefixed in the environment): `RATELIMIT_DEFAULT` (per client and
endpoint, Flask-Limiter notation, e.g. "300 per minute"), `RATELIMIT_APPLICATION` (optional
per-client cap over the whole API), `RATELIMIT_STORAGE_URI` (in memory by default,
`policyapi-memory://`; `redis://127.0.0.1:6379` shares counters between workers and hosts),
`RATELIMIT_ENABLED`.
"""

import math
import threading
import time
from typing import Any

from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address
from limits.storage import MemoryStorage

from flask import Flask, Response, current_app, request

from policyapi.errors import problem_response

EXTENSION_KEY = "policyapi.limiter"
# Liveness and readiness probes come from the platform, not from clients.
EXEMPT_PATHS = frozenset({"/healthz", "/readyz"})
DEFAULTS = {
    "RATELIMIT_DEFAULT": "300 per minute",
    "RATELIMIT_STORAGE_URI": "policyapi-memory://",
    # Redis must not stall requests: short timeouts, then count in memory until it is back.
    "RATELIMIT_STORAGE_OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
    "RATELIMIT_KEY_PREFIX": "policyapi",
}


class InlineExpiryMemoryStorage(MemoryStorage):
    """limits' in-memory storage, with expired counters swept inline instead of by timer threads.

    Upstream starts a `threading.Timer(0.01)` from any hit that finds the previous one finished:
    under load a new thread every 10 ms or so per worker (8 % of a cached answer's time under
    py-spy), and two request threads can start the same Timer at once (limits issue #26). Here
    the first hit that finds a sweep due runs it, at most once per SWEEP_SECONDS. Counters read
    after they expire are dropped by `get` anyway: the sweep only bounds memory.
    """

    STORAGE_SCHEME = ["policyapi-memory"]
    SWEEP_SECONDS = 1.0

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: Any):
        self._sweep_lock = threading.Lock()
        self._next_sweep = 0.0
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    def _MemoryStorage__schedule_expiry(self) -> None:
        now = time.monotonic()
        if now < self._next_sweep or not self._sweep_lock.acquire(blocking=False):
            return
        try:
            self._next_sweep = now + self.SWEEP_SECONDS
            self._MemoryStorage__expire_events()  # type: ignore[attr-defined]
        finally:
            self._sweep_lock.release()


def _request_identity() -> str:
    # Flask-Limiter exempts requests without an endpoint; count 404 probes as well.
    return request.endpoint or "unrouted"


def _is_exempt() -> bool:
    return request.path in EXEMPT_PATHS


def get_limiter(app: Flask | None = None) -> Limiter:
    """Return the app's Limiter."""
    limiter: Limiter = (app or current_app).extensions[EXTENSION_KEY]
    return limiter


def _seconds_until(timestamp: float) -> int:
    return max(0, math.ceil(timestamp - time.time()))


def _add_ratelimit_headers(response: Response) -> Response:
    """Tell the client its quota on every rate-limited response."""
    current = get_limiter().current_limit
    if current is None:
        return response
    amount = current.limit.amount
    response.headers["RateLimit-Limit"] = str(amount)
    response.headers["RateLimit-Remaining"] = str(max(0, current.remaining))
    response.headers["RateLimit-Reset"] = str(_seconds_until(current.window.reset_time))
    response.headers["RateLimit-Policy"] = f"{amount};w={current.limit.get_expiry()}"
    return response


def _too_many_requests(error: RateLimitExceeded) -> Response:
    current = get_limiter().current_limit
    retry_after = max(1, _seconds_until(current.window.reset_time)) if current else 1
    return problem_response(
        429,
        f"Rate limit exceeded ({error.limit.limit} per client); retry in {retry_after} s.",
        headers={"Retry-After": str(retry_after)},
    )


def init_app(app: Flask) -> Limiter:
    """Limit every client per endpoint; tests run unlimited unless they enable it."""
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    app.config.setdefault("RATELIMIT_ENABLED", not app.testing)
    limiter = Limiter(
        get_remote_address, headers_enabled=False, request_identifier=_request_identity
    )
    limiter.request_filter(_is_exempt)
    limiter.init_app(app)
    app.extensions[EXTENSION_KEY] = limiter
    app.after_request(_add_ratelimit_headers)
    app.register_error_handler(RateLimitExceeded, _too_many_requests)
    return limiter
