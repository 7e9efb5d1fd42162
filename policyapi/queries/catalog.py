"""Topics, speakers and articles: the small lookup collections, as typed rows."""

from dataclasses import dataclass
from typing import Any, NamedTuple

import sqlalchemy as sa

from policyapi.queries.common import (
    ARTICLES,
    SPEAKERS,
    TOPICS,
    Built,
    Selects,
    any_of,
    contains_all_words,
    params_of,
    period_end,
    totals_key,
)
from policyapi.queries.fetch import fetch
from policyapi.queries.keyset import Keyset, Page, PageRequest, Totals, count, page_rows


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


T, SP, A = TOPICS, SPEAKERS, ARTICLES
TOPIC_KEYSET = Keyset((T.c.position, T.c.id))
SPEAKER_KEYSET = Keyset((SP.c.id,))
ARTICLE_KEYSET = Keyset((A.c.id,))
TOPIC_SELECT = sa.select(*(T.c[name] for name in TopicRow._fields))
TOPIC_BY_ID = TOPIC_SELECT.where(T.c.id == sa.bindparam("topic_id"))
TOPIC_IDS = sa.select(T.c.id).order_by(T.c.position, T.c.id)


def list_topics(
    conn: sa.Connection, _filters: NoFilters, request: PageRequest, totals: Totals
) -> Page[TopicRow]:
    """One page of topics in vocabulary order."""
    total = totals(totals_key("topics", {}), lambda: count(conn, TOPIC_SELECT, {}))
    return page_rows(conn, TOPIC_SELECT, TOPIC_KEYSET, {}, request, TopicRow, total)


def get_topic(conn: sa.Connection, topic_id: str) -> TopicRow | None:
    found = fetch(conn, TOPIC_BY_ID, {"topic_id": topic_id}, TopicRow)
    return found[0] if found else None


def topic_ids(conn: sa.Connection) -> list[str]:
    """Every topic id, in vocabulary order (for validating filters)."""
    return [row[0] for row in fetch(conn, TOPIC_IDS, {})]


def speaker_where(filters: SpeakerFilters) -> list[sa.ColumnElement[bool]]:
    where = [any_of(SP.c.kind, "kind")] if filters.kind else []
    return where + contains_all_words([SP.c.name], filters.q)


def _speakers(filters: SpeakerFilters) -> Built:
    where = speaker_where(filters)
    return Built(
        sa.select(*(SP.c[n] for n in SpeakerRow._fields)).where(*where),
        sa.select(SP.c.id).where(*where),
    )


_SPEAKERS = Selects(_speakers)
SPEAKER_BY_ID = _speakers(SpeakerFilters()).rows.where(SP.c.id == sa.bindparam("speaker_id"))


def list_speakers(
    conn: sa.Connection, filters: SpeakerFilters, request: PageRequest, totals: Totals
) -> Page[SpeakerRow]:
    built, params = _SPEAKERS.get(filters), params_of(filters)
    total = totals(totals_key("speakers", params), lambda: count(conn, built.counted, params))
    return page_rows(conn, built.rows, SPEAKER_KEYSET, params, request, SpeakerRow, total)


def get_speaker(conn: sa.Connection, speaker_id: str) -> SpeakerRow | None:
    found = fetch(conn, SPEAKER_BY_ID, {"speaker_id": speaker_id}, SpeakerRow)
    return found[0] if found else None


def article_where(filters: ArticleFilters) -> list[sa.ColumnElement[bool]]:
    where: list[sa.ColumnElement[bool]] = []
    if filters.publisher:
        where.append(any_of(A.c.publisher, "publisher"))
    if filters.published_from:
        where.append(A.c.published_on >= sa.bindparam("published_from"))
    if filters.published_to:
        where.append(A.c.published_on <= sa.bindparam("published_to"))
    return where + contains_all_words([A.c.title], filters.q)


def article_params(filters: ArticleFilters) -> dict[str, Any]:
    params = params_of(filters)
    if filters.published_to:
        params["published_to"] = period_end(filters.published_to)
    return params


def _article_select(text: bool) -> sa.Select[Any]:
    return sa.select(
        *(A.c[name] for name in ArticleRow._fields[:12]),
        sa.func.length(A.c.text).label("text_length"),
        (A.c.text if text else sa.null()).label("text"),
    )


def _articles(filters: ArticleFilters) -> Built:
    where = article_where(filters)
    return Built(_article_select(text=False).where(*where), sa.select(A.c.id).where(*where))


_ARTICLES = Selects(_articles)
ARTICLE_BY_ID = _article_select(text=True).where(A.c.id == sa.bindparam("article_id"))


def list_articles(
    conn: sa.Connection, filters: ArticleFilters, request: PageRequest, totals: Totals
) -> Page[ArticleRow]:
    built, params = _ARTICLES.get(filters), article_params(filters)
    total = totals(totals_key("articles", params), lambda: count(conn, built.counted, params))
    return page_rows(conn, built.rows, ARTICLE_KEYSET, params, request, ArticleRow, total)


def get_article(conn: sa.Connection, article_id: str) -> ArticleRow | None:
    """An article with its exact text."""
    found = fetch(conn, ARTICLE_BY_ID, {"article_id": article_id}, ArticleRow)
    return found[0] if found else None
