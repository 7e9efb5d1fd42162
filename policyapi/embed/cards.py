"""The HTML cards: a provision, a statement, a document's outline."""

from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

import sqlalchemy as sa

from flask import Response, request

from flask_smorest import abort

from policyapi.db import connect
from policyapi.embed.blueprint import bp
from policyapi.embed.labels import FullLabel, Numbered, full_labels
from policyapi.embed.render import card_url, render_card
from policyapi.embed.theme import theme_from_request
from policyapi.errors import found
from policyapi.queries import documents, outline, provisions, relations, statements, versions
from policyapi.queries.statements import StatementRow
from policyapi.representations import json, jsonld
from policyapi.representations.versions import in_force_row
from policyapi.vocab import CitationStatus, Relation
from policyapi.web.endpoints import Endpoint as E
from policyapi.web.links import links
from policyapi.web.negotiation import HTML, offers

R = TypeVar("R", bound=Numbered)
# Statements shown per relation; the rest are one link away (keeps every card small).
MAX_PER_GROUP = 4


@dataclass
class Group:
    """The statements citing a provision with one relation."""

    relation: str
    statements: list[StatementRow] = field(default_factory=list)
    more_url: str = ""
    # Statements whose link to the provision a model suggested and nobody reviewed yet.
    suggested: set[str] = field(default_factory=set)

    @property
    def total(self) -> int:
        return len(self.statements)

    @property
    def shown(self) -> list[StatementRow]:
        return self.statements[:MAX_PER_GROUP]

    @property
    def more(self) -> int:
        return max(0, self.total - MAX_PER_GROUP)


def citing_groups(conn: sa.Connection, provision_id: str) -> list[Group]:
    """The statements citing a provision, by relation in the vocabulary's order, none empty."""
    citing = statements.statements_citing(conn, provision_id)
    cited = statements.citations_of(conn, [s.id for s in citing])
    groups = {r.value: Group(r.value) for r in Relation}
    for statement in citing:
        links_to = [c for c in cited[statement.id] if c.provision_id == provision_id]
        for relation in dict.fromkeys(c.relation for c in links_to):
            groups[relation].statements.append(statement)
        for c in links_to:
            if c.status == CitationStatus.SUGGESTED:
                groups[c.relation].suggested.add(statement.id)
    for group in groups.values():
        group.more_url = links().to(
            E.PROVISION_STATEMENTS, provision_id=provision_id, relation=group.relation
        )
    return [g for g in groups.values() if g.statements]


def as_of_from_request() -> date | None:
    """The card's `as_of` day (YYYY-MM-DD), if asked; a 400 problem when it is no date."""
    given = request.args.get("as_of")
    if given is None:
        return None
    # fromisoformat also reads compact forms (20190601): the contract is YYYY-MM-DD only.
    if len(given) == len("YYYY-MM-DD"):
        try:
            return date.fromisoformat(given)
        except ValueError:
            pass
    said = "must be a date, YYYY-MM-DD"
    abort(400, message=f"Invalid as_of: {said}.", errors={"as_of": [said]})
    raise AssertionError("abort() raises")


@dataclass(frozen=True)
class CardVersion:
    """What a provision card says about legal time: the day, the version, whether it is old."""

    day: date | None
    chosen: versions.AsOf
    count: int


def card_version(
    conn: sa.Connection, row: provisions.ProvisionRow, day: date | None
) -> CardVersion:
    history = versions.histories_of(conn, [row])[row.id]
    chosen = versions.as_of(history, day) if day else versions.as_of(history, date.max)
    if day is None:  # no day asked: the current version, whatever its dates
        chosen = versions.AsOf(date.max, chosen.choice, history.current, True)
    return CardVersion(day, chosen, len(history.versions))


