"""Releases and their changes: which versions this database loaded, and what each one changed.

The change list is one select for every representation (JSON page, Atom, JSON Feed, CSV):
newest release first, filtered by release range, record type, action and by what a change is
about (its subjects: /v1/changes?topic=detainers is every change touching that topic).
"""

from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple, TypeVar

import sqlalchemy as sa

from policyapi.queries.collection import Collection
from policyapi.queries.common import any_of
from policyapi.queries.fetch import fetch, fetch_tuples
from policyapi.queries.keyset import Keyset
from policyapi.seeds.changes import SUBJECT_KINDS
from policyapi.seeds.releases import CHANGES, FILES, RELEASES, SUBJECTS

R, C, S = RELEASES, CHANGES, SUBJECTS
T = TypeVar("T")
# Newest release first: the keyset is ascending, so it sorts on the negated sequence.
RECENCY = (-C.c.sequence).label("recency")


class ReleaseRow(NamedTuple):
    version: str
    sequence: int
    dataset_id: str
    released_on: date | None
    content_hash: str
    counts: list[dict[str, Any]]
    notes: str
    previous_version: str | None
    added: int
    changed: int
    removed: int
    files_stored: bool


class ChangeRow(NamedTuple):
    id: str
    version: str
    sequence: int
    released_on: date | None
    record_type: str
    record_id: str
    action: str
    fields: list[str]
    label: str
    recency: int


@dataclass(frozen=True)
class ReleaseFilters:
    pass


@dataclass(frozen=True)
class ChangeFilters:
    # Release bounds as sequences, resolved from versions or dates (resources.py).
    after: int | None = None
    through: int | None = None
    type: tuple[str, ...] = ()
    action: tuple[str, ...] = ()
    document: tuple[str, ...] = ()
    provision: tuple[str, ...] = ()
    topic: tuple[str, ...] = ()
    speaker: tuple[str, ...] = ()
    article: tuple[str, ...] = ()
    statement: tuple[str, ...] = ()
    doc_type: tuple[str, ...] = ()
    jurisdiction: tuple[str, ...] = ()


def _count(action: str) -> sa.ScalarSelect[Any]:
    return (
        sa.select(sa.func.count())
        .where(C.c.version == R.c.version, C.c.action == action)
        .scalar_subquery()
    )


def _releases(where: list[sa.ColumnElement[bool]]) -> sa.Select[Any]:
    stored = sa.exists().where(FILES.c.version == R.c.version)
    return sa.select(
        R.c.version,
        R.c.sequence,
        R.c.dataset_id,
        R.c.released_on,
        R.c.content_hash,
        R.c.counts,
        R.c.notes,
        R.c.previous_version,
        _count("added").label("added"),
        _count("changed").label("changed"),
        _count("removed").label("removed"),
        stored.label("files_stored"),
    ).where(*where)


RELEASES_LIST: Collection[ReleaseFilters, ReleaseRow] = Collection(
    "releases",
    ReleaseRow,
    Keyset((R.c.sequence, R.c.version)),
    _releases,
    lambda _filters: [],
    item_select=_releases,
)


def change_where(filters: ChangeFilters) -> list[sa.ColumnElement[bool]]:
    where: list[sa.ColumnElement[bool]] = []
    if filters.after is not None:
        where.append(C.c.sequence > sa.bindparam("after"))
    if filters.through is not None:
        where.append(C.c.sequence <= sa.bindparam("through"))
    if filters.type:
        where.append(any_of(C.c.record_type, "type"))
    if filters.action:
        where.append(any_of(C.c.action, "action"))
    for kind in SUBJECT_KINDS:
        if getattr(filters, kind):
            where.append(
                sa.exists().where(
                    S.c.change_id == C.c.id, S.c.kind == kind, any_of(S.c.value, kind)
                )
            )
    return where


def _changes(where: list[sa.ColumnElement[bool]]) -> sa.Select[Any]:
    return (
        sa.select(
            C.c.id,
            C.c.version,
            C.c.sequence,
            R.c.released_on,
            C.c.record_type,
            C.c.record_id,
            C.c.action,
            C.c.fields,
            C.c.label,
            RECENCY,
        )
        .join(R, R.c.version == C.c.version)
        .where(*where)
    )


CHANGES_LIST: Collection[ChangeFilters, ChangeRow] = Collection(
    "changes", ChangeRow, Keyset((RECENCY, C.c.id)), _changes, change_where
)


class Bound(NamedTuple):
    version: str
    sequence: int


_BY_VERSION = sa.select(R.c.version, R.c.sequence).where(R.c.version == sa.bindparam("v"))
_FIRST_SINCE = (
    sa.select(R.c.version, R.c.sequence)
    .where(R.c.released_on >= sa.bindparam("d"))
    .order_by(R.c.sequence)
    .limit(1)
)
_LAST_UNTIL = (
    sa.select(R.c.version, R.c.sequence)
    .where(R.c.released_on <= sa.bindparam("d"))
    .order_by(R.c.sequence.desc())
    .limit(1)
)
_LATEST = sa.select(R.c.version, R.c.released_on).order_by(R.c.sequence.desc()).limit(1)


def _one(
    conn: sa.Connection, stmt: sa.Select[Any], params: dict[str, Any], row: type[T]
) -> T | None:
    found = fetch(conn, stmt, params, row)
    return found[0] if found else None


def release_bound(conn: sa.Connection, version: str) -> Bound | None:
    return _one(conn, _BY_VERSION, {"v": version}, Bound)


def first_released_since(conn: sa.Connection, day: date) -> Bound | None:
    return _one(conn, _FIRST_SINCE, {"d": day}, Bound)


def last_released_until(conn: sa.Connection, day: date) -> Bound | None:
    return _one(conn, _LAST_UNTIL, {"d": day}, Bound)


class StoredFile(NamedTuple):
    media_type: str
    sha256: str
    content: bytes


_FILE = sa.select(FILES.c.media_type, FILES.c.sha256, FILES.c.content).where(
    FILES.c.version == sa.bindparam("v"), FILES.c.path == sa.bindparam("path")
)


def stored_file(conn: sa.Connection, version: str, path: str) -> StoredFile | None:
    return _one(conn, _FILE, {"v": version, "path": path}, StoredFile)


_RELEASE_DAY = sa.select(R.c.version, R.c.released_on).where(R.c.version == sa.bindparam("v"))
_PACKAGE_STORED = sa.select(FILES.c.version).where(
    FILES.c.version == sa.bindparam("v"), FILES.c.path == "datapackage.json"
)


class ReleaseDay(NamedTuple):
    version: str
    released_on: date | None


def release_day(conn: sa.Connection, version: str) -> ReleaseDay | None:
    return _one(conn, _RELEASE_DAY, {"v": version}, ReleaseDay)


def latest_day(conn: sa.Connection) -> ReleaseDay | None:
    """The latest release and its date."""
    return _one(conn, _LATEST, {}, ReleaseDay)


def package_stored(conn: sa.Connection, version: str) -> bool:
    return bool(fetch_tuples(conn, _PACKAGE_STORED, {"v": version}))


_SUBJECT_VALUES = (
    sa.select(S.c.value).distinct().where(S.c.kind == sa.bindparam("kind")).order_by(S.c.value)
)


def subject_values(conn: sa.Connection, kind: str) -> list[str]:
    """Every value changes are about for one filter (a removed topic stays one)."""
    return [str(row[0]) for row in fetch_tuples(conn, _SUBJECT_VALUES, {"kind": kind})]
