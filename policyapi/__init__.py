"""policyapi: policy documents as structured data, linked to what people say about them."""

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from policyapi import db, errors
from policyapi.config import Config


class UnsafeConfigError(RuntimeError):
    """The configuration must not be used to serve production traffic."""


# Tests need cursors that survive a new app; nothing else may use this key.
TESTING_SECRET_KEY = "policyapi-testing-only"  # nosec B105  # refused in production


def _database_url(app: Flask) -> str:
    url = app.config.get("DATABASE_URL")
    if url:
        return db.normalise_url(str(url))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{Path(app.instance_path) / 'policyapi.sqlite3'}"


def _refuse_unsafe_production(app: Flask) -> None:
    """Stop a production deployment that runs with debug or development defaults."""
    if app.config.get("ENV_NAME") != "production":
        return
    if app.debug:
        raise UnsafeConfigError("debug must be off in production")
    if app.config.get("SECRET_KEY") in (None, "", TESTING_SECRET_KEY):
        raise UnsafeConfigError("set POLICYAPI_SECRET_KEY in production")
    if not app.config.get("DATABASE_URL"):
        raise UnsafeConfigError("set DATABASE_URL in production")


def _ensure_secret_key(app: Flask) -> None:
    """A key for a configuration that has none: fixed when testing, else random per process."""
    if app.config.get("SECRET_KEY"):
        return
    if app.testing:
        app.config["SECRET_KEY"] = TESTING_SECRET_KEY
        return
    # Cursors this process signs only verify in this process: fine for one-process commands
    # and `flask run`; `policyapi serve` shares one key between its workers (gunicorn_conf.py).
    app.config["SECRET_KEY"] = secrets.token_urlsafe(32)


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: Config, then DATABASE_URL and POLICYAPI_* env vars, then `overrides`."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(Config)
    if os.environ.get("DATABASE_URL"):
        app.config["DATABASE_URL"] = os.environ["DATABASE_URL"]
    app.config.from_prefixed_env("POLICYAPI")
    if overrides:
        app.config.update(overrides)
    _refuse_unsafe_production(app)
    _ensure_secret_key(app)
    app.config["DATABASE_URL"] = _database_url(app)
    app.json.sort_keys = False  # type: ignore[attr-defined]

    db.init_app(app)
    errors.init_app(app)

    from policyapi import api, cli, embed, site
    from policyapi.api import outside
    from policyapi.suggest import cache as suggest_cache
    from policyapi.web import health, links, pipeline, proxy, slots

    proxy.init_app(app)
    slots.init_app(app)
    links.init_app(app)
    health.init_app(app)
    rest = api.init_app(app)
    embed.init_app(app)
    site.init_app(app)
    outside.document(app, rest.spec)  # once the embed, site and health routes exist
    cli.init_app(app)
    suggest_cache.init_app(app)
    pipeline.init_app(app)  # last: it reads every view's declared representations
    return app
