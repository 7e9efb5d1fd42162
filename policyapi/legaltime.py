"""Legal time: which version of a provision was in force on a given day.

A partial date stands for its first day ("2019" is 2019-01-01, "2019-09" 2019-09-01). A version
is in force from its `valid_from` (NULL: since before any date recorded) up to, not including,
its `valid_to` (NULL: still in force), so an amendment's date ends one version and starts the
next. The seed loader, the API's `as_of` and the test factories all ask this module.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from policyapi.vocab import VersionMatch


class Dated(Protocol):
    @property
    def number(self) -> int: ...
    @property
    def valid_from(self) -> str | None: ...
    @property
    def valid_to(self) -> str | None: ...


@dataclass(frozen=True)
class Choice:
    """The version shown for a day, and why."""

    number: int
    match: VersionMatch


# A provision without recorded versions: its one version, whatever the day.
UNDATED = Choice(1, VersionMatch.UNDATED)


def first_day(partial: str) -> date:
    """The first day a partial ISO date (YYYY, YYYY-MM or YYYY-MM-DD) stands for."""
    parts = [int(p) for p in partial.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


def in_force(version: Dated, day: date) -> bool:
    """Whether `day` falls within the version's dates (start inclusive, end exclusive)."""
    starts = version.valid_from is None or first_day(version.valid_from) <= day
    ends = version.valid_to is not None and first_day(version.valid_to) <= day
    return starts and not ends


def choose(versions: Sequence[Dated], day: date) -> Choice:
    """The version in force on `day`; outside all of them, the latest begun before it."""
    if not versions:
        return UNDATED
    ordered = sorted(versions, key=lambda v: v.number)
    for version in ordered:
        if in_force(version, day):
            return Choice(version.number, VersionMatch.IN_FORCE)
    begun = [v for v in ordered if v.valid_from is None or first_day(v.valid_from) <= day]
    return Choice((begun[-1] if begun else ordered[0]).number, VersionMatch.NOT_IN_FORCE)


def version_on(versions: Sequence[Dated], when: str | None) -> int | None:
    """The number of the version a statement made on `when` (a partial date) was linked to.

    Without recorded versions it is the one implicit version; without a date, unknown.
    """
    if not versions:
        return UNDATED.number
    if when is None:
        return None
    return choose(versions, first_day(when)).number
