"""A provision's versions as typed rows, and the one a day falls in (legal time).

Read only when asked (`as_of`, the versions routes): the plain provision routes never touch the
table. A provision without recorded versions has one implicit version, built from its own row.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

import sqlalchemy as sa

from policyapi.legaltime import Choice, choose
from policyapi.queries.common import DOCUMENTS_TABLE, PROVISION_VERSIONS_TABLE, any_of
from policyapi.queries.fetch import fetch
from policyapi.queries.provisions import ProvisionRow


class VersionRow(NamedTuple):
    provision_id: str
    number: int
    valid_from: str | None
    valid_to: str | None
    made_by_event: str | None
    made_by_document_id: str | None
    made_by_document_title: str | None
    summary: str
    text: str | None
    text_state: str
    confidence: str
    confidence_note: str | None
    note: str | None
    evidence: list[dict[str, Any]]
    recorded: bool  # False: the implicit version of a provision without history


@dataclass(frozen=True)
class History:
    """Every version of one provision, oldest first (at least one)."""

    versions: list[VersionRow]

    @property
    def current(self) -> VersionRow:
        return self.versions[-1]

    def number(self, number: int) -> VersionRow | None:
        return self.versions[number - 1] if 1 <= number <= len(self.versions) else None


@dataclass(frozen=True)
class AsOf:
    """The version chosen for a day, and why."""

    day: date
    choice: Choice
    version: VersionRow
    current: bool


def _versions_of_provisions() -> sa.Select[Any]:
    v, d = PROVISION_VERSIONS_TABLE, DOCUMENTS_TABLE
    columns = [v.c[name] for name in VersionRow._fields[:6]]
    rest = [v.c[name] for name in VersionRow._fields[7:-1]]
    return (
        sa.select(
            *columns,
            d.c.title.label("made_by_document_title"),
            *rest,
            sa.true().label("recorded"),
        )
        .select_from(v.outerjoin(d, d.c.id == v.c.made_by_document_id))
        .where(any_of(v.c.provision_id, "provision_ids"))
        .order_by(v.c.provision_id, v.c.number)
    )


VERSIONS_OF_PROVISIONS = _versions_of_provisions()


def implicit_version(row: ProvisionRow) -> VersionRow:
    """The one version of a provision without recorded history: its own fields, undated."""
    return VersionRow(
        provision_id=row.id,
        number=1,
        valid_from=None,
        valid_to=None,
        made_by_event=None,
        made_by_document_id=None,
        made_by_document_title=None,
        summary=row.summary,
        text=row.text,
        text_state=row.text_state,
        confidence=row.confidence,
        confidence_note=row.confidence_note,
        note=None,
        evidence=row.evidence,
        recorded=False,
    )


def histories_of(conn: sa.Connection, rows: Sequence[ProvisionRow]) -> dict[str, History]:
    """Each provision's versions, in one query; the implicit one where none is recorded."""
    found: dict[str, list[VersionRow]] = {row.id: [] for row in rows}
    if found:
        params = {"provision_ids": list(found)}
        for version in fetch(conn, VERSIONS_OF_PROVISIONS, params, VersionRow):
            # SQLite returns the literal as 1, PostgreSQL as True.
            found[version.provision_id].append(version._replace(recorded=True))
    return {row.id: History(found[row.id] or [implicit_version(row)]) for row in rows}


def as_of(history: History, day: date) -> AsOf:
    """The version of `history` to answer with for `day`."""
    recorded = [v for v in history.versions if v.recorded]
    choice = choose(recorded, day)
    version = history.number(choice.number) or history.current
    return AsOf(day, choice, version, version.number == history.current.number)


def as_of_each(
    conn: sa.Connection, rows: Sequence[ProvisionRow], day: date | None
) -> dict[str, AsOf] | None:
    """The version of each provision in force on `day`; None (no query) without a day."""
    if day is None:
        return None
    return {pid: as_of(history, day) for pid, history in histories_of(conn, rows).items()}
