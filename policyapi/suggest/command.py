"""`policyapi suggest TEXT`: the answer /v1/suggest would give, printed as JSON."""

import sys

import orjson

import click
from flask import current_app
from flask.cli import with_appcontext
from werkzeug.exceptions import HTTPException

from marshmallow import ValidationError

from policyapi.schemas.suggest import SuggestBodySchema


@click.command("suggest", help="Suggest the provisions TEXT cites ('-' reads it from stdin).")
@click.argument("text")
@click.option("--document", default=None, help="Only this document's provisions (an id).")
@with_appcontext
def suggest_command(text: str, document: str | None) -> None:
    # Imported here: the API module pulls in the request pipeline, not needed to define the CLI.
    from policyapi.api.suggest import suggest_json
    from policyapi.suggest.cache import build_model

    if text == "-":
        text = sys.stdin.read()
    try:
        loaded = SuggestBodySchema().load({"text": text, "document": document})
    except ValidationError as refused:
        raise click.UsageError(orjson.dumps(refused.messages).decode()) from None
    # Links are absolute: PUBLIC_BASE_URL when set, else http://localhost.
    with current_app.test_request_context("/v1/suggest"):
        try:
            answer = suggest_json(loaded["text"], loaded["document"], build_model())
        except HTTPException as refused:
            # flask-smorest's abort keeps the problem's message or field errors in `data`.
            said = getattr(refused, "data", None) or {"message": refused.description}
            raise click.UsageError(orjson.dumps(said).decode()) from None
    click.echo(orjson.dumps(answer, option=orjson.OPT_INDENT_2).decode())
