"""/v1/export/<table>.<format>, /v1/datapackage.json, /v1/citation, and CSV/NDJSON collections."""

from collections.abc import Iterator
from datetime import UTC
from typing import Any

import sqlalchemy as sa

from flask import Response, current_app, request
from flask.views import MethodView

from flask_smorest import abort

from policyapi.api.blueprint import Blueprint
from policyapi.db import get_engine, get_session
from policyapi.exports.citation import MEDIA_TYPES as CITATION_MEDIA_TYPES
from policyapi.exports.citation import CitationFormat, render
from policyapi.exports.citation import DatasetCitation as Reference
from policyapi.exports.encode import MEDIA_TYPES, Format, encode
from policyapi.exports.files import table_chunks
from policyapi.exports.package import NoDataset, build_descriptor, descriptor_bytes
from policyapi.exports.rows import collection_select, iter_batches, table_of
from policyapi.exports.tables import TABLE_NAMES, TABLES
from policyapi.queries.meta import get_dataset, get_dataset_fingerprint
from policyapi.schemas.exports import CitationArgsSchema
from policyapi.urls import absolute_url

blp = Blueprint(
    "exports",
    __name__,
    url_prefix="/v1",
    description="Bulk exports, the Frictionless data package and how to cite the dataset",
)

NO_DATASET = "No dataset has been loaded yet; run `policyapi seed load`."
TEXT = {"type": "string"}
FORMATS = {fmt.value: fmt for fmt in Format}


class FormattedResponse(Exception):  # noqa: N818 (a response, not an error)
    """Carries a collection's CSV or NDJSON answer past the view's JSON post-processing."""

    def __init__(self, response: Response) -> None:
        super().__init__("collection answered in another format")
        self.response = response


@blp.app_errorhandler(FormattedResponse)
def _send_formatted(formatted: FormattedResponse) -> Response:
    return formatted.response


def _streamed(chunks: Iterator[bytes], fmt: Format) -> Response:
    response: Response = current_app.response_class(chunks, mimetype=MEDIA_TYPES[fmt])
    return response


def requested_format(args: dict[str, Any]) -> Format:
    """`format` if given, else the best of the Accept header; JSON by default."""
    if "format" in request.args:
        # Other values (a view's own formats) are not ours to answer.
        return FORMATS.get(str(args.get("format")), Format.JSON)
    # JSON first: it wins ties, such as `Accept: */*`.
    candidates = [Format.JSON, Format.CSV, Format.NDJSON]
    best = request.accept_mimetypes.best_match([MEDIA_TYPES[fmt] for fmt in candidates])
    return next((fmt for fmt in candidates if MEDIA_TYPES[fmt] == best), Format.JSON)


def refuse_other_formats(args: dict[str, Any]) -> None:
    """422 when `format` asks for something other than JSON, for views that answer JSON only.

    A CSV or NDJSON preference in Accept alone is not refused: JSON is an acceptable answer.
    """
    fmt = requested_format(args)
    if fmt is not Format.JSON and "format" in request.args:
        abort(422, errors={"format": [f"{fmt} is not available here; use json"]})


def stream_if_requested(stmt: sa.Select[Any], order: list[Any], args: dict[str, Any]) -> None:
    """Raise FormattedResponse with every matching row when CSV or NDJSON is asked for.

    The rows are the collection's, with its filters and order, in the columns of its table's
    export (see /v1/datapackage.json); they are streamed whole, not paginated.
    """
    fmt = requested_format(args)
    if fmt is Format.JSON:
        return
    table = table_of(stmt)
    if table is None:
        refuse_other_formats(args)
        return
    query = collection_select(table, stmt, order)
    raise FormattedResponse(_streamed(encode(table, fmt, iter_batches(get_engine(), query)), fmt))


