"""`policyapi export`: write the data package and its files from the database."""

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from policyapi.db import get_job_engine
from policyapi.exports.encode import Format
from policyapi.exports.files import write_descriptor, write_table
from policyapi.exports.package import NoDataset
from policyapi.exports.rows import ReleaseChanged, count_rows
from policyapi.exports.tables import TABLES


@click.command("export", help="Write the data package (datapackage.json + export/) to DIR.")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write; created if missing, its export files overwritten.",
)
@click.option(
    "--format",
    "formats",
    multiple=True,
    default=[Format.CSV.value],
    show_default=True,
    type=click.Choice([fmt.value for fmt in Format]),
    help="File formats to write (repeatable). The package describes the CSV files.",
)
@with_appcontext
def export_command(out: Path, formats: tuple[str, ...]) -> None:
    engine = get_job_engine(current_app)
    try:
        write_descriptor(engine, out)
    except NoDataset:
        raise click.ClickException("no dataset loaded; run `policyapi seed load` first") from None
    for table in TABLES.values():
        with engine.connect() as connection:
            total = count_rows(connection, table) * len(formats)
        label = f"{table.name:<16}"
        with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
            for fmt in formats:
                try:
                    write_table(engine, out, table, Format(fmt), progress=bar.update)
                except ReleaseChanged as changed:
                    raise click.ClickException(f"{changed} (policyapi export)") from None
    click.echo(f"wrote {out / 'datapackage.json'} and {len(TABLES) * len(formats)} files")
