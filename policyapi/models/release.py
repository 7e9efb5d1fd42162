"""Releases: each dataset version this database has loaded, its stored files and its changes.

`datasets` holds the release being served; `releases` keeps every one, so a version cited years
ago can still be downloaded byte for byte (`release_files`) and compared with the next one
(`changes`, one row per record a release added, changed or removed).
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, DateTime, Index, LargeBinary, Text
from sqlmodel import Field, SQLModel

from policyapi.models.base import SLUG_MAX
from policyapi.vocab import ChangeAction, RecordType, check_in

VERSION_MAX = 40
RECORD_ID_MAX = 2 * SLUG_MAX + 40  # a relation's id is the longest
CHANGE_ID_MAX = VERSION_MAX + 20 + RECORD_ID_MAX + 2


class Release(SQLModel, table=True):
    __tablename__ = "releases"
    __table_args__ = (CheckConstraint("sequence > 0", name="sequence_positive"),)

    version: str = Field(primary_key=True, max_length=VERSION_MAX)
    # Load order (1, 2, ...): releases compare by it, never by the load clock.
    sequence: int = Field(unique=True)
    dataset_id: str = Field(max_length=SLUG_MAX)
    released_on: date | None = Field(default=None)
    content_hash: str = Field(max_length=64)
    # Records per table in this release: [{"table": "documents", "rows": 3}, ...]
    counts: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    # The release's CHANGELOG.md entry.
    notes: str = Field(default="", sa_type=Text)
    # The release this one's changes are counted from; null for the first release a database
    # loaded, whose records are all new and whose changes are not recorded one by one.
    previous_version: str | None = Field(default=None, max_length=VERSION_MAX)
    loaded_at: datetime = Field(sa_type=DateTime(timezone=True))


class ReleaseFile(SQLModel, table=True):
    """One file of a release's data package, as it was served when the release was loaded."""

    __tablename__ = "release_files"

    version: str = Field(
        foreign_key="releases.version", ondelete="CASCADE", primary_key=True, max_length=VERSION_MAX
    )
    path: str = Field(primary_key=True, max_length=200)  # relative to datapackage.json
    media_type: str = Field(max_length=100)
    sha256: str = Field(max_length=64)
    content: bytes = Field(sa_type=LargeBinary)


class Change(SQLModel, table=True):
    __tablename__ = "changes"
    __table_args__ = (
        CheckConstraint(check_in("action", ChangeAction), name="action"),
        CheckConstraint(check_in("record_type", RecordType), name="record_type"),
        # Newest release first, then by id: the feed's keyset.
        Index(None, "sequence", "id"),
    )

    # "<version>/<record type>/<record id>": the same in every database that loaded the release.
    id: str = Field(primary_key=True, max_length=CHANGE_ID_MAX)
    version: str = Field(foreign_key="releases.version", ondelete="CASCADE", max_length=VERSION_MAX)
    sequence: int  # the release's, copied so the feed orders without a join
    record_type: str = Field(max_length=20)
    record_id: str = Field(max_length=RECORD_ID_MAX)
    action: str = Field(max_length=10)
    # The changed fields (export column names, or `topics`, `actors`, `citations`).
    fields: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # How the record reads to a person (a feed entry's title), as of this release.
    label: str = Field(default="", sa_type=Text)


class ChangeSubject(SQLModel, table=True):
    """What a change is about, one row per filter value: /v1/changes?topic=detainers."""

    __tablename__ = "change_subjects"
    __table_args__ = (Index(None, "kind", "value", "change_id"),)

    change_id: str = Field(
        foreign_key="changes.id", ondelete="CASCADE", primary_key=True, max_length=CHANGE_ID_MAX
    )
    kind: str = Field(primary_key=True, max_length=20)  # a filter's name
    value: str = Field(primary_key=True, max_length=RECORD_ID_MAX)


def change_id(version: str, record_type: str, record_id: str) -> str:
    return f"{version}/{record_type}/{record_id}"


def release_key(version: str) -> tuple[int, ...]:
    """Semantic-version order of X.Y.Z (no pre-release tags: the changelog allows none)."""
    return tuple(int(part) for part in version.split("."))
