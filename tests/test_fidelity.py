"""Data fidelity in the database itself: exact text, exact anchors, exact hashes."""

import hashlib

from sqlmodel import Session, select

from policyapi.models import Article, Statement
from tests.seedfacts import facts


def test_every_statement_equals_its_article_at_its_offsets(db: Session) -> None:
    articles = {a.id: a.text for a in db.exec(select(Article))}
    statements = list(db.exec(select(Statement)))
    assert len(statements) == len(facts().statements())
    for statement in statements:
        text = articles[statement.article_id]
        assert text[statement.start_offset : statement.end_offset] == statement.text, statement.id
        assert text[: statement.start_offset].endswith(statement.prefix)
        assert text[statement.end_offset :].startswith(statement.suffix)


def test_article_text_is_stored_unnormalised(db: Session) -> None:
    articles = list(db.exec(select(Article)))
    assert {a.id for a in articles} == {a["id"] for a in facts().articles}
    for article in articles:
        assert hashlib.sha256(article.text.encode("utf-8")).hexdigest() == article.text_sha256
        assert article.text == facts().article_text(article.id), article.id
    # The seeds hold characters a normaliser would change (no-break spaces, curly quotes).
    assert any("\u00a0" in a.text or "\u2019" in a.text for a in articles)


def test_nested_quote_lies_inside_its_parent(db: Session) -> None:
    for child in db.exec(select(Statement).where(Statement.parent_id.is_not(None))):  # type: ignore[union-attr]
        parent = db.get(Statement, child.parent_id)
        assert parent is not None
        assert parent.start_offset <= child.start_offset < child.end_offset <= parent.end_offset
