"""Make the database hold exactly the rows of a Bundle, in one transaction."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from policyapi.models.base import utcnow
from policyapi.seeds.bundle import TABLE_ORDER, Bundle
from policyapi.seeds.errors import UnreviewedDrafts
from policyapi.seeds.releases import (
    is_new_release,
    latest_release,
    record_release,
    store_missing_package,
)

# Rows still referenced through ON DELETE RESTRICT are removed only after the referencing rows
# have been updated, so a statement can move to another speaker in the same load.
# Vocabularies that documents, provisions and actors reference (RESTRICT): rows move to their
# new terms first, then the unused terms go.
DELETE_LAST = ("speakers", "topics", "doc_types", "jurisdictions")
SELF_PARENT = {"provisions": "parent_id", "statements": "parent_id", "jurisdictions": "parent_id"}
TIMESTAMPS = ("created_at", "updated_at")
Progress = Callable[[str, int], None]


@dataclass
class TableChanges:
    inserted: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0


@dataclass
class LoadReport:
    tables: dict[str, TableChanges] = field(default_factory=dict)
    dataset_changed: bool = False
    # The version recorded as a new release by this load, if it was one.
    release: str | None = None

    @property
    def changed(self) -> bool:
        return (
            self.dataset_changed
            or self.release is not None
            or any(c.inserted or c.updated or c.deleted for c in self.tables.values())
        )


def _table(name: str) -> sa.Table:
    return SQLModel.metadata.tables[name]


def _key(table: sa.Table, row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row[column.name] for column in table.primary_key.columns)


def _parents_first(rows: list[dict[str, Any]], parent_column: str) -> list[dict[str, Any]]:
    """Order rows so every parent comes before its children."""
    by_id = {row["id"]: row for row in rows}

    def depth(row: dict[str, Any]) -> int:
        level, parent = 0, row.get(parent_column)
        while parent is not None and parent in by_id and level <= len(rows):
            level, parent = level + 1, by_id[parent].get(parent_column)
        return level

    return sorted(rows, key=depth)


def _existing(session: Session, table: sa.Table) -> dict[tuple[Any, ...], dict[str, Any]]:
    columns = [c for c in table.columns if c.name not in TIMESTAMPS]
    result = session.execute(sa.select(*columns))
    return {_key(table, dict(r._mapping)): dict(r._mapping) for r in result}


def _where_key(table: sa.Table, key: tuple[Any, ...]) -> sa.ColumnElement[bool]:
    return sa.and_(*(c == v for c, v in zip(table.primary_key.columns, key, strict=True)))


def _delete_missing(
    session: Session, table: sa.Table, wanted: Iterable[tuple[Any, ...]], changes: TableChanges
) -> None:
    keep = set(wanted)
    existing = _existing(session, table)
    # Divisions go children first: a parent is RESTRICTed while a child names it.
    order = sorted(existing, key=lambda k: -int(existing[k].get("depth") or 0))
    for key in order:
        if key not in keep:
            changes.deleted += session.execute(
                sa.delete(table).where(_where_key(table, key))
            ).rowcount  # type: ignore[attr-defined]


def _upsert(
    session: Session,
    table: sa.Table,
    rows: list[dict[str, Any]],
    changes: TableChanges,
    progress: Progress,
) -> None:
    existing = _existing(session, table)
    stamped = "created_at" in table.c
    now = utcnow()
    inserts, updates = [], []
    for row in rows:
        current = existing.get(_key(table, row))
        if current is None:
            inserts.append({**row, "created_at": now, "updated_at": now} if stamped else row)
        elif any(current[name] != value for name, value in row.items()):
            updates.append({**row, "updated_at": now} if stamped else row)
        else:
            changes.unchanged += 1
        progress(table.name, 1)
    # Inserts first: an updated row may point at a parent that is new in this load.
    # Self-referencing rows were ordered parents-first; executemany keeps that order.
    if inserts:
        session.execute(sa.insert(table), inserts)
        changes.inserted += len(inserts)
    for values in updates:
        key = _key(table, values)
        session.execute(sa.update(table).where(_where_key(table, key)).values(values))
        changes.updated += 1


def _sync_dataset(session: Session, dataset: dict[str, Any], report: LoadReport) -> None:
    table = _table("datasets")
    current = session.execute(sa.select(table).where(table.c.id == dataset["id"])).first()
    if current is not None and all(current._mapping[k] == v for k, v in dataset.items()):
        return
    report.dataset_changed = True
    now = utcnow()
    if current is None:
        session.execute(
            sa.insert(table).values(**dataset, loaded_at=now, created_at=now, updated_at=now)
        )
    else:
        session.execute(
            sa.update(table)
            .where(table.c.id == dataset["id"])
            .values(**dataset, loaded_at=now, updated_at=now)
        )
    # One dataset per database: a renamed dataset replaces the old release record.
    session.execute(sa.delete(table).where(table.c.id != dataset["id"]))


def apply_bundle(session: Session, bundle: Bundle, progress: Progress | None = None) -> LoadReport:
    """Insert, update and delete rows so the database equals `bundle`. The caller commits.

    ReleaseRefused before anything is written when `bundle` may not follow the loaded release.
    """
    report = LoadReport(tables={name: TableChanges() for name in TABLE_ORDER})
    tick = progress or (lambda _table, _n: None)
    latest = latest_release(session)
    new_release = is_new_release(latest, bundle)
    # What the records were, to tell what this release changed (the first one changes all).
    before = (
        {name: list(_existing(session, _table(name)).values()) for name in TABLE_ORDER}
        if new_release and latest is not None
        else None
    )
    for name in reversed(TABLE_ORDER):
        if name not in DELETE_LAST:
            table = _table(name)
            wanted = (_key(table, row) for row in bundle.tables[name])
            _delete_missing(session, table, wanted, report.tables[name])
    for name in TABLE_ORDER:
        rows = bundle.tables[name]
        if name in SELF_PARENT:
            rows = _parents_first(rows, SELF_PARENT[name])
        _upsert(session, _table(name), rows, report.tables[name], tick)
    for name in DELETE_LAST:
        table = _table(name)
        wanted = (_key(table, row) for row in bundle.tables[name])
        _delete_missing(session, table, wanted, report.tables[name])
    _sync_dataset(session, bundle.dataset, report)
    if new_release:
        record_release(session, bundle, latest, before)
        report.release = bundle.dataset["version"]
    else:
        store_missing_package(session, bundle.dataset["version"])
    return report


def load_bundle(session: Session, bundle: Bundle, progress: Progress | None = None) -> LoadReport:
    """Apply `bundle` in one transaction: every change lands, or none does."""
    if bundle.drafts:
        raise UnreviewedDrafts(bundle.drafts)
    try:
        report = apply_bundle(session, bundle, progress)
        if report.changed:
            from policyapi.search.index import refresh_search_index

            refresh_search_index(session)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return report
