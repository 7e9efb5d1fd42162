"""A numbered provision of a document, possibly nested under another."""

from typing import TYPE_CHECKING, Any, Optional

from sqlalchemy import JSON, CheckConstraint, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, Relationship

from policyapi.models.base import SLUG_MAX, TimestampMixin
from policyapi.models.topic import ProvisionTopic
from policyapi.vocab import Confidence, Numbering, PositionBasis, ProvisionKind, TextState, check_in

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
        CheckConstraint(check_in("kind", ProvisionKind), name="kind"),
        CheckConstraint(check_in("label_scheme", Numbering), name="label_scheme"),
        CheckConstraint(check_in("position_basis", PositionBasis), name="position_basis"),
        CheckConstraint(check_in("text_state", TextState), name="text_state"),
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
    kind: str = Field(default=ProvisionKind.SECTION, max_length=20)
    number: str = Field(max_length=40)
    # Whether `number` is the document's own label, and whether `position` is its own order:
    # per provision, the document's `numbering` being only the default.
    label_scheme: str = Field(default=Numbering.OFFICIAL, max_length=20)
    eid: str = Field(max_length=200)
    position: int
    position_basis: str = Field(default=PositionBasis.OFFICIAL, max_length=20)
    heading: str = Field(sa_type=Text)
    summary: str = Field(sa_type=Text)
    text: str | None = Field(default=None, sa_type=Text)
    text_state: str = Field(default=TextState.NOT_READ, max_length=20)
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
