"""The edge researchers analyse: a statement cites a provision or a whole document."""

from datetime import date
from typing import TYPE_CHECKING, Optional

from sqlalchemy import CheckConstraint, Date, Float, ForeignKeyConstraint, Index, Text
from sqlmodel import Field, Relationship

from policyapi.models.base import SLUG_MAX, TimestampMixin
from policyapi.vocab import CitationStatus, Relation, check_in

if TYPE_CHECKING:
    from policyapi.models.document import Document
    from policyapi.models.provision import Provision
    from policyapi.models.statement import Statement


class Citation(TimestampMixin, table=True):
    __tablename__ = "citations"
    __table_args__ = (
        CheckConstraint(check_in("relation", Relation), name="relation"),
        CheckConstraint(check_in("status", CitationStatus), name="status"),
        CheckConstraint("score IS NULL OR (score >= 0 AND score <= 1)", name="score_range"),
        # The provision must belong to the cited document; NULL provision = the whole document.
        ForeignKeyConstraint(
            ["provision_id", "document_id"],
            ["provisions.id", "provisions.document_id"],
            ondelete="CASCADE",
        ),
        # Covering: citation counts and "statements citing X" read only the index.
        Index(None, "provision_id", "relation", "statement_id"),
        Index(None, "document_id", "relation", "statement_id"),
    )

    # Derived from (statement, target, relation), so the id itself enforces uniqueness of the
    # triple even when the target is a whole document (provision_id NULL).
    id: str = Field(primary_key=True, max_length=3 * SLUG_MAX + 2)
    # A citation is part of the statement that makes it.
    statement_id: str = Field(
        foreign_key="statements.id", ondelete="CASCADE", index=True, max_length=SLUG_MAX
    )
    # Citing a document that is removed leaves nothing to point at: remove the edge too.
    document_id: str = Field(foreign_key="documents.id", ondelete="CASCADE", max_length=SLUG_MAX)
    provision_id: str | None = Field(default=None, max_length=SLUG_MAX)
    relation: str = Field(max_length=20, index=True)
    justification: str | None = Field(default=None, sa_type=Text)
    # Order of the citation within its statement, as curated.
    position: int = Field(default=0)
    # The provision's version in force when the statement was made (its said_on, else its
    # article's date), worked out at load time; NULL for a whole document or an undated one.
    provision_version: int | None = Field(default=None)
    # Provenance: a person reviewed the link, or a model suggested it and nobody has yet.
    # Suggestions are published only when a load asks for them (seed load --include-suggested).
    status: str = Field(default=CitationStatus.REVIEWED.value, max_length=20, index=True)
    # The suggesting model's confidence, 0..1; kept after review as a record of how it came.
    score: float | None = Field(default=None, sa_type=Float)
    suggested_by_name: str | None = Field(default=None, max_length=100)
    suggested_by_version: str | None = Field(default=None, max_length=40)
    reviewed_by: str | None = Field(default=None, max_length=200)
    reviewed_on: date | None = Field(default=None, sa_type=Date)

    statement: "Statement" = Relationship(back_populates="citations")
    document: "Document" = Relationship()
    provision: Optional["Provision"] = Relationship(
        sa_relationship_kwargs={
            "primaryjoin": "Citation.provision_id == Provision.id",
            "foreign_keys": "[Citation.provision_id]",
            "viewonly": True,
        }
    )
