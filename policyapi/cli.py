"""The `policyapi` command: serve, db, seed (and Flask's own commands)."""

import errno
import os
import socket
import sys
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from policyapi.db import get_engine
from policyapi.errors import UNMIGRATED
from policyapi.exports.command import export_command
from policyapi.exports.reader import is_data_package, read_package
from policyapi.migrate import PROJECT_ROOT, current_revision, downgrade, head_revision, upgrade
from policyapi.preview.command import preview_command
from policyapi.seeds.bundle import Bundle, build_bundle
from policyapi.seeds.errors import SeedValidationError
from policyapi.seeds.load import load_bundle
from policyapi.seeds.releases import ReleaseRefused, prune_files


def _seeds_path(path: str | None) -> Path:
    configured = current_app.config.get("SEEDS_PATH")
    return Path(path or configured or PROJECT_ROOT / "seeds")


def _bundle_or_exit(path: Path, include_suggested: bool = False) -> Bundle:
    try:
        # An exported data package loads like the seeds it was made from.
        if is_data_package(path):
            return read_package(path)
        return build_bundle(path, include_suggested=include_suggested)
    except SeedValidationError as exc:
        for error in exc.errors:
            click.echo(f"error: {error}", err=True)
        for warning in exc.warnings:
            click.echo(f"warning: {warning}", err=True)
        message = f"{len(exc.errors)} problem(s) in {path}; nothing was written"
        raise click.ClickException(message) from None


def _require_schema() -> None:
    """One line, no traceback, when the database cannot take the command (not migrated)."""
    try:
        revision = current_revision(get_engine())
    except SQLAlchemyError as exc:
        message = f"cannot reach the database ({exc.__class__.__name__})"
        raise click.ClickException(message) from None
    if revision != head_revision():
        raise click.ClickException(UNMIGRATED)


def _revision_reached() -> str:
    revision = current_revision(get_engine())
    if revision is None:
        return "base (no migration applied)"
    return f"{revision} (head)" if revision == head_revision() else revision


@click.group("db", help="Database schema migrations.")
def db_group() -> None:
    pass


@db_group.command("upgrade", help="Apply migrations up to REVISION (default: head).")
@click.argument("revision", default="head")
@with_appcontext
def db_upgrade(revision: str) -> None:
    upgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"database at {_revision_reached()}")


@db_group.command("downgrade", help="Revert migrations down to REVISION (default: one step).")
@click.argument("revision", default="-1")
@with_appcontext
def db_downgrade(revision: str) -> None:
    downgrade(current_app.config["DATABASE_URL"], revision)
    # The revision reached, not the one asked for: "-1" names no revision.
    click.echo(f"database at {_revision_reached()}")


@click.group("seed", help="Validate and load the dataset in seeds/.")
def seed_group() -> None:
    pass


@seed_group.command("check", help="Validate the seed files at PATH without writing anything.")
@click.argument("path", required=False)
@with_appcontext
def seed_check(path: str | None) -> None:
    bundle = _bundle_or_exit(_seeds_path(path))
    _warn(bundle)
    counts = ", ".join(f"{n} {name}" for name, n in bundle.counts().items())
    click.echo(f"ok: {counts}; version {bundle.dataset['version']}")


def _warn(bundle: Bundle) -> None:
    for warning in bundle.warnings:
        click.echo(f"warning: {warning}", err=True)
    if bundle.withheld:
        click.echo(
            f"{bundle.withheld} suggested citation(s) not reviewed: left out unless "
            "seed load --include-suggested",
            err=True,
        )


@seed_group.command("load", help="Load the seed files at PATH in one transaction (idempotent).")
@click.argument("path", required=False)
@click.option(
    "--include-suggested",
    is_flag=True,
    help="Publish suggested citations nobody has reviewed yet (left out by default).",
)
@with_appcontext
def seed_load(path: str | None, include_suggested: bool) -> None:
    _require_schema()
    bundle = _bundle_or_exit(_seeds_path(path), include_suggested)
    _warn(bundle)
    total = sum(bundle.counts().values())
    with (
        Session(get_engine()) as session,
        click.progressbar(length=total, label="loading seeds", file=sys.stderr) as bar,
    ):
        try:
            report = load_bundle(session, bundle, progress=lambda _table, n: bar.update(n))
        except ReleaseRefused as refused:
            raise click.ClickException(f"{refused}; nothing was written") from None
    for name, changes in report.tables.items():
        click.echo(
            f"{name}: {changes.inserted} inserted, {changes.updated} updated, "
            f"{changes.deleted} deleted, {changes.unchanged} unchanged"
        )
    state = "changed" if report.changed else "unchanged"
    click.echo(
        f"dataset {bundle.dataset['version']} ({bundle.dataset['content_hash'][:12]}) {state}"
        + (f"; release {report.release} recorded" if report.release else "")
    )


@click.group("releases", help="The releases this database has loaded.")
def releases_group() -> None:
    pass


@releases_group.command(
    "prune",
    help="Delete the stored data packages of all but the KEEP newest releases (the releases, "
    "their changes and the current package stay).",
)
@click.option("--keep", default=1, show_default=True, type=click.IntRange(1))
@with_appcontext
def releases_prune(keep: int) -> None:
    _require_schema()
    with Session(get_engine()) as session:
        pruned = prune_files(session, keep)
        session.commit()
    click.echo(f"pruned the files of {', '.join(pruned)}" if pruned else "nothing to prune")


def _refuse_busy_port(host: str, port: int) -> None:
    """One clear line when the address is taken (gunicorn would retry it for a while)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        # As gunicorn binds: a port only in TIME_WAIT is free, one with a listener is not.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                message = f"port {port} on {host} is in use; set PORT=<another> (or --port)"
            else:
                message = f"cannot listen on {host}:{port}: {exc.strerror}"
            raise click.ClickException(message) from None


@click.command("serve", help="Serve the API with gunicorn.")
@click.option("--host", envvar="HOST", default="127.0.0.1", show_default=True, show_envvar=True)
@click.option(
    "--port",
    envvar="PORT",
    default=8000,
    show_default=True,
    show_envvar=True,
    type=click.IntRange(1, 65535),
)
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64))
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64))
def serve(host: str, port: int, workers: int, threads: int) -> None:
    _refuse_busy_port(host, port)
    args = [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        "python:policyapi.gunicorn_conf",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "policyapi.wsgi:app",
    ]
    os.execv(sys.executable, args)  # nosec B606  # a fixed argv, no shell


def init_app(app: Flask) -> None:
    """Register our command groups on the app's CLI."""
    app.cli.add_command(db_group)
    app.cli.add_command(seed_group)
    app.cli.add_command(releases_group)
    app.cli.add_command(serve)
    app.cli.add_command(export_command)
    app.cli.add_command(preview_command)
