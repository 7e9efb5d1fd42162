"""`policyapi draft article` and `policyapi seed reanchor`: the curation commands.

The modules doing the work load only when a command runs, so a server never imports them.
"""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from marshmallow import ValidationError, validate

from policyapi.validation import PARTIAL_DATE


def _seeds(path: str | None) -> Path:
    from policyapi.migrate import PROJECT_ROOT

    return Path(path or current_app.config.get("SEEDS_PATH") or PROJECT_ROOT / "seeds")


def _partial_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is not None:
        try:
            PARTIAL_DATE(value)
        except ValidationError as exc:
            raise click.BadParameter("must be YYYY, YYYY-MM or YYYY-MM-DD") from exc
    return value


def _url(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    try:
        return str(validate.URL(schemes={"http", "https"})(value))
    except ValidationError as exc:
        raise click.BadParameter("must be an http(s) URL") from exc


def _slug(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    from policyapi.seeds.schemas import SLUG

    try:
        return str(SLUG(value))
    except ValidationError as exc:
        raise click.BadParameter("must be a lower-case slug, e.g. 'paper-2026-city-vote'") from exc


@click.group("draft", help="Draft seed records for a person to review.")
def draft_group() -> None:
    pass


@draft_group.command(
    "article",
    help="Copy TEXT_FILE to seeds/articles/ID.txt (bytes untouched) and write a draft "
    "seeds/articles/ID.yaml: its statements with offsets, selectors and speakers, marked for "
    "review.",
)
@click.argument("text_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--id", "article_id", required=True, callback=_slug, help="The article's id.")
@click.option("--url", required=True, callback=_url, help="Where the article was published.")
@click.option("--title", required=True)
@click.option("--publisher", required=True)
@click.option("--published-on", callback=_partial_date, help="YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--byline")
@click.option("--language", default="en", show_default=True)
@click.option("--seeds", "seeds_path", help="The seed tree (default: the configured one).")
@click.option("--force", is_flag=True, help="Overwrite an existing ID.txt / ID.yaml.")
@with_appcontext
def draft_article(
    text_file: Path,
    article_id: str,
    url: str,
    title: str,
    publisher: str,
    published_on: str | None,
    byline: str | None,
    language: str,
    seeds_path: str | None,
    force: bool,
) -> None:
    from policyapi.curation.draft import ArticleMeta, write_draft

    meta = ArticleMeta(article_id, title, publisher, url, published_on, byline, language)
    try:
        text_path, yaml_path, document = write_draft(
            _seeds(seeds_path), text_file, meta, overwrite=force
        )
    except FileExistsError as exc:
        raise click.ClickException(f"{exc} exists; pass --force to overwrite it") from None
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{text_file} is not UTF-8 ({exc.reason})") from None
    statements = document["statements"]
    new = sorted({s["speaker"] for s in statements if str(s["speaker"]).startswith("new:")})
    click.echo(f"wrote {text_path} and {yaml_path}: {len(statements)} draft statement(s)")
    if new:
        click.echo(f"new speakers to review: {', '.join(new)}")
    click.echo("next: review the YAML, remove its review block, then `policyapi seed check`")


@draft_group.command(
    "score",
    help="Compare the statements of a DRAFT article YAML with a REVIEWED one of the same text: "
    "recall and precision at span IoU >= 0.8, speaker, kind and role accuracy.",
)
@click.argument("draft", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("reviewed", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def draft_score(draft: Path, reviewed: Path) -> None:
    import yaml

    from policyapi.curation.score import score

    drafted = yaml.safe_load(draft.read_text("utf-8")).get("statements") or []
    truth = yaml.safe_load(reviewed.read_text("utf-8")).get("statements") or []
    for line in score(drafted, truth).lines():
        click.echo(line)


@click.command(
    "reanchor",
    help="Find each statement of seeds/articles/ARTICLE_ID.yaml again in its (corrected or "
    "recaptured) text file: unchanged, moved, repaired (old and new words shown) or orphaned "
    "(candidates listed). --write updates the sure anchors and the sha256; an orphan is never "
    "guessed, it keeps its old anchor for seed check to flag.",
)
@click.argument("article_id")
@click.option("--write", is_flag=True, help="Update the YAML (otherwise only report).")
@click.option("--seeds", "seeds_path", help="The seed tree (default: the configured one).")
@with_appcontext
def seed_reanchor(article_id: str, write: bool, seeds_path: str | None) -> None:
    from policyapi.curation.reanchor import reanchor_article, report_lines

    yaml_path = _seeds(seeds_path) / "articles" / f"{article_id}.yaml"
    if not yaml_path.is_file():
        raise click.ClickException(f"no article {article_id!r}: {yaml_path} not found")
    result = reanchor_article(yaml_path)
    for line in report_lines(result):
        click.echo(line)
    if write:
        yaml_path.write_text(result.yaml_text, encoding="utf-8")
        click.echo(f"wrote {yaml_path}")
