"""Rows for tests that need specific data in a fresh database, built through the table models.

Every `make_*` takes a Session first and keyword overrides of any column; missing parents are
built too, defaults are deterministic (one counter, no random values), and each row is flushed
so the next factory can refer to it. The caller commits.
"""

import hashlib
import itertools
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col

from policyapi.legaltime import version_on
from policyapi.models import (
    Article,
    Citation,
    DocTypeTerm,
    Document,
    Jurisdiction,
    Provision,
    ProvisionTopic,
    ProvisionVersion,
    Speaker,
    Statement,
    Topic,
)
from policyapi.models.jurisdiction import divisions_of
from policyapi.models.provision_version import version_id

# Code points of context kept each side of a statement, as the seed loader keeps them.
QUOTE_CONTEXT = 32
_counter = itertools.count(1)
# Default for a statement's speaker: one is built, unless the statement is narration.
AUTO: Any = object()


def _n() -> int:
    return next(_counter)


def _save(session: Session, row: SQLModel) -> Any:
    session.add(row)
    session.flush()
    return row


def ensure_doc_type(session: Session, doc_type: str) -> None:
    """The doc_types term a document names (a vocabulary row, built once)."""
    if session.get(DocTypeTerm, doc_type) is None:
        label = doc_type.replace("_", " ").capitalize()
        _save(session, DocTypeTerm(id=doc_type, label=label, description=f"A {label.lower()}."))


def ensure_jurisdiction(session: Session, ocd_id: str, name: str) -> None:
    """The division and every division above it, counting one more document in each, as the
    seed loader stores them."""
    chain = divisions_of(ocd_id)
    for depth, division in enumerate(chain):
        row = session.get(Jurisdiction, division)
        if row is None:
            label = name if division == ocd_id else division.rsplit(":", 1)[-1].upper()
            parent = chain[depth - 1] if depth else None
            row = Jurisdiction(id=division, name=label, parent_id=parent, depth=depth)
        row.document_count += 1
        _save(session, row)


def make_document(session: Session, **overrides: Any) -> Document:
    n = _n()
    values: dict[str, Any] = {
        "id": f"document-{n}",
        "title": f"Example Township Ordinance {n}",
        "doc_type": "ordinance",
        "official_number": f"Ordinance 2026-{n:02d}",
        "jurisdiction_name": "Example Township",
        "jurisdiction_ocd_id": "ocd-division/country:us/state:zz/place:example_township",
        "issuer": "Example Township Council",
        "signed_on": date(2026, 1, 1),
        "status": "in_force",
        "numbering": "official",
        "language": "en",
        "summary": f"Summary of ordinance {n}.",
        "sources": [{"url": f"https://example.org/documents/{n}", "note": None}],
        "identifiers": [{"scheme": "ordinance_number", "value": f"2026-{n:02d}", "note": None}],
        "events": [{"type": "adopted", "date": "2026-01-01", "note": None, "sources": []}],
    }
    values.update(overrides)
    ensure_doc_type(session, values["doc_type"])
    ensure_jurisdiction(session, values["jurisdiction_ocd_id"], values["jurisdiction_name"])
    return _save(session, Document(**values))


def make_topic(session: Session, **overrides: Any) -> Topic:
    n = _n()
    values = {
        "id": f"topic-{n}",
        "label": f"Topic {n}",
        "description": f"What topic {n} covers.",
        "position": n,
    }
    return _save(session, Topic(**{**values, **overrides}))


def make_provision(
    session: Session,
    document: Document | None = None,
    *,
    parent: Provision | None = None,
    topics: list[Topic] | tuple[Topic, ...] = (),
    **overrides: Any,
) -> Provision:
    """A provision at the end of `document` (built if missing), tagged with `topics`."""
    if document is None:
        document = session.get(Document, parent.document_id) if parent else None
    document = document or make_document(session)
    position = session.execute(
        sa.select(sa.func.count()).where(col(Provision.document_id) == document.id)
    ).scalar_one()
    n = _n()
    values: dict[str, Any] = {
        "id": f"{document.id}-p{n}",
        "document_id": document.id,
        "parent_id": parent.id if parent else None,
        "number": str(position + 1),
        "eid": f"sec_{position + 1}",
        "position": position,
        "heading": f"Provision {n}",
        "summary": f"What provision {n} says.",
        "text": None,
        "confidence": "confirmed",
        "confidence_note": None,
        "evidence": [{"url": f"https://example.org/provisions/{n}", "note": None}],
    }
    provision: Provision = _save(session, Provision(**{**values, **overrides}))
    for topic in topics:
        _save(session, ProvisionTopic(provision_id=provision.id, topic_id=topic.id))
    return provision


