"""A quote, paraphrase or narration anchored to an exact span of an article."""

from typing import TYPE_CHECKING, Any, Optional

from sqlalchemy import JSON, CheckConstraint, Column, Index, Text
from sqlmodel import Field, Relationship

from policyapi.models.base import SLUG_MAX, TimestampMixin
from policyapi.vocab import StatementKind, check_in

if TYPE_CHECKING:
    from policyapi.models.article import Article
    from policyapi.models.citation import Citation
    from policyapi.models.speaker import Speaker


class Statement(TimestampMixin, table=True):
    __tablename__ = "statements"
    __table_args__ = (
        CheckConstraint(check_in("kind", StatementKind), name="kind"),
        CheckConstraint("start_offset >= 0 AND end_offset > start_offset", name="span"),
        CheckConstraint("paragraph >= 0", name="paragraph_non_negative"),
        # The keyset order of every statement list (article, offset, id): pages are index scans.
        Index(None, "article_id", "start_offset", "id"),
    )

    id: str = Field(primary_key=True, max_length=SLUG_MAX)
    # A statement is a span of its article: it cannot outlive it.
    article_id: str = Field(foreign_key="articles.id", ondelete="CASCADE", max_length=SLUG_MAX)
    # Removing a speaker who is still quoted would silently lose attribution: refuse.
    speaker_id: str | None = Field(
        default=None,
        foreign_key="speakers.id",
        ondelete="RESTRICT",
        index=True,
        max_length=SLUG_MAX,
    )
    # A nested quote lies inside its parent's span, so it goes with it.
    parent_id: str | None = Field(
        default=None,
        foreign_key="statements.id",
        ondelete="CASCADE",
        index=True,
        max_length=SLUG_MAX,
    )
    kind: str = Field(max_length=20, index=True)
    role_as_stated: str | None = Field(default=None, max_length=300)
    attribution: str | None = Field(default=None, sa_type=Text)
    paragraph: int
    # W3C TextPositionSelector over Unicode code points, end exclusive.
    start_offset: int
    end_offset: int
    text: str = Field(sa_type=Text)
    # W3C TextQuoteSelector context, derived from the article text at load time.
    prefix: str = Field(sa_type=Text)
    suffix: str = Field(sa_type=Text)
    said_on: str | None = Field(default=None, max_length=10, index=True)
    said_on_note: str | None = Field(default=None, sa_type=Text)
    notes: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))

    article: "Article" = Relationship()
    speaker: Optional["Speaker"] = Relationship()
    parent: Optional["Statement"] = Relationship(
        sa_relationship_kwargs={"remote_side": "Statement.id"}
    )
    citations: list["Citation"] = Relationship(
        back_populates="statement",
        sa_relationship_kwargs={"order_by": "Citation.position"},
    )
