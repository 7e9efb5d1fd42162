"""Run the Alembic migrations in migrations/ against an app's database."""

import functools
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from policyapi.db import JOB_LIMITS, Limits


def _project_root() -> Path:
    """The folder holding alembic.ini, migrations/ and seeds/.

    A source checkout (editable install) has it beside the package; an installed package (the
    container) runs from a working directory that holds them.
    """
    beside_package = Path(__file__).resolve().parent.parent
    if (beside_package / "alembic.ini").is_file():
        return beside_package
    return Path.cwd()


PROJECT_ROOT = _project_root()


def alembic_config(database_url: str, limits: Limits = JOB_LIMITS) -> AlembicConfig:
    """Alembic config for our migrations, bound to `database_url` and a job's `limits`."""
    cfg = AlembicConfig(str(PROJECT_ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    cfg.attributes["database_url"] = database_url
    cfg.attributes["limits"] = limits
    return cfg


def upgrade(database_url: str, revision: str = "head", limits: Limits = JOB_LIMITS) -> None:
    command.upgrade(alembic_config(database_url, limits), revision)


def downgrade(database_url: str, revision: str = "-1", limits: Limits = JOB_LIMITS) -> None:
    command.downgrade(alembic_config(database_url, limits), revision)


@functools.cache
def head_revision() -> str | None:
    # The shipped migrations do not change while the process runs; reading them costs ~60 ms.
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return script.get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The database's schema revision (None: no migration applied)."""
    # Alembic builds a new alembic_version Table on every call: keep its statements out of the
    # engine's compiled cache, which they would otherwise fill (~11 MB) and evict hot queries from.
    with engine.connect().execution_options(compiled_cache=None) as conn:
        return MigrationContext.configure(conn).get_current_revision()


def is_at_head(engine: Engine) -> bool:
    """True when the database's schema revision is the newest one we ship."""
    return current_revision(engine) == head_revision()