EXPORT_ANSWER = (
    "The whole table. CSV: RFC 4180, UTF-8, header row, CRLF; `\\N` is null and an empty field "
    "the empty string; arrays are JSON-encoded cells. NDJSON: one object per line. JSON: an array "
    "of the same objects. Columns, types and keys are in /v1/datapackage.json."
)
ROWS = {"type": "array", "items": {"type": "object"}}


@blp.route(f"/export/<any({', '.join(TABLE_NAMES)}):table>.<any(csv, ndjson, json):fmt>")
class Export(MethodView):
    @blp.response(200, TEXT, content_type=MEDIA_TYPES[Format.CSV], description=EXPORT_ANSWER)
    @blp.alt_response(
        200,
        schema=TEXT,
        content_type=MEDIA_TYPES[Format.NDJSON],
        success=True,
        description=EXPORT_ANSWER,
    )
    @blp.alt_response(
        200,
        schema=ROWS,
        content_type=MEDIA_TYPES[Format.JSON],
        success=True,
        description=EXPORT_ANSWER,
    )
    def get(self, table: str, fmt: str) -> Response:
        """Download a whole table as CSV, NDJSON or JSON, streamed in a stable row order"""
        chosen = Format(fmt)
        return _streamed(table_chunks(get_engine(), TABLES[table], chosen), chosen)


@blp.route("/datapackage.json")
class DataPackage(MethodView):
    @blp.response(
        200,
        {"type": "object", "description": "Frictionless Data Package descriptor"},
        description="A Frictionless (Tabular) Data Package describing every CSV export",
    )
    def get(self) -> Response:
        """Get the Frictionless data package: every export's fields, keys, licence and version"""
        try:
            descriptor = build_descriptor(get_session())
        except NoDataset:
            abort(404, message=NO_DATASET)
        response: Response = current_app.response_class(
            descriptor_bytes(descriptor), mimetype="application/json"
        )
        return response


def _reference() -> Reference:
    session = get_session()
    dataset = get_dataset(session)
    if dataset is None:
        abort(404, message=NO_DATASET)
        raise AssertionError("abort() raises")
    # SQLite hands back naive datetimes; every stored time is UTC.
    loaded = dataset.loaded_at.replace(tzinfo=dataset.loaded_at.tzinfo or UTC)
    return Reference(
        key=f"{dataset.id}-{dataset.version}",
        title=dataset.title,
        author=dataset.publisher or "policyapi contributors",
        version=dataset.version,
        dataset_version=get_dataset_fingerprint(session),
        content_hash=dataset.content_hash,
        issued=loaded.date(),
        url=absolute_url("exports.DataPackage"),
        licence=str(dataset.licence.get("id", "see /v1/meta")),
    )


CITATION_ANSWER = (
    "The citation of the dataset version being served: BibTeX (@misc), CSL-JSON (an array "
    "with one item of type dataset) or RIS (type DATA)."
)


@blp.route("/citation")
class DatasetCitation(MethodView):
    @blp.arguments(CitationArgsSchema, location="query", as_kwargs=False)
    @blp.response(
        200,
        TEXT,
        content_type=CITATION_MEDIA_TYPES[CitationFormat.BIBTEX],
        description=CITATION_ANSWER,
    )
    @blp.alt_response(
        200,
        schema=ROWS,
        content_type=CITATION_MEDIA_TYPES[CitationFormat.CSL_JSON],
        success=True,
        description=CITATION_ANSWER,
    )
    @blp.alt_response(
        200,
        schema=TEXT,
        content_type=CITATION_MEDIA_TYPES[CitationFormat.RIS],
        success=True,
        description=CITATION_ANSWER,
    )
    def get(self, args: dict[str, Any]) -> Response:
        """Cite the dataset version being served, as BibTeX, CSL-JSON or RIS"""
        fmt = CitationFormat(args["format"])
        response: Response = current_app.response_class(
            render(_reference(), fmt), mimetype=CITATION_MEDIA_TYPES[fmt]
        )
        return response