@bp.get("/embed/provisions/<id:provision_id>")
@offers(HTML)
def provision_card(provision_id: str) -> Response:
    """A provision with who said what about it (as in force on a day: as_of)."""
    theme = theme_from_request()
    day = as_of_from_request()
    with connect() as conn:
        row = found(provisions.PROVISIONS.get(conn, provision_id), "provision", provision_id)
        parts = provisions.parts_of(conn, [row.id])[row.id]
        legal = card_version(conn, row, day)
        document = documents.DOCUMENTS.get(conn, row.document_id)
        assert document is not None  # nosec B101  # a provision's document exists (FK)
        groups = citing_groups(conn, row.id)
        label = provision_label(conn, row.id)
    return render_card(
        "embed/provision.html",
        kind="provision",
        item_id=row.id,
        data_url=links().item(E.PROVISION, row.id),
        theme=theme,
        lang=document.language,
        title=f"{label.text}: {row.heading}",
        label=label,
        provision=json.provision(links(), row, parts, legal.chosen if day else None),
        legal=legal,
        current_card_url=card_url("provision", row.id, theme),
        document=document,
        groups=groups,
        jsonld=jsonld.provision(links(), in_force_row(row, legal.chosen), parts, document),
    )


@bp.get("/embed/statements/<id:statement_id>")
@offers(HTML)
def statement_card(statement_id: str) -> Response:
    """A statement, who made it and where, and what it cites."""
    theme = theme_from_request()
    with connect() as conn:
        row = found(statements.STATEMENTS.get(conn, statement_id), "statement", statement_id)
        cited = statements.citations_of(conn, [statement_id])[statement_id]
        cited_ids = [c.provision_id for c in cited if c.provision_id is not None]
        labels = full_labels(outline.chains_of(conn, cited_ids).values())
    citations = [
        {
            **c._asdict(),
            "provision_label": labels[c.provision_id].text if c.provision_id in labels else None,
            "card_url": card_url("provision", c.provision_id, theme)
            if c.provision_id is not None
            else card_url("document", c.document_id, theme),
        }
        for c in cited
    ]
    speaker = row.speaker_name or row.article_publisher
    return render_card(
        "embed/statement.html",
        kind="statement",
        item_id=row.id,
        data_url=links().item(E.STATEMENT, row.id),
        theme=theme,
        lang=row.article_language,
        title=f"{speaker}: {row.text[:80]}",
        statement=row,
        citations=citations,
        jsonld=jsonld.statement(links(), row, cited),
    )


def provision_label(conn: sa.Connection, provision_id: str) -> FullLabel:
    """A provision's full label ("2-104(c)"), from its chain of parents in one query."""
    return full_labels(outline.chains_of(conn, [provision_id]).values())[provision_id]


def nest(rows: list[R]) -> dict[str | None, list[R]]:
    """Provisions by parent (None: the top level), each list in the order of `rows`.

    A provision whose parent is not among `rows` is listed at the top level, never dropped.
    """
    ids = {row.id for row in rows}
    children: dict[str | None, list[R]] = {}
    for row in rows:
        children.setdefault(row.parent_id if row.parent_id in ids else None, []).append(row)
    return children


@bp.get("/embed/documents/<id:document_id>")
@offers(HTML)
def document_card(document_id: str) -> Response:
    """A document's outline, each provision linking to its card (as in force on a day: as_of)."""
    theme = theme_from_request()
    day = as_of_from_request()
    with connect() as conn:
        document = found(documents.DOCUMENTS.get(conn, document_id), "document", document_id)
        rows = provisions.provisions_of(conn, [document_id])
        actors = documents.actors_of(conn, [document_id])[document_id]
        stated = relations.stated_by(conn, document_id)
        # Which provisions read differently on that day than now (their cards say how).
        older: dict[str, bool] = {}
        if day is not None:
            histories = versions.histories_of(conn, rows)
            older = {p.id: not versions.as_of(histories[p.id], day).current for p in rows}
    return render_card(
        "embed/document.html",
        kind="document",
        item_id=document.id,
        data_url=links().item(E.DOCUMENT, document.id),
        theme=theme,
        lang=document.language,
        title=document.title,
        document=document,
        actors=actors,
        children=nest(rows),
        labels=full_labels(rows),
        card_urls={p.id: card_url("provision", p.id, theme, as_of=day) for p in rows},
        day=day,
        older=older,
        current_card_url=card_url("document", document.id, theme),
        jsonld=jsonld.document(links(), document, rows, actors, stated),
    )
