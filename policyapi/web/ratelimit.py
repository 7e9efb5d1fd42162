"""Per-client rate limits (the `limits` library) announced with the IETF RateLimit header fields.

Header fields follow draft-ietf-httpapi-ratelimit-headers-06: `RateLimit-Limit`,
`RateLimit-Remaining`, `RateLimit-Reset` (seconds until the window resets) and
`RateLimit-Policy` (`<quota>;w=<window seconds>`). Over the limit is a 429 problem with
`Retry-After`.

Settings (all `POLICYAPI_`-prefixed in the environment): `RATELIMIT_DEFAULT` (per client and
endpoint, e.g. "300 per minute"; `;` separates several), `RATELIMIT_APPLICATION` (optional
per-client cap over the whole API), `RATELIMIT_SEARCH` (what searching costs: every
request with `q`, /v1/search and /v1/suggest, count against it too, per client over all
routes; empty turns it off), `RATELIMIT_STORAGE_URI` (in memory by default,
`policyapi-memory://`; gunicorn_conf.py gives a server's workers one SQLite file,
`policyapi-sqlite:///path`; `redis://127.0.0.1:6379` shares counters between hosts),
`RATELIMIT_IPV6_PREFIX` (IPv6 clients are counted per network of this length, default /64:
one subscriber's whole allocation), `RATELIMIT_ENABLED`.

The limits are fixed when the app starts, so a request costs two counter operations per limit.
Flask-Limiter, used before, resolved them afresh on every request (default limits re-parsed,
blueprint and exemption scopes walked): about 100 µs, a third of a cached answer's time
(pyinstrument on the app alone: 293 µs with it, 198 µs without).
"""

import ipaddress
import logging
import math
import threading
import time
from dataclasses import dataclass
from typing import Any

from limits import RateLimitItem, parse_many
from limits.errors import StorageError
from limits.storage import MemoryStorage, storage_from_string
from limits.strategies import FixedWindowRateLimiter

from flask import Flask, Response, current_app, g, request

from policyapi.errors import problem_response
from policyapi.web import ratelimit_storage  # noqa: F401  # registers policyapi-sqlite://

EXTENSION_KEY = "policyapi.ratelimit"
# Liveness and readiness probes come from the platform, not from clients.
EXEMPT_PATHS = frozenset({"/healthz", "/readyz"})
# Routes that rank a text against the whole index: searching, and suggesting provisions.
SEARCH_PATHS = ("/v1/search", "/v1/suggest")
DEFAULTS = {
    "RATELIMIT_DEFAULT": "300 per minute",
    "RATELIMIT_APPLICATION": None,
    # A search reads an index and ranks: dearer than a page of a list, so a tighter quota.
    "RATELIMIT_SEARCH": "60 per minute",
    "RATELIMIT_STORAGE_URI": "policyapi-memory://",
    # Redis must not stall requests: short timeouts, then count in memory until it is back.
    "RATELIMIT_STORAGE_OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
    "RATELIMIT_KEY_PREFIX": "policyapi",
    # A subscriber usually gets a whole /64 (RFC 6177): per address, it could rotate forever.
    "RATELIMIT_IPV6_PREFIX": 64,
}
# While counting in memory after a storage failure, the storage is tried again this often.
STORAGE_RETRY_SECONDS = 5.0
log = logging.getLogger(__name__)


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


@dataclass(frozen=True)
class Verdict:
    """One request counted against the limit closest to refusing it."""

    limit: RateLimitItem
    allowed: bool
    remaining: int
    reset_at: float  # epoch seconds


