"""A person or organization whose words an article reports."""

from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column
from sqlmodel import Field

from policyapi.models.base import SLUG_MAX, TimestampMixin
from policyapi.vocab import SpeakerKind, check_in


class Speaker(TimestampMixin, table=True):
    __tablename__ = "speakers"
    __table_args__ = (CheckConstraint(check_in("kind", SpeakerKind), name="kind"),)

    id: str = Field(primary_key=True, max_length=SLUG_MAX)
    name: str = Field(max_length=300)
    kind: str = Field(max_length=20)
    # [{"title", "organization", "start", "end"}] with partial ISO dates; read whole.
    roles: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    notes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
