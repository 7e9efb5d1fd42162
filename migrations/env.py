"""Alembic environment: policyapi's models and database URL."""

from logging.config import fileConfig
from typing import Any

import sqlalchemy as sa
from alembic import context
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString

import policyapi.models  # noqa: F401  (registers every table on SQLModel.metadata)
from policyapi.db import JOB_LIMITS, build_engine

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = SQLModel.metadata


def database_url() -> str:
    """The URL our CLI passed in, else the app's configured one."""
    url = config.attributes.get("database_url")
    if url:
        return str(url)
    from policyapi import create_app

    return str(create_app().config["DATABASE_URL"])


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    """Render SQLModel's AutoString as a plain String so revisions need no sqlmodel import."""
    if type_ == "type" and isinstance(obj, AutoString):
        return f"sa.String(length={obj.length})" if obj.length else "sa.String()"
    return False


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Leave engine-specific objects of hand-written revisions out of autogenerate: the search
    index's tables, and PostgreSQL's byte-ordered export indexes (0012)."""
    if name is None:
        return True
    if type_ == "table" and name.startswith("search_index"):
        return False
    return not (type_ == "index" and name.endswith("_export_order"))


def run_migrations_offline() -> None:
    context.configure(
        url=database_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
        compare_type=True,
        render_item=render_item,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    # A job's limits (lock wait, liveness checks): our CLI passes the app's configured ones.
    engine = build_engine(database_url(), config.attributes.get("limits", JOB_LIMITS))
    try:
        with engine.connect() as conn:
            _run(conn)
    finally:
        engine.dispose()


def _run(connection: sa.Connection) -> None:
    # SQLite rebuilds a table to alter it (batch mode): with foreign keys enforced, dropping the
    # old copy would cascade-delete every row that references it. Off for the migration (the
    # pragma only takes effect outside a transaction), then every reference is checked.
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
    try:
        _migrate(connection)
    finally:
        if sqlite:
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()
            if broken:
                raise RuntimeError(f"the migration left broken references: {broken[:5]}")


def _migrate(connection: sa.Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        render_item=render_item,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
