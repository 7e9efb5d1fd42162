"""/v1/export/<table>.<format>, /v1/datapackage.json and /v1/citation"""

from typing import Any

from flask import Response, current_app
from flask.views import MethodView

from flask_smorest import abort

from policyapi.api.blueprint import Blueprint
from policyapi.api.history import citable_url
from policyapi.db import get_engine, get_session
from policyapi.exports.citation import MEDIA_TYPES as CITATION_MEDIA_TYPES
from policyapi.exports.citation import CitationFormat, dataset_citation, render
from policyapi.exports.encode import MEDIA_TYPES, Format, marked
from policyapi.exports.files import table_chunks
from policyapi.exports.licence import with_licence
from policyapi.exports.package import NoDataset, build_descriptor, descriptor_bytes
from policyapi.exports.rows import ReleaseChanged
from policyapi.exports.tables import TABLE_NAMES, TABLES
from policyapi.queries.meta import get_dataset, get_dataset_fingerprint
from policyapi.web import slots
from policyapi.web.negotiation import JSON, Representation, chosen, offers

blp = Blueprint(
    "exports",
    __name__,
    url_prefix="/v1",
    description="Bulk exports, the Frictionless data package and how to cite the dataset",
)

NO_DATASET = "No dataset has been loaded yet; run `policyapi seed load`."
TEXT = {"type": "string"}
ROWS = {"type": "array", "items": {"type": "object"}}
EXPORT_ANSWER = (
    "The whole table. CSV: RFC 4180, UTF-8, header row, CRLF; `\\N` is null and an empty field "
    "the empty string; arrays are JSON-encoded cells. NDJSON: one object per line. JSON: an array "
    "of the same objects. Columns, types and keys are in /v1/datapackage.json."
)
CITATION_ANSWER = "The citation of the dataset version being served"
BIBTEX, CSL_JSON, RIS = (
    Representation(
        fmt.value,
        CITATION_MEDIA_TYPES[fmt],
        schema=ROWS if fmt is CitationFormat.CSL_JSON else TEXT,
        description=f"{CITATION_ANSWER} as {label}",
    )
    for fmt, label in (
        (CitationFormat.BIBTEX, "BibTeX (@misc)"),
        (CitationFormat.CSL_JSON, "CSL-JSON (an array with one item of type dataset)"),
        (CitationFormat.RIS, "RIS (type DATA)"),
    )
)


EXPORTS = tuple(
    Representation(fmt.value, MEDIA_TYPES[fmt], ROWS if fmt is Format.JSON else TEXT, EXPORT_ANSWER)
    for fmt in (Format.CSV, Format.NDJSON, Format.JSON)
)


@blp.route(f"/export/<any({', '.join(TABLE_NAMES)}):table>.<any(csv, ndjson, json):fmt>")
class Export(MethodView):
    @offers(*EXPORTS, by_path="fmt")  # the path's extension names the format
    @blp.response(200, TEXT, content_type=MEDIA_TYPES[Format.CSV], description=EXPORT_ANSWER)
    def get(self, table: str, fmt: str) -> Response:
        """Download a whole table as CSV, NDJSON or JSON, streamed in a stable row order"""
        # A whole table: a worker sends few such downloads at once.
        return slots.held_until_sent(slots.DOWNLOAD, lambda: _export(table, Format(fmt)))


def _export(table: str, fmt: Format) -> Response:
    seconds = float(current_app.config["STATEMENT_TIMEOUT"])
    chunks = table_chunks(get_engine(), TABLES[table], fmt, chunk_seconds=seconds)
    body = marked(fmt, chunks, ReleaseChanged)
    response: Response = current_app.response_class(body, mimetype=MEDIA_TYPES[fmt])
    return with_licence(response)


@blp.route("/datapackage.json")
class DataPackage(MethodView):
    @offers(JSON)
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
        return with_licence(response)


@blp.route("/citation")
class DatasetCitation(MethodView):
    @offers(BIBTEX, CSL_JSON, RIS)
    @blp.response(200, TEXT, content_type=BIBTEX.media_type, description=BIBTEX.description)
    def get(self) -> Any:
        """Cite the dataset version being served, as BibTeX, CSL-JSON or RIS"""
        session = get_session()
        dataset = get_dataset(session)
        if dataset is None:
            abort(404, message=NO_DATASET)
            raise AssertionError("abort() raises")
        fingerprint = get_dataset_fingerprint(session)
        url = citable_url(session.connection(), dataset.version)
        citation = dataset_citation(dataset, fingerprint, url)
        representation = chosen()
        body = render(citation, CitationFormat(representation.name))
        return current_app.response_class(body, mimetype=representation.media_type)
