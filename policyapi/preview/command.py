"""`policyapi preview`: write the review page of one article's YAML."""

from pathlib import Path

import click

from policyapi.preview.page import render


@click.command(
    "preview",
    help="Write one self-contained HTML page reviewing ARTICLE (seeds/articles/ID.yaml): the "
    "text with every statement highlighted, its citations beside it, and what seed check finds.",
)
@click.argument("article", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The HTML file to write (default: ID.preview.html in the current folder).",
)
def preview_command(article: Path, out: Path | None) -> None:
    target = out or Path(f"{article.stem}.preview.html")
    target.write_text(render(article), encoding="utf-8")
    click.echo(f"wrote {target}")
