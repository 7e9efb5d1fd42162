"""`policyapi synth`: fill an empty database with a synthetic dataset."""

import sys

import click

from policyapi.synth.build import SynthError, synthesize


@click.command("synth", help="Generate a synthetic dataset into an empty database (load tests).")
@click.option("--documents", default=100, show_default=True, type=click.IntRange(1))
@click.option("--statements", default=10_000, show_default=True, type=click.IntRange(1))
@click.option("--out", required=True, help="Database URL to create and fill; must be empty.")
@click.option("--seed", default=1, show_default=True, help="Random seed (same seed, same data).")
def synth_command(documents: int, statements: int, out: str, seed: int) -> None:
    with click.progressbar(length=statements, label="statements", file=sys.stderr) as bar:
        try:
            report = synthesize(out, documents, statements, seed=seed, progress=bar.update)
        except SynthError as exc:
            raise click.ClickException(str(exc)) from None
    counts = ", ".join(f"{n} {name}" for name, n in report.counts.items())
    rate = report.counts.get("statements", 0) / max(report.seconds, 1e-9)
    click.echo(f"{counts} in {report.seconds:.1f} s ({rate:,.0f} statements/s)")
    click.echo(", ".join(f"{name} {seconds:.1f} s" for name, seconds in report.phases.items()))
