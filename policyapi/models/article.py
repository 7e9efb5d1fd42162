"""A news article whose exact text anchors statements."""

from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, Text
from sqlmodel import Field

from policyapi.models.base import SLUG_MAX, TimestampMixin


class Article(TimestampMixin, table=True):
    __tablename__ = "articles"
    __table_args__ = (CheckConstraint("length(text_sha256) = 64", name="sha256_length"),)

    id: str = Field(primary_key=True, max_length=SLUG_MAX)
    title: str = Field(sa_type=Text)
    publisher: str = Field(max_length=300, index=True)
    url: str = Field(sa_type=Text)
    url_note: str | None = Field(default=None, sa_type=Text)
    # Partial ISO date: "2020", "2020-02" or "2020-02-16"; sorts and compares as text.
    published_on: str | None = Field(default=None, max_length=10, index=True)
    published_on_note: str | None = Field(default=None, sa_type=Text)
    byline: str | None = Field(default=None, sa_type=Text)
    credit: str | None = Field(default=None, sa_type=Text)
    language: str = Field(max_length=20)
    # Stored exactly as published: never normalised, since statement offsets index into it.
    text: str = Field(sa_type=Text)
    text_sha256: str = Field(max_length=64)
    notes: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