class RateLimiter:
    """Fixed-window counters per client and endpoint (and per client over the API, if set)."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.per_endpoint = parse_many(config["RATELIMIT_DEFAULT"])
        application = config["RATELIMIT_APPLICATION"]
        self.per_client = parse_many(application) if application else []
        searching = config["RATELIMIT_SEARCH"]
        self.per_search = parse_many(searching) if searching else []
        self.prefix = str(config["RATELIMIT_KEY_PREFIX"])
        self.ipv6_prefix = config["RATELIMIT_IPV6_PREFIX"]
        if not isinstance(self.ipv6_prefix, int) or not 1 <= self.ipv6_prefix <= 128:
            message = f"RATELIMIT_IPV6_PREFIX must be 1 to 128, not {self.ipv6_prefix!r}"
            raise ValueError(message)
        storage = storage_from_string(
            config["RATELIMIT_STORAGE_URI"],
            wrap_exceptions=True,
            **config["RATELIMIT_STORAGE_OPTIONS"],
        )
        self.primary = FixedWindowRateLimiter(storage)
        self.fallback = (
            FixedWindowRateLimiter(InlineExpiryMemoryStorage())
            if config["RATELIMIT_IN_MEMORY_FALLBACK_ENABLED"]
            else None
        )
        # monotonic time until which counting stays in memory after a storage failure
        self.on_fallback_until: float | None = None

    def count(self, client: str, endpoint: str, search: bool = False) -> Verdict | None:
        """Count one request (a `search` also against the search quota); None when the
        storage failed and there is no fallback."""
        try:
            return self._count(self._strategy(), client, endpoint, search)
        except StorageError as error:
            if self.fallback is None:
                log.error("Rate-limit storage failed (%s); this request is not counted", error)
                return None
            log.warning("Rate-limit storage failed (%s); falling back to in-memory storage", error)
            self.on_fallback_until = time.monotonic() + STORAGE_RETRY_SECONDS
            return self._count(self.fallback, client, endpoint, search)

    def _strategy(self) -> FixedWindowRateLimiter:
        if self.on_fallback_until is None or self.fallback is None:
            return self.primary
        if time.monotonic() < self.on_fallback_until:
            return self.fallback
        if self.primary.storage.check():
            log.warning("Rate-limit storage is back; counting there again")
            self.on_fallback_until = None
            return self.primary
        self.on_fallback_until = time.monotonic() + STORAGE_RETRY_SECONDS
        return self.fallback

    def _count(
        self, strategy: FixedWindowRateLimiter, client: str, endpoint: str, search: bool
    ) -> Verdict:
        checks = [(limit, ("*",)) for limit in self.per_client]
        if search:
            checks += [(limit, ("search",)) for limit in self.per_search]
        checks += [(limit, (endpoint,)) for limit in self.per_endpoint]
        closest: Verdict | None = None
        for limit, scope in checks:
            allowed = strategy.hit(limit, self.prefix, client, *scope)
            stats = strategy.get_window_stats(limit, self.prefix, client, *scope)
            verdict = Verdict(limit, allowed, max(0, stats.remaining), stats.reset_time)
            if not allowed:
                return verdict  # the other limits are not spent on a refused request
            if closest is None or verdict.remaining < closest.remaining:
                closest = verdict
        assert closest is not None, "RATELIMIT_DEFAULT names at least one limit"  # nosec B101
        return closest


def client_key(address: str | None, ipv6_prefix: int) -> str:
    """Who a request is counted against: its IPv4 address, or its IPv6 address's network."""
    if not address:
        return "unknown"
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address  # not an IP (a Unix socket peer without ProxyFix): counted as given
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, ipv6_prefix), strict=False))
    return str(ip)


# Every header this module sends: web/headers.py exposes them to browser code (CORS).
HEADER_NAMES = (
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "RateLimit-Policy",
    "Retry-After",
)


def _seconds_until(timestamp: float) -> int:
    return max(0, math.ceil(timestamp - time.time()))


def limit_request() -> Response | None:
    """Pipeline step: count the request; a 429 problem when the client is over its limit."""
    limiter: RateLimiter | None = current_app.extensions.get(EXTENSION_KEY)
    if limiter is None or request.path in EXEMPT_PATHS:
        return None
    # Unrouted paths (404 probes) are counted too, under one name.
    client = client_key(request.remote_addr, limiter.ipv6_prefix)
    search = "q" in request.args or request.path.startswith(SEARCH_PATHS)
    verdict = limiter.count(client, request.endpoint or "unrouted", search=search)
    g.ratelimit = verdict
    if verdict is None or verdict.allowed:
        return None
    retry_after = max(1, _seconds_until(verdict.reset_at))
    return problem_response(
        429,
        f"Rate limit exceeded ({verdict.limit} per client); retry in {retry_after} s.",
        headers={"Retry-After": str(retry_after)},
    )


def add_ratelimit_headers(response: Response) -> Response:
    """Pipeline step: tell the client its quota on every counted response."""
    verdict: Verdict | None = g.get("ratelimit")
    if verdict is None:
        return response
    amount = verdict.limit.amount
    # Added, not set: no hook before this one writes them, and set() scans every header.
    response.headers.extend(
        {
            "RateLimit-Limit": str(amount),
            "RateLimit-Remaining": str(verdict.remaining),
            "RateLimit-Reset": str(_seconds_until(verdict.reset_at)),
            "RateLimit-Policy": f"{amount};w={verdict.limit.get_expiry()}",
        }
    )
    return response


def init_app(app: Flask) -> None:
    """Set up the limiter; tests run unlimited unless they enable it."""
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    app.config.setdefault("RATELIMIT_ENABLED", not app.testing)
    if not app.config["RATELIMIT_ENABLED"]:
        return
    app.extensions[EXTENSION_KEY] = RateLimiter(app.config)
