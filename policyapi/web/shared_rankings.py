"""Search rankings shared by every worker and host through Redis (optional).

Set POLICYAPI_RANKING_CACHE_URL (e.g. redis://127.0.0.1:6379/0) and a ranking computed by one
worker is read by the others instead of ranked again. Entries are keyed by the dataset
fingerprint and the query's normal form (so a new release never reads an old one) and expire
after RANKING_CACHE_TTL seconds. Redis must never stall or fail a search: short socket
timeouts, and any Redis error is logged and treated as a miss.
"""

import hashlib
import logging
from collections.abc import Hashable

import redis

log = logging.getLogger(__name__)
PREFIX = "policyapi:ranking:"


class SharedRankings:
    def __init__(self, url: str, ttl: int) -> None:
        self.client = redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5)
        self.ttl = ttl

    @staticmethod
    def _key(key: Hashable) -> str:
        # repr of tuples of strings is stable across processes (no hash randomisation).
        return PREFIX + hashlib.sha256(repr(key).encode("utf-8")).hexdigest()

    def get(self, key: Hashable) -> bytes | None:
        try:
            found = self.client.get(self._key(key))
        except redis.RedisError as error:
            log.warning("Ranking cache (Redis) failed on read: %s", error)
            return None
        return found if isinstance(found, bytes) else None

    def put(self, key: Hashable, value: bytes) -> None:
        try:
            self.client.set(self._key(key), value, ex=self.ttl)
        except redis.RedisError as error:
            log.warning("Ranking cache (Redis) failed on write: %s", error)
