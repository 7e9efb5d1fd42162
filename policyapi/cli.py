"""The `policyapi` command: serve, db, seed (and Flask's own commands)."""

import os
import sys
from pathlib import Path

from sqlmodel import Session

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from policyapi.db import get_engine
from policyapi.exports.command import export_command
from policyapi.exports.reader import is_data_package, read_package
from policyapi.migrate import PROJECT_ROOT, downgrade, upgrade
from policyapi.seeds.bundle import Bundle, build_bundle
from policyapi.seeds.errors import SeedValidationError
from policyapi.seeds.load import load_bundle
from policyapi.seeds.releases import ReleaseRefused, prune_files


def _seeds_path(path: str | None) -> Path:
    configured = current_app.config.get("SEEDS_PATH")
    return Path(path or configured or PROJECT_ROOT / "seeds")


def _bundle_or_exit(path: Path) -> Bundle:
    try:
        # An exported data package loads like the seeds it was made from.
        return read_package(path) if is_data_package(path) else build_bundle(path)
    except SeedValidationError as exc:
        for error in exc.errors:
            click.echo(f"error: {error}", err=True)
        message = f"{len(exc.errors)} problem(s) in {path}; nothing was written"
        raise click.ClickException(message) from None


@click.group("db", help="Database schema migrations.")
def db_group() -> None:
    pass


@db_group.command("upgrade", help="Apply migrations up to REVISION (default: head).")
@click.argument("revision", default="head")
@with_appcontext
def db_upgrade(revision: str) -> None:
    upgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"database at {revision}")


@db_group.command("downgrade", help="Revert migrations down to REVISION (default: one step).")
@click.argument("revision", default="-1")
@with_appcontext
def db_downgrade(revision: str) -> None:
    downgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"database at {revision}")


@click.group("seed", help="Validate and load the dataset in seeds/.")
def seed_group() -> None:
    pass


@seed_group.command("check", help="Validate the seed files at PATH without writing anything.")
@click.argument("path", required=False)
@with_appcontext
def seed_check(path: str | None) -> None:
    bundle = _bundle_or_exit(_seeds_path(path))
    counts = ", ".join(f"{n} {name}" for name, n in bundle.counts().items())
    click.echo(f"ok: {counts}; version {bundle.dataset['version']}")


@seed_group.command("load", help="Load the seed files at PATH in one transaction (idempotent).")
@click.argument("path", required=False)
@with_appcontext
def seed_load(path: str | None) -> None:
    bundle = _bundle_or_exit(_seeds_path(path))
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
    with Session(get_engine()) as session:
        pruned = prune_files(session, keep)
        session.commit()
    click.echo(f"pruned the files of {', '.join(pruned)}" if pruned else "nothing to prune")


@click.command("serve", help="Serve the API with gunicorn.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64))
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64))
def serve(host: str, port: int, workers: int, threads: int) -> None:
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
