"""Topics, speakers and articles: the small lookup collections."""

from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from policyapi.models import Article, Speaker, Topic
from policyapi.queries.common import contains_all_words, period_end


def get_topic(session: Session, topic_id: str) -> Topic | None:
    return session.get(Topic, topic_id)


def list_topics() -> tuple[sa.Select[Any], list[Any]]:
    return sa.select(Topic), [Topic.position, Topic.id]


def list_topic_ids(session: Session) -> list[str]:
    """Every topic id, in vocabulary order (for validating filters)."""
    return list(session.exec(select(Topic.id).order_by(col(Topic.position), col(Topic.id))))


def get_speaker(session: Session, speaker_id: str) -> Speaker | None:
    return session.get(Speaker, speaker_id)


def list_speakers(args: dict[str, Any]) -> tuple[sa.Select[Any], list[Any]]:
    stmt = sa.select(Speaker)
    if args.get("kind"):
        stmt = stmt.where(col(Speaker.kind).in_(args["kind"]))
    if args.get("q"):
        stmt = stmt.where(contains_all_words([Speaker.name], args["q"]))
    return stmt, [Speaker.id]


def get_article(session: Session, article_id: str) -> Article | None:
    return session.get(Article, article_id)


def list_articles(args: dict[str, Any]) -> tuple[sa.Select[Any], list[Any]]:
    # The list shows text_length, so the text is loaded; it is small next to a page of JSON.
    stmt = sa.select(Article)
    if args.get("publisher"):
        stmt = stmt.where(col(Article.publisher).in_(args["publisher"]))
    if args.get("published_from"):
        stmt = stmt.where(col(Article.published_on) >= args["published_from"])
    if args.get("published_to"):
        stmt = stmt.where(col(Article.published_on) <= period_end(args["published_to"]))
    if args.get("q"):
        stmt = stmt.where(contains_all_words([Article.title], args["q"]))
    return stmt, [Article.id]
