"""One wording of a provision and the dates it was in force (legal time)."""

from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, Text, UniqueConstraint
from sqlmodel import Field

from policyapi.models.base import SLUG_MAX, TimestampMixin
from policyapi.vocab import Confidence, EventType, TextState, check_in


def version_id(provision_id: str, number: int) -> str:
    """Stable id of a provision version: one per (provision, number)."""
    return f"{provision_id}~v{number}"


class ProvisionVersion(TimestampMixin, table=True):
    """A recorded version; a provision without any has one implicit version (its own fields)."""

    __tablename__ = "provision_versions"
    __table_args__ = (
        UniqueConstraint("provision_id", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint(check_in("confidence", Confidence), name="confidence"),
        CheckConstraint(check_in("text_state", TextState), name="text_state"),
        CheckConstraint(
            f"made_by_event IS NULL OR {check_in('made_by_event', EventType)}",
            name="made_by_event",
        ),
    )

    id: str = Field(primary_key=True, max_length=SLUG_MAX + 12)
    # A version is a state of its provision: it goes with it. (The unique (provision_id,
    # number) serves lookups by provision.)
    provision_id: str = Field(foreign_key="provisions.id", ondelete="CASCADE", max_length=SLUG_MAX)
    # 1..n, oldest first.
    number: int
    # Partial ISO dates, compared by their first day; valid_to is the first day it no longer
    # applies (the next version's valid_from), NULL open-ended.
    valid_from: str | None = Field(default=None, max_length=10)
    valid_to: str | None = Field(default=None, max_length=10)
    # The document event that made this version (issued, amended...).
    made_by_event: str | None = Field(default=None, max_length=20)
    # The instrument that made it, when it is another document of the dataset. Removing that
    # document keeps the version and forgets only who made it.
    made_by_document_id: str | None = Field(
        default=None, foreign_key="documents.id", ondelete="SET NULL", max_length=SLUG_MAX
    )
    summary: str = Field(sa_type=Text)
    text: str | None = Field(default=None, sa_type=Text)
    text_state: str = Field(default=TextState.NOT_READ, max_length=20)
    confidence: str = Field(max_length=20)
    confidence_note: str | None = Field(default=None, sa_type=Text)
    note: str | None = Field(default=None, sa_type=Text)
    # [{"url": ..., "note": ...}], read whole with the version.
    evidence: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
