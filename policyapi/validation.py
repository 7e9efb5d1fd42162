"""Validation pieces shared by the API's arguments, the seed files and data packages."""

from typing import Any

from marshmallow import validate

# A partial ISO date: "2020", "2020-02" or "2020-02-16"; stored as text, compared as text.
PARTIAL_DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
PARTIAL_DATE = validate.Regexp(
    PARTIAL_DATE_PATTERN,
    error="must be an ISO date, possibly partial: YYYY, YYYY-MM or YYYY-MM-DD",
)

Path = tuple[Any, ...]


def flatten_messages(messages: Any, path: Path = ()) -> list[tuple[Path, str]]:
    """marshmallow's nested error messages as (path of keys, message) pairs."""
    if isinstance(messages, dict):
        out: list[tuple[Path, str]] = []
        for key, value in messages.items():
            out.extend(flatten_messages(value, (*path, key)))
        return out
    if isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        return [(path, m) for m in messages]
    if isinstance(messages, list):
        return [pair for item in messages for pair in flatten_messages(item, path)]
    return [(path, str(messages))]
