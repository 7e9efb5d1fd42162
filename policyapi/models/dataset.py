"""What was loaded: the dataset's release, content hash and licence."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Text
from sqlmodel import Field

from policyapi.models.base import SLUG_MAX, TimestampMixin


class Dataset(TimestampMixin, table=True):
    __tablename__ = "datasets"

    id: str = Field(primary_key=True, max_length=SLUG_MAX)
    title: str = Field(sa_type=Text)
    # Semantic version kept in seeds/dataset.yaml.
    version: str = Field(max_length=40)
    # sha256 over every loaded record: changes whenever content changes.
    content_hash: str = Field(max_length=64)
    publisher: str | None = Field(default=None, sa_type=Text)
    description: str | None = Field(default=None, sa_type=Text)
    licence: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    relations: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    # The release's date, from its CHANGELOG.md entry (null for a synthetic dataset).
    released_on: date | None = Field(default=None)
    loaded_at: datetime = Field(sa_type=DateTime(timezone=True))
