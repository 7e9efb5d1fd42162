"""/v1/provisions"""

from typing import Any

from flask import Response
from flask.views import MethodView

from policyapi.api import provision_versions, resources
from policyapi.api.blueprint import Blueprint
from policyapi.api.known import known_ids
from policyapi.api.responses import filters_of
from policyapi.queries.provisions import ProvisionFilters
from policyapi.queries.statements import StatementFilters
from policyapi.schemas.common import page_schema
from policyapi.schemas.provisions import ProvisionQueryArgsSchema, ProvisionSchema
from policyapi.schemas.relations import CorrespondenceArgsSchema, CorrespondenceSchema
from policyapi.schemas.statements import ProvisionStatementArgsSchema, StatementSchema
from policyapi.schemas.versions import (
    AsOfArgsSchema,
    ProvisionVersionSchema,
    VersionCompareArgsSchema,
    VersionDiffSchema,
    VersionHistorySchema,
)
from policyapi.web.negotiation import CSV, HTML, JSON, JSONLD, NDJSON, offers

blp = Blueprint(
    "provisions", __name__, url_prefix="/v1/provisions", description="Provisions of every document"
)


@blp.route("")
class Provisions(MethodView):
    @offers(JSON, CSV, NDJSON)
    @blp.arguments(ProvisionQueryArgsSchema, location="query", as_kwargs=False)
    @blp.response(200, page_schema(ProvisionSchema, "ProvisionPage"))
    def get(self, args: dict[str, Any]) -> Response:
        """List provisions, filtered by document, topic, confidence, relation, speaker or words"""
        filters = filters_of(ProvisionFilters, args)
        resources.known_topics(filters.topic)
        known_ids(args)
        return resources.provisions_answer(filters, args)


@blp.route("/<id:provision_id>")
class ProvisionById(MethodView):
    @offers(JSON, JSONLD, HTML)
    @blp.arguments(AsOfArgsSchema, location="query", as_kwargs=False)
    @blp.response(200, ProvisionSchema)
    def get(self, args: dict[str, Any], provision_id: str) -> Response:
        """Get a provision (as in force on a day: as_of)"""
        return resources.provision(provision_id, args["as_of"])


@blp.route("/<id:provision_id>/statements")
class ProvisionStatements(MethodView):
    @offers(JSON, CSV, NDJSON)
    @blp.arguments(ProvisionStatementArgsSchema, location="query", as_kwargs=False)
    @blp.response(200, page_schema(StatementSchema, "ProvisionStatementPage"))
    def get(self, args: dict[str, Any], provision_id: str) -> Response:
        """Who said what about a provision (filter by speaker, relation, kind, article, version)"""
        resources.require("provisions", "provision", provision_id)
        known_ids(args)
        filters = filters_of(StatementFilters, args, provision=(provision_id,))
        return resources.STATEMENTS.answer(filters, args)


@blp.route("/<id:provision_id>/correspondences")
class ProvisionCorrespondences(MethodView):
    @offers(JSON)
    @blp.arguments(CorrespondenceArgsSchema, location="query", as_kwargs=False)
    @blp.response(200, page_schema(CorrespondenceSchema, "ProvisionCorrespondencePage"))
    def get(self, args: dict[str, Any], provision_id: str) -> Response:
        """Provisions of other documents stating the same rule, with scope and confidence"""
        return resources.provision_correspondences(provision_id, args)


@blp.route("/<id:provision_id>/versions")
class ProvisionVersions(MethodView):
    @offers(JSON)
    @blp.response(200, VersionHistorySchema)
    def get(self, provision_id: str) -> Response:
        """Every version of a provision, oldest first, with the dates each was in force"""
        return provision_versions.history(provision_id)


@blp.route("/<id:provision_id>/versions/<int:number>")
class ProvisionVersionByNumber(MethodView):
    @offers(JSON)
    @blp.response(200, ProvisionVersionSchema)
    def get(self, provision_id: str, number: int) -> Response:
        """Get one version of a provision (1 is the oldest)"""
        return provision_versions.version(provision_id, number)


@blp.route("/<id:provision_id>/versions/<int:old>...<int:new>")
class ProvisionVersionDiff(MethodView):
    @offers(JSON)
    @blp.response(200, VersionDiffSchema)
    def get(self, provision_id: str, old: int, new: int) -> Response:
        """What changed between two versions: word-level diffs of summary and text, and fields"""
        return provision_versions.diff(provision_id, old, new)


@blp.route("/<id:provision_id>/versions/diff")
class ProvisionVersionCompare(MethodView):
    @offers(JSON)
    @blp.arguments(VersionCompareArgsSchema, location="query", as_kwargs=False)
    @blp.response(200, VersionDiffSchema)
    def get(self, args: dict[str, Any], provision_id: str) -> Response:
        """The same diff as versions/{old}...{new}, with the versions as from= and to="""
        return provision_versions.diff(provision_id, args["from_"], args["to"])
