"""Signed, URL-safe cursors: the sort key a page continues from, bound to one query.

A cursor holds a scope (the collection it was issued for), a digest of the query it pages
(path and filters: `query_digest`), a direction and a sort key. The signature makes tampering
a clear `InvalidCursor`; a cursor from other filters is refused (its sort key would continue
some other list, e.g. `q=city`'s on `q=warrant`); and the key is checked field by field against
the types and ranges the collection sorts by, so a forged or foreign cursor never reaches SQL.
"""

import hashlib
import json
import math
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer

from policyapi.queries.keyset import Direction, Position

CURSOR_SALT = "policyapi.cursor"


class InvalidCursor(ValueError):
    """A cursor this API did not issue for this collection."""


@lru_cache(maxsize=8)
def _serializer(secret_key: str) -> URLSafeSerializer:
    # Stateless once built; building one costs more than signing a cursor.
    return URLSafeSerializer(secret_key, salt=CURSOR_SALT)


def query_digest(pairs: Iterable[tuple[str, str]]) -> str:
    """A short digest of what a cursor pages: (name, value) pairs, their order ignored."""
    canonical = json.dumps(sorted(pairs), ensure_ascii=False)
    # Signed with the cursor, so it only has to tell queries apart, not resist forgery.
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def encode(
    secret_key: str, scope: str, direction: Direction, key: Sequence[Any], query: str
) -> str:
    """A cursor continuing `scope` for `query` after (or before) the row with sort key `key`."""
    payload = {"c": scope, "q": query, "d": direction, "k": list(key)}
    return str(_serializer(secret_key).dumps(payload))


# What the engines can bind and compare: SQLite integers are 64-bit (a larger one raises
# OverflowError), PostgreSQL text holds no NUL, and NaN or infinity sorts nowhere in a ranking.
INT_RANGE = range(-(2**63), 2**63)


def _fits(value: Any, kind: type) -> bool:
    if isinstance(value, bool):
        return False
    if kind is float:  # JSON has one number type: an integral rank comes back as an int
        return isinstance(value, int | float) and math.isfinite(value)
    if kind is int:
        return isinstance(value, int) and value in INT_RANGE
    if kind is str:
        return isinstance(value, str) and "\x00" not in value
    return False  # a kind no cursor was ever issued for


def decode(secret_key: str, token: str, scope: str, kinds: Sequence[type], query: str) -> Position:
    """The position `token` names; `kinds` are the Python types of the sort key's columns."""
    try:
        data = _serializer(secret_key).loads(token)
    except BadSignature:
        raise InvalidCursor(
            "The cursor is malformed or was altered; use a link from a response."
        ) from None
    valid = (
        isinstance(data, dict)
        and data.get("c") == scope
        and data.get("d") in ("after", "before")
        and isinstance(data.get("k"), list)
        and len(data["k"]) == len(kinds)
        and all(_fits(value, kind) for value, kind in zip(data["k"], kinds, strict=True))
    )
    if not valid:
        raise InvalidCursor("The cursor does not belong to this collection.")
    if data.get("q") != query:
        raise InvalidCursor(
            "The cursor was issued for other filters; use it with the query of the page "
            "that linked it (only page_size may change)."
        )
    return Position(data["d"], data["k"])
