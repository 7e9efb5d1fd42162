"""Topics, speakers and articles: the small lookup collections, as typed rows."""

from dataclasses import dataclass
from typing import Any, NamedTuple

import sqlalchemy as sa

from policyapi.queries.collection import Collection
from policyapi.queries.common import (
    ARTICLES_TABLE,
    DOC_TYPES_TABLE,
    SPEAKERS_TABLE,
    TOPICS_TABLE,
    any_of,
    matches_search,
    params_of,
    period_end,
)
from policyapi.queries.fetch import fetch
from policyapi.queries.keyset import Keyset


class TopicRow(NamedTuple):
    id: str
    label: str
    description: str
    position: int


class SpeakerRow(NamedTuple):
    id: str
    name: str
    kind: str
    roles: list[dict[str, Any]]
    notes: list[str]


class ArticleRow(NamedTuple):
    id: str
    title: str
    publisher: str
    url: str
    url_note: str | None
    published_on: str | None
    published_on_note: str | None
    byline: str | None
    credit: str | None
    language: str
    text_sha256: str
    notes: list[str]
    text_length: int
    text: str | None  # only on the item


@dataclass(frozen=True)
class NoFilters:
    """A collection listed whole."""


@dataclass(frozen=True)
class SpeakerFilters:
    kind: tuple[str, ...] = ()
    q: str | None = None


@dataclass(frozen=True)
class ArticleFilters:
    publisher: tuple[str, ...] = ()
    published_from: str | None = None
    published_to: str | None = None
    q: str | None = None


T, SP, A = TOPICS_TABLE, SPEAKERS_TABLE, ARTICLES_TABLE
TOPIC_IDS = sa.select(T.c.id).order_by(T.c.position, T.c.id)


def _topics(where: list[sa.ColumnElement[bool]]) -> sa.Select[Any]:
    return sa.select(*(T.c[name] for name in TopicRow._fields)).where(*where)


def _no_filters(_filters: NoFilters) -> list[sa.ColumnElement[bool]]:
    return []


TOPICS = Collection("topics", TopicRow, Keyset((T.c.position, T.c.id)), _topics, _no_filters)


def topic_ids(conn: sa.Connection) -> list[str]:
    """Every topic id, in vocabulary order (for validating filters)."""
    return [row[0] for row in fetch(conn, TOPIC_IDS, {})]


DOC_TYPE_IDS = sa.select(DOC_TYPES_TABLE.c.id).order_by(
    DOC_TYPES_TABLE.c.position, DOC_TYPES_TABLE.c.id
)


def doc_type_ids(conn: sa.Connection) -> list[str]:
    """Every doc_type id, in vocabulary order (for validating filters)."""
    return [row[0] for row in fetch(conn, DOC_TYPE_IDS, {})]


def speaker_where(filters: SpeakerFilters) -> list[sa.ColumnElement[bool]]:
    where = [any_of(SP.c.kind, "kind")] if filters.kind else []
    return where + matches_search(SP.c.id, "speaker", filters.q)


def _speakers(where: list[sa.ColumnElement[bool]]) -> sa.Select[Any]:
    return sa.select(*(SP.c[name] for name in SpeakerRow._fields)).where(*where)


SPEAKERS = Collection("speakers", SpeakerRow, Keyset((SP.c.id,)), _speakers, speaker_where)


def article_where(filters: ArticleFilters) -> list[sa.ColumnElement[bool]]:
    where: list[sa.ColumnElement[bool]] = []
    if filters.publisher:
        where.append(any_of(A.c.publisher, "publisher"))
    if filters.published_from:
        where.append(A.c.published_on >= sa.bindparam("published_from"))
    if filters.published_to:
        where.append(A.c.published_on <= sa.bindparam("published_to"))
    return where + matches_search(A.c.id, "article", filters.q)


def article_params(filters: ArticleFilters) -> dict[str, Any]:
    params = params_of(filters)
    if filters.published_to:
        params["published_to"] = period_end(filters.published_to)
    return params


def _articles(where: list[sa.ColumnElement[bool]], text: bool = False) -> sa.Select[Any]:
    # A list shows each text's length; only the item carries the text itself.
    return sa.select(
        *(A.c[name] for name in ArticleRow._fields[:12]),
        sa.func.length(A.c.text).label("text_length"),
        (A.c.text if text else sa.null()).label("text"),
    ).where(*where)


ARTICLES = Collection(
    "articles",
    ArticleRow,
    Keyset((A.c.id,)),
    _articles,
    article_where,
    params=article_params,
    item_select=lambda where: _articles(where, text=True),
)
