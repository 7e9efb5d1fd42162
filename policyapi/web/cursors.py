"""Signed, URL-safe cursors: the sort key a page continues from, bound to one collection.

A cursor holds a scope (the collection it was issued for), a direction and a sort key. The
signature makes tampering a clear `InvalidCursor`, and the key is checked field by field
against the types the collection sorts by, so a forged or foreign cursor never reaches SQL.
"""

from collections.abc import Sequence
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


def encode(secret_key: str, scope: str, direction: Direction, key: Sequence[Any]) -> str:
    """A cursor continuing `scope` after (or before) the row with sort key `key`."""
    return str(_serializer(secret_key).dumps({"c": scope, "d": direction, "k": list(key)}))


def _fits(value: Any, kind: type) -> bool:
    if kind is float:  # JSON has one number type: an integral rank comes back as an int
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, kind) and not isinstance(value, bool)


def decode(secret_key: str, token: str, scope: str, kinds: Sequence[type]) -> Position:
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
    return Position(data["d"], data["k"])
