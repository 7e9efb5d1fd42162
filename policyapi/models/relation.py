"""Relations between documents, and correspondences between provisions of different documents."""

from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from policyapi.models.base import SLUG_MAX
from policyapi.vocab import Confidence, DocumentRelationType, Scope, check_in


class DocumentRelation(SQLModel, table=True):
    """subject --relation--> object: 'the directive overlays the Newark order'."""

    __tablename__ = "document_relations"
    __table_args__ = (
        UniqueConstraint("subject_id", "relation", "object_id"),
        CheckConstraint(check_in("relation", DocumentRelationType), name="relation"),
        CheckConstraint("subject_id <> object_id", name="not_itself"),
    )

    id: str = Field(primary_key=True, max_length=2 * SLUG_MAX + 40)
    subject_id: str = Field(foreign_key="documents.id", ondelete="CASCADE", max_length=SLUG_MAX)
    relation: str = Field(max_length=20)
    # Read both ways: a document's incoming relations are found by this index.
    object_id: str = Field(
        foreign_key="documents.id", ondelete="CASCADE", index=True, max_length=SLUG_MAX
    )
    note: str | None = Field(default=None, sa_type=Text)
    evidence: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    position: int = Field(default=0)


class ProvisionCorrespondence(SQLModel, table=True):
    """The same rule in two documents: provision ~ corresponding, with the first one's scope."""

    __tablename__ = "provision_correspondences"
    __table_args__ = (
        UniqueConstraint("provision_id", "corresponding_id"),
        CheckConstraint(check_in("scope", Scope), name="scope"),
        CheckConstraint(check_in("confidence", Confidence), name="confidence"),
        CheckConstraint("provision_id <> corresponding_id", name="not_itself"),
    )

    id: str = Field(primary_key=True, max_length=2 * SLUG_MAX + 1)
    provision_id: str = Field(foreign_key="provisions.id", ondelete="CASCADE", max_length=SLUG_MAX)
    corresponding_id: str = Field(
        foreign_key="provisions.id", ondelete="CASCADE", index=True, max_length=SLUG_MAX
    )
    # How far `provision` reaches compared with `corresponding` (read from the other side,
    # narrower and broader swap).
    scope: str = Field(max_length=20)
    confidence: str = Field(max_length=20)
    note: str | None = Field(default=None, sa_type=Text)
    position: int = Field(default=0)
