"""/v1/topics, /v1/speakers and /v1/articles"""

from typing import Any

from flask.views import MethodView

from policyapi.api.blueprint import Blueprint
from policyapi.api.common import found, page_response
from policyapi.api.provisions import provision_page
from policyapi.db import get_session
from policyapi.queries.catalog import (
    get_article,
    get_speaker,
    get_topic,
    list_articles,
    list_speakers,
    list_topics,
)
from policyapi.queries.statements import list_statements
from policyapi.schemas.articles import ArticleDetailSchema, ArticleQueryArgsSchema, ArticleSchema
from policyapi.schemas.common import PageArgsSchema, page_schema
from policyapi.schemas.provisions import ProvisionSchema
from policyapi.schemas.speakers import SpeakerQueryArgsSchema, SpeakerSchema
from policyapi.schemas.statements import StatementFilterArgsSchema, StatementSchema
from policyapi.schemas.topics import TopicSchema

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
    @topics.arguments(PageArgsSchema, location="query", as_kwargs=False)
    @topics.response(200, page_schema(TopicSchema, "TopicPage"))
    def get(self, args: dict[str, Any]) -> Any:
        """List topics in vocabulary order"""
        return page_response(*list_topics(), args)


@topics.route("/<id:topic_id>")
class TopicById(MethodView):
    @topics.response(200, TopicSchema)
    def get(self, topic_id: str) -> Any:
        """Get a topic"""
        return found(get_topic(get_session(), topic_id), "topic", topic_id)


@topics.route("/<id:topic_id>/provisions")
class TopicProvisions(MethodView):
    @topics.arguments(PageArgsSchema, location="query", as_kwargs=False)
    @topics.response(200, page_schema(ProvisionSchema, "TopicProvisionPage"))
    def get(self, args: dict[str, Any], topic_id: str) -> Any:
        """List the provisions tagged with a topic"""
        found(get_topic(get_session(), topic_id), "topic", topic_id)
        return provision_page({**args, "topic": [topic_id]})


@speakers.route("")
class Speakers(MethodView):
    @speakers.arguments(SpeakerQueryArgsSchema, location="query", as_kwargs=False)
    @speakers.response(200, page_schema(SpeakerSchema, "SpeakerPage"))
    def get(self, args: dict[str, Any]) -> Any:
        """List speakers"""
        return page_response(*list_speakers(args), args)


@speakers.route("/<id:speaker_id>")
class SpeakerById(MethodView):
    @speakers.response(200, SpeakerSchema)
    def get(self, speaker_id: str) -> Any:
        """Get a speaker with their roles"""
        return found(get_speaker(get_session(), speaker_id), "speaker", speaker_id)


@speakers.route("/<id:speaker_id>/statements")
class SpeakerStatements(MethodView):
    # The path names the speaker, so the speaker filter is not offered here.
    @speakers.arguments(
        StatementFilterArgsSchema(exclude=("speaker",)), location="query", as_kwargs=False
    )
    @speakers.response(200, page_schema(StatementSchema, "SpeakerStatementPage"))
    def get(self, args: dict[str, Any], speaker_id: str) -> Any:
        """List a speaker's statements"""
        found(get_speaker(get_session(), speaker_id), "speaker", speaker_id)
        return page_response(*list_statements({**args, "speaker": [speaker_id]}), args)


@articles.route("")
class Articles(MethodView):
    @articles.arguments(ArticleQueryArgsSchema, location="query", as_kwargs=False)
    @articles.response(200, page_schema(ArticleSchema, "ArticlePage"))
    def get(self, args: dict[str, Any]) -> Any:
        """List articles"""
        return page_response(*list_articles(args), args)


@articles.route("/<id:article_id>")
class ArticleById(MethodView):
    @articles.response(200, ArticleDetailSchema)
    def get(self, article_id: str) -> Any:
        """Get an article with its exact text"""
        return found(get_article(get_session(), article_id), "article", article_id)


@articles.route("/<id:article_id>/statements")
class ArticleStatements(MethodView):
    # The path names the article, so the article filter is not offered here.
    @articles.arguments(
        StatementFilterArgsSchema(exclude=("article",)), location="query", as_kwargs=False
    )
    @articles.response(200, page_schema(StatementSchema, "ArticleStatementPage"))
    def get(self, args: dict[str, Any], article_id: str) -> Any:
        """List the statements anchored in an article, in text order"""
        found(get_article(get_session(), article_id), "article", article_id)
        return page_response(*list_statements({**args, "article": [article_id]}), args)
