"""/v1/topics, /v1/speakers and /v1/articles"""

from typing import Any

from flask import Response
from flask.views import MethodView

from policyapi.api import resources
from policyapi.api.blueprint import Blueprint
from policyapi.api.known import known_ids
from policyapi.api.responses import filters_of
from policyapi.queries.catalog import ArticleFilters, NoFilters, SpeakerFilters
from policyapi.queries.provisions import ProvisionFilters
from policyapi.queries.statements import StatementFilters
from policyapi.schemas.articles import ArticleDetailSchema, ArticleQueryArgsSchema, ArticleSchema
from policyapi.schemas.common import PageArgsSchema, page_schema
from policyapi.schemas.provisions import ProvisionPageArgsSchema, ProvisionSchema
from policyapi.schemas.speakers import SpeakerQueryArgsSchema, SpeakerSchema
from policyapi.schemas.statements import StatementFilterArgsSchema, StatementSchema
from policyapi.schemas.topics import TopicSchema
from policyapi.web.negotiation import CSV, HTML, JSON, NDJSON, offers

topics = Blueprint(
    "topics", __name__, url_prefix="/v1/topics", description="The controlled topic vocabulary"
)
speakers = Blueprint(
    "speakers", __name__, url_prefix="/v1/speakers", description="People and organizations quoted"
)
articles = Blueprint(
    "articles",
    __name__,
    url_prefix="/v1/articles",
    description="News articles and their exact text",
)


@topics.route("")
class Topics(MethodView):
    @offers(JSON, CSV, NDJSON)
    @topics.arguments(PageArgsSchema, location="query", as_kwargs=False)
    @topics.response(200, page_schema(TopicSchema, "TopicPage"))
    def get(self, args: dict[str, Any]) -> Response:
        """List topics in vocabulary order"""
        return resources.TOPICS.answer(NoFilters(), args)


@topics.route("/<id:topic_id>")
class TopicById(MethodView):
    @offers(JSON, HTML)
    @topics.response(200, TopicSchema)
    def get(self, topic_id: str) -> Response:
        """Get a topic"""
        return resources.topic(topic_id)


@topics.route("/<id:topic_id>/provisions")
class TopicProvisions(MethodView):
    @offers(JSON, CSV, NDJSON)
    @topics.arguments(ProvisionPageArgsSchema, location="query", as_kwargs=False)
    @topics.response(200, page_schema(ProvisionSchema, "TopicProvisionPage"))
    def get(self, args: dict[str, Any], topic_id: str) -> Response:
        """List the provisions tagged with a topic"""
        resources.require("topics", "topic", topic_id)
        return resources.provisions_answer(ProvisionFilters(topic=(topic_id,)), args)


@speakers.route("")
class Speakers(MethodView):
    @offers(JSON, CSV, NDJSON)
    @speakers.arguments(SpeakerQueryArgsSchema, location="query", as_kwargs=False)
    @speakers.response(200, page_schema(SpeakerSchema, "SpeakerPage"))
    def get(self, args: dict[str, Any]) -> Response:
        """List speakers"""
        return resources.SPEAKERS.answer(filters_of(SpeakerFilters, args), args)


@speakers.route("/<id:speaker_id>")
class SpeakerById(MethodView):
    @offers(JSON, HTML)
    @speakers.response(200, SpeakerSchema)
    def get(self, speaker_id: str) -> Response:
        """Get a speaker with their roles"""
        return resources.speaker(speaker_id)


@speakers.route("/<id:speaker_id>/statements")
class SpeakerStatements(MethodView):
    # The path names the speaker, so the speaker filter is not offered here.
    @offers(JSON, CSV, NDJSON)
    @speakers.arguments(
        StatementFilterArgsSchema(exclude=("speaker",)), location="query", as_kwargs=False
    )
    @speakers.response(200, page_schema(StatementSchema, "SpeakerStatementPage"))
    def get(self, args: dict[str, Any], speaker_id: str) -> Response:
        """List a speaker's statements"""
        resources.require("speakers", "speaker", speaker_id)
        known_ids(args)
        filters = filters_of(StatementFilters, args, speaker=(speaker_id,))
        return resources.STATEMENTS.answer(filters, args)


@articles.route("")
class Articles(MethodView):
    @offers(JSON, CSV, NDJSON)
    @articles.arguments(ArticleQueryArgsSchema, location="query", as_kwargs=False)
    @articles.response(200, page_schema(ArticleSchema, "ArticlePage"))
    def get(self, args: dict[str, Any]) -> Response:
        """List articles"""
        return resources.ARTICLES.answer(filters_of(ArticleFilters, args), args)


@articles.route("/<id:article_id>")
class ArticleById(MethodView):
    @offers(JSON, HTML)
    @articles.response(200, ArticleDetailSchema)
    def get(self, article_id: str) -> Response:
        """Get an article with its exact text"""
        return resources.article(article_id)


@articles.route("/<id:article_id>/statements")
class ArticleStatements(MethodView):
    # The path names the article, so the article filter is not offered here.
    @offers(JSON, CSV, NDJSON)
    @articles.arguments(
        StatementFilterArgsSchema(exclude=("article",)), location="query", as_kwargs=False
    )
    @articles.response(200, page_schema(StatementSchema, "ArticleStatementPage"))
    def get(self, args: dict[str, Any], article_id: str) -> Response:
        """List the statements anchored in an article, in text order"""
        resources.require("articles", "article", article_id)
        known_ids(args)
        filters = filters_of(StatementFilters, args, article=(article_id,))
        return resources.STATEMENTS.answer(filters, args)
