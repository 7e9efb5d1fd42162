"""/v1/releases and /v1/changes: every version loaded, its stored package, what each changed"""

from typing import Any

from flask import Response
from flask.views import MethodView

from policyapi.api import history
from policyapi.api.blueprint import Blueprint
from policyapi.exports.package import EXPORT_FOLDER, PACKAGE_FILE
from policyapi.exports.tables import TABLE_NAMES
from policyapi.queries.releases import ReleaseFilters
from policyapi.schemas.common import page_schema
from policyapi.schemas.releases import (
    ChangeArgsSchema,
    ChangeFilterArgsSchema,
    ChangeSchema,
    ReleaseArgsSchema,
    ReleaseSchema,
)
from policyapi.web.negotiation import ATOM, CSV, JSON, JSON_FEED, NDJSON, offers

releases = Blueprint(
    "releases",
    __name__,
    url_prefix="/v1/releases",
    description="Every dataset version this database loaded, downloadable as it was served",
)
changes = Blueprint(
    "changes",
    __name__,
    url_prefix="/v1/changes",
    description="What each release added, changed or removed, as JSON, Atom and JSON Feed",
)
STORED = "The file's bytes, exactly as the release served them"


@releases.route("")
class Releases(MethodView):
    @offers(JSON, CSV, NDJSON)
    @releases.arguments(ReleaseArgsSchema, location="query", as_kwargs=False)
    @releases.response(200, page_schema(ReleaseSchema, "ReleasePage"))
    def get(self, args: dict[str, Any]) -> Response:
        """List the releases this database has loaded, oldest first"""
        return history.RELEASES.answer(ReleaseFilters(), args)


@releases.route("/<version:version>")
class ReleaseByVersion(MethodView):
    @offers(JSON)
    @releases.response(200, ReleaseSchema)
    def get(self, version: str) -> Response:
        """Get a release: its date, notes, counts, content hash and what it changed"""
        return history.release(version)


@releases.route("/<version:first>...<version:last>")
class ReleaseDiff(MethodView):
    @offers(JSON, ATOM, JSON_FEED, CSV, NDJSON)
    @releases.arguments(ChangeFilterArgsSchema, location="query", as_kwargs=False)
    @releases.response(200, page_schema(ChangeSchema, "ReleaseDiffPage"))
    def get(self, args: dict[str, Any], first: str, last: str) -> Response:
        """List what changed after release `first`, up to and including release `last`"""
        return history.release_diff(first, last, args)


@releases.route(f"/<version:version>/{PACKAGE_FILE}")
class ReleaseDataPackage(MethodView):
    @offers(JSON)
    @releases.response(
        200,
        {"type": "object", "description": "Frictionless Data Package descriptor"},
        description=f"The release's data package descriptor. {STORED}",
    )
    def get(self, version: str) -> Response:
        """Download a release's data package descriptor, byte for byte as it was served"""
        return history.stored_file(version, PACKAGE_FILE)


@releases.route(f"/<version:version>/{EXPORT_FOLDER}/<any({', '.join(TABLE_NAMES)}):table>.csv")
class ReleaseExport(MethodView):
    @offers(CSV)
    @releases.response(200, {"type": "string"}, content_type=CSV.media_type, description=STORED)
    def get(self, version: str, table: str) -> Response:
        """Download a table of a release's data package (CSV), byte for byte as it was served"""
        return history.stored_file(version, f"{EXPORT_FOLDER}/{table}.csv")


@changes.route("")
class Changes(MethodView):
    @offers(JSON, ATOM, JSON_FEED, CSV, NDJSON)
    @changes.arguments(ChangeArgsSchema, location="query", as_kwargs=False)
    @changes.response(200, page_schema(ChangeSchema, "ChangePage"))
    def get(self, args: dict[str, Any]) -> Response:
        """List changes, newest release first: what each release added, changed or removed"""
        return history.changes(args)
