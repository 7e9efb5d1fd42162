"""Which release a load makes, and what is kept of it.

A load under a version the database has not loaded yet records a release: its date and notes
(from CHANGELOG.md, through the bundle), its content hash and counts, one change per record it
added, changed or removed since the release before, and its data package as served, so the
version can be downloaded byte for byte after later ones. A load under the current version
must carry the same content (then it changes nothing); a different content needs a new version,
and an older version than the current one is refused: the history only moves forward.
"""

import hashlib
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from policyapi.exports.encode import MEDIA_TYPES, Format
from policyapi.exports.files import table_chunks
from policyapi.exports.package import (
    PACKAGE_FILE,
    build_descriptor,
    descriptor_bytes,
    resource_path,
)
from policyapi.exports.tables import TABLES
from policyapi.models.base import utcnow
from policyapi.models.release import change_id, release_key
from policyapi.seeds.bundle import Bundle
from policyapi.seeds.changes import Rows, record_changes

RELEASES = SQLModel.metadata.tables["releases"]
FILES = SQLModel.metadata.tables["release_files"]
CHANGES = SQLModel.metadata.tables["changes"]
SUBJECTS = SQLModel.metadata.tables["change_subjects"]


class ReleaseRefused(Exception):
    """The bundle cannot be loaded as a release of this database (nothing was written)."""


def latest_release(session: Session) -> sa.Row[Any] | None:
    query = sa.select(RELEASES).order_by(RELEASES.c.sequence.desc()).limit(1)
    return session.execute(query).first()


def is_new_release(latest: sa.Row[Any] | None, bundle: Bundle) -> bool:
    """Whether loading `bundle` records a release; ReleaseRefused if it may not be loaded."""
    version, content = bundle.dataset["version"], bundle.dataset["content_hash"]
    if latest is None:
        return True
    if version == latest.version:
        if content != latest.content_hash:
            raise ReleaseRefused(
                f"version {version} is already loaded with other content: changed data needs "
                "a new version (bump it in dataset.yaml, a patch is enough, and add its "
                "CHANGELOG.md entry)"
            )
        return False
    if release_key(version) < release_key(latest.version):
        raise ReleaseRefused(
            f"version {version} is older than the loaded release {latest.version}: releases "
            "only move forward (load into an empty database to serve an older version)"
        )
    return True


def record_release(
    session: Session, bundle: Bundle, latest: sa.Row[Any] | None, before: Rows | None
) -> None:
    """Write the release, its changes since `latest` (whose rows were `before`) and its files."""
    version = bundle.dataset["version"]
    sequence = latest.sequence + 1 if latest is not None else 1
    session.execute(
        sa.insert(RELEASES).values(
            version=version,
            sequence=sequence,
            dataset_id=bundle.dataset["id"],
            released_on=bundle.dataset.get("released_on"),
            content_hash=bundle.dataset["content_hash"],
            counts=[{"table": name, "rows": n} for name, n in bundle.counts().items()],
            notes=bundle.notes,
            previous_version=latest.version if latest is not None else None,
            loaded_at=utcnow(),
        )
    )
    if latest is not None and before is not None:
        _record_changes(session, version, sequence, before, bundle.tables)
    _store_package(session, version)


def _record_changes(
    session: Session, version: str, sequence: int, before: Rows, after: Rows
) -> None:
    changes: list[dict[str, Any]] = []
    subjects: list[dict[str, str]] = []
    for change in record_changes(before, after):
        key = change_id(version, change.record_type, change.record_id)
        changes.append(
            {
                "id": key,
                "version": version,
                "sequence": sequence,
                "record_type": change.record_type.value,
                "record_id": change.record_id,
                "action": change.action.value,
                "fields": list(change.fields),
                "label": change.label,
            }
        )
        subjects.extend(
            {"change_id": key, "kind": kind, "value": value}
            for kind, value in sorted(change.subjects)
        )
    if changes:
        session.execute(sa.insert(CHANGES), changes)
    if subjects:
        session.execute(sa.insert(SUBJECTS), subjects)


def package_files(session: Session) -> Mapping[str, tuple[str, bytes]]:
    """The data package as /v1/datapackage.json and /v1/export/*.csv serve it now."""
    connection = session.connection()
    files = {PACKAGE_FILE: ("application/json", descriptor_bytes(build_descriptor(session)))}
    for table in TABLES.values():
        content = b"".join(table_chunks(connection, table, Format.CSV))
        files[resource_path(table)] = (MEDIA_TYPES[Format.CSV], content)
    return files


def store_missing_package(session: Session, version: str) -> None:
    """Store the current release's package if it has none (a release recorded by migration
    0008 from a database loaded before releases were kept). Pruning never removes it."""
    stored = sa.select(FILES.c.path).where(FILES.c.version == version).limit(1)
    if session.execute(stored).first() is None:
        _store_package(session, version)


def _store_package(session: Session, version: str) -> None:
    rows = [
        {
            "version": version,
            "path": path,
            "media_type": media_type,
            "sha256": hashlib.sha256(content).hexdigest(),
            "content": content,
        }
        for path, (media_type, content) in package_files(session).items()
    ]
    session.execute(sa.insert(FILES), rows)


def prune_files(session: Session, keep: int) -> list[str]:
    """Drop the stored files of all but the `keep` newest releases (the current one always
    stays); the releases and their changes are kept. Returns the versions pruned."""
    keep = max(keep, 1)
    newest = sa.select(RELEASES.c.version).order_by(RELEASES.c.sequence.desc()).limit(keep)
    kept = sa.select(newest.subquery().c.version)
    stored = sa.select(FILES.c.version).distinct().where(FILES.c.version.not_in(kept))
    versions = sorted(session.execute(stored).scalars())
    if versions:
        session.execute(sa.delete(FILES).where(FILES.c.version.in_(versions)))
    return versions
