"""A policy document: an executive order, ordinance, directive..."""

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, CheckConstraint, Column, Text
from sqlmodel import Field, Relationship

from policyapi.models.base import SLUG_MAX, TimestampMixin
from policyapi.vocab import DocStatus, Numbering, check_in

if TYPE_CHECKING:
    from policyapi.models.provision import Provision


def first_full_date(events: Sequence[dict[str, Any]], kinds: Iterable[str]) -> str | None:
    """The full date (YYYY-MM-DD) of the first event of the first of `kinds` that has one."""
    for kind in kinds:
        for event in events:
            if event["type"] == kind and len(event["date"]) == len("YYYY-MM-DD"):
                return str(event["date"])
    return None


class Document(TimestampMixin, table=True):
    __tablename__ = "documents"
    __table_args__ = (
        CheckConstraint(check_in("status", DocStatus), name="status"),
        CheckConstraint(check_in("numbering", Numbering), name="numbering"),
    )

    id: str = Field(primary_key=True, max_length=SLUG_MAX)
    title: str = Field(sa_type=Text)
    # A term of the doc_types vocabulary (seeds/vocabularies.yaml), kept while documents use it.
    doc_type: str = Field(
        foreign_key="doc_types.id", ondelete="RESTRICT", max_length=40, index=True
    )
    official_number: str | None = Field(default=None, max_length=120)
    jurisdiction_name: str = Field(max_length=200)
    jurisdiction_ocd_id: str = Field(
        foreign_key="jurisdictions.id", ondelete="RESTRICT", max_length=300, index=True
    )
    issuer: str = Field(sa_type=Text)
    # Derived from the `signed` (else `issued`) event, for clients of the first version.
    signed_on: date | None = Field(default=None, index=True)
    status: str = Field(max_length=40)
    numbering: str = Field(max_length=20)
    numbering_note: str | None = Field(default=None, sa_type=Text)
    language: str = Field(max_length=20)
    summary: str | None = Field(default=None, sa_type=Text)
    # [{"url": ..., "note": ...}], kept as one JSON value: always read whole, never filtered.
    sources: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    # [{"scheme": ..., "value": ..., "note": ...}] and [{"type": ..., "date": ..., "note": ...,
    # "sources": [...]}]: like sources, always read whole with the document.
    identifiers: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    events: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )

    provisions: list["Provision"] = Relationship(
        back_populates="document",
        sa_relationship_kwargs={"order_by": "Provision.position"},
    )
