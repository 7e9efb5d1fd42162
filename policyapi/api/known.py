"""Unknown ids in filters: a 422 naming the closest known ids, never an empty 200.

`speaker=baraka` is refused with "did you mean 'ras-baraka'?". The check runs once per
dataset version for a given set of ids (the answer is remembered like a total), so a filtered
page costs no extra query once seen; a refused one pays a bounded suggestion query.
"""

import difflib
from collections.abc import Mapping
from typing import Any

from flask_smorest import abort

from policyapi.db import connect
from policyapi.queries import known
from policyapi.web import caching

# Suggestions are looked for the first few unknown values of each filter only: each costs a
# query, and a request may repeat a filter hundreds of times.
SUGGESTED_MOST = 3
CLOSEST_MOST = 3
# difflib's ratio from which a known id is offered as what was meant, not just as the nearest.
MEANT = 0.6


def closest(wanted: str, candidates: list[str]) -> tuple[list[str], bool]:
    """The ids nearest `wanted`, best first, and whether the best is likely what was meant.

    An id containing what was asked (`baraka` in `ras-baraka`) comes first, shortest first;
    then difflib's similarity ranks the rest.
    """
    containing = sorted((c for c in candidates if wanted in c), key=lambda c: (len(c), c))
    similar = difflib.get_close_matches(wanted, candidates, n=CLOSEST_MOST, cutoff=0.0)
    ranked = list(dict.fromkeys([*containing, *similar]))[:CLOSEST_MOST]
    meant = bool(containing) or bool(
        ranked and difflib.SequenceMatcher(None, wanted, ranked[0]).ratio() >= MEANT
    )
    return ranked, meant


def _described(value: str, near: list[str], meant: bool) -> str:
    if meant:
        return f"{value!r} (did you mean {near[0]!r}?)"
    if near:
        return f"{value!r} (closest known: {', '.join(map(repr, near))})"
    return repr(value)


def _message(kind: str, missing: list[str]) -> str:
    with connect() as conn:
        hints = [
            closest(value, known.ids_near(conn, kind, value)) if i < SUGGESTED_MOST else ([], False)
            for i, value in enumerate(missing)
        ]
    if len(missing) == 1 and hints[0][1]:
        # The common case reads as a sentence: unknown speaker 'baraka'; did you mean ...?
        return f"unknown {kind} {missing[0]!r}; did you mean {hints[0][0][0]!r}?"
    described = [_described(value, *hint) for value, hint in zip(missing, hints, strict=True)]
    return f"unknown {kind}(s) {', '.join(described)}; see /v1/{kind}s"


def _missing(kind: str, wanted: list[str], changes: bool) -> list[str]:
    present: set[str] | None = None

    def count() -> int:
        nonlocal present
        with connect() as conn:
            present = known.present_ids(conn, kind, wanted, or_changed=changes)
        return len(present)

    if caching.cached_total(("known ids", kind, tuple(wanted), changes), count) == len(wanted):
        return []
    if present is None:  # refused before in this dataset version: which ones, again
        with connect() as conn:
            present = known.present_ids(conn, kind, wanted, or_changed=changes)
    return [value for value in wanted if value not in present]


def known_ids(
    args: Mapping[str, Any], *, changes: bool = False, names: Mapping[str, str] | None = None
) -> None:
    """A 422 unless every id the query's filters name exists.

    Filters are named as the kind of id they take (`speaker=`), unless `names` maps other
    filter names to kinds (`within=` takes a jurisdiction). With `changes`, an id some change
    is about is known too: a release may have removed it, and its changes are what
    /v1/changes?document=<it> asks for.
    """
    errors: dict[str, list[str]] = {}
    for name, kind in (names or {kind: kind for kind in known.ID_TABLES}).items():
        given = args.get(name) or ()
        wanted = list(dict.fromkeys([given] if isinstance(given, str) else given))
        missing = _missing(kind, wanted, changes) if wanted else []
        if missing:
            errors[name] = [_message(kind, missing)]
    if errors:
        abort(422, errors=errors)
