"""A numbered provision of a document, possibly nested under another."""

from typing import TYPE_CHECKING, Any, Optional

from sqlalchemy import JSON, CheckConstraint, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, Relationship

from policyapi.models.base import SLUG_MAX, TimestampMixin
from policyapi.models.topic import ProvisionTopic
from policyapi.vocab import Confidence, check_in

if TYPE_CHECKING:
    from policyapi.models.document import Document
    from policyapi.models.topic import Topic


class Provision(TimestampMixin, table=True):
    __tablename__ = "provisions"
    __table_args__ = (
        UniqueConstraint("document_id", "eid"),
        # Lets citations reference (provision, document) together, so a citation's provision
        # always belongs to the citation's document.
        UniqueConstraint("id", "document_id"),
        CheckConstraint(check_in("confidence", Confidence), name="confidence"),
        CheckConstraint("position >= 0", name="position_non_negative"),
        Index(None, "document_id", "position"),
    )

    id: str = Field(primary_key=True, max_length=SLUG_MAX)
    # A provision has no meaning without its document.
    document_id: str = Field(foreign_key="documents.id", ondelete="CASCADE", max_length=SLUG_MAX)
    # Sub-provisions are part of their parent.
    parent_id: str | None = Field(
        default=None,
        foreign_key="provisions.id",
        ondelete="CASCADE",
        index=True,
        max_length=SLUG_MAX,
    )
    number: str = Field(max_length=40)
    eid: str = Field(max_length=200)
    position: int
    heading: str = Field(sa_type=Text)
    summary: str = Field(sa_type=Text)
    text: str | None = Field(default=None, sa_type=Text)
    confidence: str = Field(max_length=20, index=True)
    confidence_note: str | None = Field(default=None, sa_type=Text)
    # [{"url": ..., "note": ...}]: always read whole with the provision.
    evidence: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )

    document: "Document" = Relationship(back_populates="provisions")
    parent: Optional["Provision"] = Relationship(
        back_populates="children",
        sa_relationship_kwargs={"remote_side": "Provision.id"},
    )
    children: list["Provision"] = Relationship(
        back_populates="parent",
        sa_relationship_kwargs={"order_by": "Provision.position"},
    )
    topics: list["Topic"] = Relationship(
        back_populates="provisions",
        link_model=ProvisionTopic,
        sa_relationship_kwargs={"viewonly": True, "order_by": "Topic.position"},
    )
