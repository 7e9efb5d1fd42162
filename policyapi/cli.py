"""The `policyapi` command: serve, db, seed (and Flask's own commands)."""

import errno
import ipaddress
import os
import socket
import sys
import tempfile
from pathlib import Path

from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlmodel import Session

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from policyapi.budget import is_over_budget
from policyapi.curation.command import draft_group, seed_reanchor
from policyapi.db import DatabaseGone, get_job_engine, job_limits
from policyapi.errors import UNMIGRATED
from policyapi.exports.command import export_command
from policyapi.exports.reader import is_data_package, read_package
from policyapi.front import render, supervise
from policyapi.migrate import PROJECT_ROOT, current_revision, downgrade, head_revision, upgrade
from policyapi.preview.command import preview_command
from policyapi.seeds.bundle import Bundle, build_bundle
from policyapi.seeds.errors import SeedValidationError, UnreviewedDrafts
from policyapi.seeds.load import load_bundle
from policyapi.seeds.releases import ReleaseRefused, prune_files
from policyapi.suggest.command import suggest_command
from policyapi.web import slots


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
        revision = current_revision(get_job_engine())
    except DatabaseGone:
        raise  # says itself what happened (console.py prints it in one line)
    except SQLAlchemyError as exc:
        message = f"cannot reach the database ({exc.__class__.__name__})"
        raise click.ClickException(message) from None
    if revision != head_revision():
        raise click.ClickException(UNMIGRATED)


def _write_failure(error: OperationalError) -> str:
    """One line for a load that could not write: the lock it waited for, or why not."""
    if isinstance(error, DatabaseGone):
        # Cut during a statement, the transaction never reached COMMIT: the server rolls it
        # back when it reads the closed connection. Cut during the commit, it may have
        # committed; either way loading again is safe (the load is idempotent).
        if error.statement is None:
            return f"{error}; the load may or may not have been saved, run it again"
        return f"{error}; nothing was written, run it again"
    if is_over_budget(error) or "database is locked" in str(error.orig):
        seconds = current_app.config["LOCK_WAIT_TIMEOUT"]
        return (
            f"another writer held the database for over {seconds} s (POLICYAPI_LOCK_WAIT_TIMEOUT); "
            "nothing was written, run it again"
        )
    return f"the database failed ({error.__class__.__name__}: {error.orig}); nothing was written"


def _revision_reached() -> str:
    revision = current_revision(get_job_engine())
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
    upgrade(current_app.config["DATABASE_URL"], revision, job_limits(current_app.config))
    click.echo(f"database at {_revision_reached()}")


@db_group.command("downgrade", help="Revert migrations down to REVISION (default: one step).")
@click.argument("revision", default="-1")
@with_appcontext
def db_downgrade(revision: str) -> None:
    downgrade(current_app.config["DATABASE_URL"], revision, job_limits(current_app.config))
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
    drafts = f"; {len(bundle.drafts)} draft article(s) to review" if bundle.drafts else ""
    click.echo(f"ok: {counts}; version {bundle.dataset['version']}{drafts}")


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
    if bundle.drafts:
        raise click.ClickException(f"{UnreviewedDrafts(bundle.drafts)}; nothing was written")
    _warn(bundle)
    total = sum(bundle.counts().values())
    with (
        Session(get_job_engine()) as session,
        click.progressbar(length=total, label="loading seeds", file=sys.stderr) as bar,
    ):
        try:
            report = load_bundle(session, bundle, progress=lambda _table, n: bar.update(n))
        except ReleaseRefused as refused:
            raise click.ClickException(f"{refused}; nothing was written") from None
        except OperationalError as error:
            raise click.ClickException(_write_failure(error)) from None
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
    with Session(get_job_engine()) as session:
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


def _networks(_: click.Context, __: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    """Addresses or networks, checked and written as nginx reads them."""
    try:
        return tuple(str(ipaddress.ip_network(value, strict=False)) for value in values)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command("serve", help="Serve the API: nginx on HOST:PORT in front of gunicorn.")
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
@click.option(
    "--no-proxy",
    is_flag=True,
    help="gunicorn alone on HOST:PORT, without nginx (slow clients then hold its threads).",
)
@click.option(
    "--connections-per-client",
    default=render.FrontSettings.connections_per_client,
    show_default=True,
    type=click.IntRange(1),
    help="Requests in progress at once per client (an IPv4 address or an IPv6 network of "
    "POLICYAPI_RATELIMIT_IPV6_PREFIX bits); nginx answers 429 beyond.",
)
@click.option(
    "--real-ip-from",
    multiple=True,
    callback=_networks,
    metavar="ADDRESS[/BITS]",
    help="A load balancer in front of nginx (repeatable): requests from it are counted "
    "against the last address it adds to X-Forwarded-For.",
)
def serve(
    host: str,
    port: int,
    workers: int,
    threads: int,
    no_proxy: bool,
    connections_per_client: int,
    real_ip_from: tuple[str, ...],
) -> None:
    _refuse_busy_port(host, port)
    # Searches and whole downloads never hold every thread of a worker (web/slots.py).
    for setting, cap in slots.for_threads(threads).items():
        os.environ.setdefault(f"POLICYAPI_{setting}", str(cap))
    if no_proxy:
        args = supervise.gunicorn_command(f"{host}:{port}", workers, threads)
        os.execv(sys.executable, args)  # nosec B606  # a fixed argv, no shell
    nginx = supervise.find_nginx()
    if nginx is None:
        raise click.ClickException(
            "nginx is not installed (apt-get install nginx, or `make serve`); "
            "--no-proxy serves with gunicorn alone"
        )
    # nginx forwards the client's address; believe one proxy unless the operator says more.
    env = {**os.environ}
    env.setdefault("POLICYAPI_TRUSTED_PROXIES", "1")
    with tempfile.TemporaryDirectory(prefix="policyapi-front-") as run_dir:
        settings = render.FrontSettings(
            host,
            port,
            connections_per_client=connections_per_client,
            # The app's own setting: nginx counts an IPv6 client as its rate limits do.
            ipv6_prefix=current_app.config["RATELIMIT_IPV6_PREFIX"],
            real_ip_from=real_ip_from,
        )
        config, sock = render.write_front(Path(run_dir), settings)
        commands = {
            "gunicorn": supervise.gunicorn_command(f"unix:{sock}", workers, threads),
            "nginx": supervise.nginx_command(nginx, config),
        }
        status = supervise.run_together(commands, env)
    sys.exit(status)


def init_app(app: Flask) -> None:
    """Register our command groups on the app's CLI."""
    app.cli.add_command(db_group)
    app.cli.add_command(seed_group)
    app.cli.add_command(draft_group)
    seed_group.add_command(seed_reanchor)
    app.cli.add_command(releases_group)
    app.cli.add_command(serve)
    app.cli.add_command(export_command)
    app.cli.add_command(suggest_command)
    app.cli.add_command(preview_command)
