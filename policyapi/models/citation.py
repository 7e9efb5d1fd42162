"""The edge researchers analyse: a statement cites a provision or a whole document."""

from typing import TYPE_CHECKING, Optional

from sqlalchemy import CheckConstraint, ForeignKeyConstraint, Index, Text
from sqlmodel import Field, Relationship

from policyapi.models.base import SLUG_MAX, TimestampMixin
from policyapi.vocab import Relation, check_in

if TYPE_CHECKING:
    from policyapi.models.document import Document
    from policyapi.models.provision import Provision
    from policyapi.models.statement import Statement


class Citation(TimestampMixin, table=True):
    __tablename__ = "citations"
    __table_args__ = (
        CheckConstraint(check_in("relation", Relation), name="relation"),
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

    statement: "Statement" = Relationship(back_populates="citations")
    document: "Document" = Relationship()
    provision: Optional["Provision"] = Relationship(
        sa_relationship_kwargs={
            "primaryjoin": "Citation.provision_id == Provision.id",
            "foreign_keys": "[Citation.provision_id]",
            "viewonly": True,
        }
    )