def make_provision_version(
    session: Session, provision: Provision | None = None, **overrides: Any
) -> ProvisionVersion:
    """The next version of `provision` (built if missing), numbered after its last one.

    Give `valid_from`/`valid_to` for dated versions; the provision's own summary, text and
    text_state stay as they are (the loader makes them the last version's; set them to match
    when a test reads the provision without `as_of`).
    """
    provision = provision or make_provision(session)
    number = (
        1
        + session.execute(
            sa.select(sa.func.count()).where(col(ProvisionVersion.provision_id) == provision.id)
        ).scalar_one()
    )
    n = _n()
    values: dict[str, Any] = {
        "id": version_id(provision.id, number),
        "provision_id": provision.id,
        "number": number,
        "valid_from": None,
        "valid_to": None,
        "made_by_event": "adopted" if number == 1 else "amended",
        "made_by_document_id": None,
        "summary": f"What version {number} of provision {provision.id} says ({n}).",
        "text": None,
        "text_state": "not_read",
        "confidence": "confirmed",
        "confidence_note": None,
        "note": None,
        "evidence": [{"url": f"https://example.org/versions/{n}", "note": None}],
    }
    return _save(session, ProvisionVersion(**{**values, **overrides}))


def cited_version(session: Session, statement: Statement, provision_id: str) -> int | None:
    """The version a citation links, as the loader works it out (said_on, else published_on)."""
    versions = session.scalars(
        sa.select(ProvisionVersion).where(col(ProvisionVersion.provision_id) == provision_id)
    ).all()
    article = session.get(Article, statement.article_id)
    return version_on(versions, statement.said_on or (article.published_on if article else None))


def make_speaker(session: Session, **overrides: Any) -> Speaker:
    n = _n()
    values: dict[str, Any] = {
        "id": f"speaker-{n}",
        "name": f"Speaker {n}",
        "kind": "person",
        "roles": [
            {
                "title": "Township Clerk",
                "organization": "Example Township",
                "start": "2026",
                "end": None,
            }
        ],
        "notes": [],
    }
    return _save(session, Speaker(**{**values, **overrides}))


def make_article(session: Session, **overrides: Any) -> Article:
    """An article; its sha256 is computed from its text unless given."""
    n = _n()
    text = overrides.pop(
        "text",
        f"Article {n} begins here.\n\n"
        f"\u201cEvery resident gets every service,\u201d the clerk said \u2014 twice.",
    )
    values: dict[str, Any] = {
        "id": f"article-{n}",
        "title": f"Article {n}",
        "publisher": "The Example Gazette",
        "url": f"https://example.org/articles/{n}",
        "published_on": "2026-01",
        "language": "en",
        "text": text,
        "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "notes": [],
    }
    return _save(session, Article(**{**values, **overrides}))


def make_statement(
    session: Session,
    article: Article | None = None,
    *,
    text: str | None = None,
    start: int | None = None,
    end: int | None = None,
    speaker: Speaker | None = AUTO,
    parent: Statement | None = None,
    **overrides: Any,
) -> Statement:
    """A statement anchored to an exact span of `article` (built if missing).

    The span is `text` found in the article (from `start` if given), or the article text from
    `start` (default 0) to `end` (default: the end of the article). Offsets are code points;
    prefix and suffix are up to 32 code points either side, as the loader derives them.
    """
    article = article or make_article(session)
    body = article.text
    if text is not None:
        start = body.index(text, start or 0)  # ValueError: `text` is not in the article
        end = start + len(text)
    else:
        start = start or 0
        end = len(body) if end is None else end
    kind = overrides.pop("kind", "narration" if speaker is None else "direct_quote")
    if speaker is AUTO:
        speaker = None if kind == "narration" else make_speaker(session)
    n = _n()
    values: dict[str, Any] = {
        "id": f"{article.id}-s{n}",
        "article_id": article.id,
        "speaker_id": speaker.id if speaker else None,
        "parent_id": parent.id if parent else None,
        "kind": kind,
        "role_as_stated": None,
        "attribution": None,
        "paragraph": body[:start].count("\n\n"),
        "start_offset": start,
        "end_offset": end,
        "text": body[start:end],
        "prefix": body[max(0, start - QUOTE_CONTEXT) : start],
        "suffix": body[end : end + QUOTE_CONTEXT],
        "said_on": None,
        "notes": [],
    }
    return _save(session, Statement(**{**values, **overrides}))


def make_citation(
    session: Session,
    statement: Statement | None = None,
    provision: Provision | None = None,
    *,
    document: Document | None = None,
    relation: str = "describes",
    **overrides: Any,
) -> Citation:
    """`statement` cites `provision` (both built if missing), or the whole `document` when
    only a document is given."""
    statement = statement or make_statement(session)
    if provision is None and document is None:
        provision = make_provision(session)
    if provision is not None:
        document_id = provision.document_id
    else:
        assert document is not None
        document_id = document.id
    provision_id = provision.id if provision else None
    position = session.execute(
        sa.select(sa.func.count()).where(col(Citation.statement_id) == statement.id)
    ).scalar_one()
    values: dict[str, Any] = {
        "id": f"{statement.id}~{provision_id or document_id}~{relation}",
        "statement_id": statement.id,
        "document_id": document_id,
        "provision_id": provision_id,
        "relation": relation,
        "justification": None,
        "position": position,
        "provision_version": cited_version(session, statement, provision_id)
        if provision_id
        else None,
    }
    return _save(session, Citation(**{**values, **overrides}))
